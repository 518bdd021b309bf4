"""Logical ids and physical-name expressions for the SAM template."""

from __future__ import annotations

import hashlib

from generators.model import Component, Design
from generators.model.names import pascal
from generators.renderers.cfn_yaml import GetAtt, Intrinsic, Ref, Sub


def lid(name: str, suffix: str = "") -> str:
    """Logical id of a component (or of one of its supporting resources, with a suffix)."""
    return pascal(name) + suffix


def bucket_name(design: Design, bucket: str) -> Intrinsic:
    """Buckets get a deterministic name so that policies can name them without a circular Ref.

    S3 names are global, ≤ 63 characters and lowercase: project and bucket (shortened with a stable hash when
    long), the environment, the account and the region.
    """
    base = f"{design.project.name}-{bucket}"
    if len(base) > 22:
        digest = hashlib.sha256(base.encode()).hexdigest()[:6]
        base = f"{base[:15].rstrip('-')}-{digest}"
    return Sub(f"{base}-${{Environment}}-${{AWS::AccountId}}-${{AWS::Region}}")


def state_machine_name(design: Design, machine: str) -> Intrinsic:
    """An explicit name (≤ 80 characters) so a callback function's policy can name the ARN without a Ref cycle."""
    base = f"{design.project.name}-{machine}"
    if len(base) > 60:
        digest = hashlib.sha256(base.encode()).hexdigest()[:6]
        base = f"{base[:53].rstrip('-')}-{digest}"
    return Sub(f"{base}-${{Environment}}")


def state_machine_arn(design: Design, machine: str) -> Intrinsic:
    name = state_machine_name(design, machine).value
    return Sub(f"arn:${{AWS::Partition}}:states:${{AWS::Region}}:${{AWS::AccountId}}:stateMachine:{name}")


def attribute(design: Design, component: Component, attr: str) -> Intrinsic:
    """A component's name / arn / url as an intrinsic."""
    ident = lid(component.name)
    kind = component.kind
    if kind == "bucket":
        if attr == "arn":
            return Sub(f"arn:${{AWS::Partition}}:s3:::{bucket_name(design, component.name).value}")
        return bucket_name(design, component.name)
    if kind == "table":
        return Ref(ident) if attr == "name" else GetAtt(ident, "Arn")
    if kind == "queue":
        return Ref(ident) if attr == "url" else GetAtt(ident, "Arn" if attr == "arn" else "QueueName")
    if kind == "topic":
        return Ref(ident) if attr == "arn" else GetAtt(ident, "TopicName")
    if kind == "event_bus":
        return GetAtt(ident, "Name" if attr == "name" else "Arn")
    if kind == "stream":
        return Ref(ident) if attr == "name" else GetAtt(ident, "Arn")
    if kind == "state_machine":
        return Ref(ident) if attr == "arn" else GetAtt(ident, "Name")
    if kind == "function":
        return Ref(ident) if attr == "name" else GetAtt(ident, "Arn")
    raise ValueError(f"no {attr} for a {kind}")
