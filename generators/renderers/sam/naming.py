"""Logical ids and physical-name expressions for the SAM template."""

from __future__ import annotations

import hashlib

from generators.catalog import COMPONENTS
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


def spec_value(design: Design, name: str, spec: str) -> Intrinsic:
    """A catalog SAM spec (`Ref`, `Ref:<suffix>`, a GetAtt attribute, `@bucket_name`, `@bucket_arn`) as an
    intrinsic of the component `name`."""
    ident = lid(name)
    if spec == "@bucket_name":
        return bucket_name(design, name)
    if spec == "@bucket_arn":
        return Sub(f"arn:${{AWS::Partition}}:s3:::{bucket_name(design, name).value}")
    if spec == "Ref":
        return Ref(ident)
    if spec.startswith("Ref:"):
        return Ref(ident + spec.removeprefix("Ref:"))
    return GetAtt(ident, spec)


def attribute(design: Design, component: Component, attr: str) -> Intrinsic:
    """A component's name / arn / url as an intrinsic (the catalog row says which)."""
    row = COMPONENTS[component.kind]
    if attr not in row.attributes:
        raise ValueError(f"no {attr} for a {component.kind}")
    return spec_value(design, component.name, row.attributes[attr].sam)


def invoke_target(design: Design, function: str) -> Intrinsic:
    """What callers invoke: a durable function only through its published `live` alias (qualified ARN); SAM's
    `<Function>.Alias` reference is the alias ARN that AutoPublishAlias creates."""
    fn = design.component(function)
    if getattr(fn, "durable", None) is not None:
        return Ref(f"{lid(function)}.Alias")
    return GetAtt(lid(function), "Arn")

