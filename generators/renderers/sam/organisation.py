"""Prints the organisation defaults (generators.renderers.plan.organisation) into a SAM template's resources.

One pass over the finished resources, so that every role, queue, topic, table and log group gets them wherever in
the renderer it was created (dead-letter queues of event sources, roles of schedules and pipes ...).
"""

from __future__ import annotations

from typing import Any

from generators.model import Design
from generators.renderers.cfn_yaml import Intrinsic
from generators.renderers.plan import organisation

# CloudFormation type -> the plan's kind of key
KIND_OF_TYPE = {"AWS::SQS::Queue": "queue", "AWS::SNS::Topic": "topic", "AWS::DynamoDB::Table": "table",
                "AWS::Logs::LogGroup": "log"}
# generated resources that keep their encryption: CloudWatch alarms publish to this topic (as in the CDK stacks)
UNCHANGED = {"AlarmTopic"}


def apply(design: Design, resources: dict[str, Any]) -> None:
    keys = organisation.kms_keys(design)
    boundary = organisation.boundary(design)
    for logical_id, resource in resources.items():
        kind = KIND_OF_TYPE.get(resource["Type"])
        if kind in keys and logical_id not in UNCHANGED:
            _encrypt(resource["Properties"], kind, keys[kind])
    encrypted = {logical_id: keys[kind] for logical_id, resource in resources.items()
                 if (kind := KIND_OF_TYPE.get(resource["Type"])) in keys and kind != "log"
                 and logical_id not in UNCHANGED}
    for resource in resources.values():
        properties = resource["Properties"]
        if resource["Type"] == "AWS::IAM::Role":
            if boundary:
                properties["PermissionsBoundary"] = boundary
            for policy in properties.get("Policies", []):
                used = _keys_used(policy["PolicyDocument"]["Statement"], encrypted)
                if used:
                    policy["PolicyDocument"]["Statement"].append(_kms_statement(used))
        elif resource["Type"] == "AWS::Serverless::StateMachine":
            if boundary:  # SAM creates the state machine's role
                properties["PermissionsBoundary"] = boundary
            used = _keys_used(properties.get("Policies", []), encrypted)
            if used:
                properties["Policies"].append({"Statement": [_kms_statement(used)]})


def function_globals(design: Design) -> dict[str, Any]:
    """What every function gets in `Globals.Function`: the organisation's VPC."""
    vpc = organisation.vpc(design)
    if vpc is None:
        return {}
    return {"VpcConfig": {"SubnetIds": list(vpc.subnet_ids), "SecurityGroupIds": list(vpc.security_group_ids)}}


def eni_statement() -> dict[str, Any]:
    return {"Sid": "ManageNetworkInterfaces", "Effect": "Allow", "Action": sorted(organisation.ENI_ACTIONS),
            "Resource": "*"}


def _encrypt(properties: dict[str, Any], kind: str, key: str) -> None:
    if kind == "queue":
        properties.pop("SqsManagedSseEnabled", None)
        properties["KmsMasterKeyId"] = key
        properties["KmsDataKeyReusePeriodSeconds"] = 300
    elif kind == "topic":
        properties["KmsMasterKeyId"] = key
    elif kind == "table":
        properties["SSESpecification"] = {"SSEEnabled": True, "SSEType": "KMS", "KMSMasterKeyId": key}
    else:
        properties["KmsKeyId"] = key


def _kms_statement(keys: list[str]) -> dict[str, Any]:
    return {"Sid": "UseKmsKeys", "Effect": "Allow", "Action": list(organisation.KMS_ACTIONS),
            "Resource": keys if len(keys) > 1 else keys[0]}


def _keys_used(value: Any, encrypted: dict[str, str]) -> list[str]:
    """The keys of the encrypted resources a policy names (by Ref, GetAtt or ${Id.Arn} in a Sub)."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, Intrinsic):
            if node.tag in ("!Ref", "!GetAtt") and isinstance(node.value, str):
                ident = node.value.split(".")[0]
                if ident in encrypted:
                    found.add(encrypted[ident])
            elif node.tag == "!Sub":
                text = node.value if isinstance(node.value, str) else node.value[0]
                found.update(key for ident, key in encrypted.items() if f"${{{ident}." in text
                             or f"${{{ident}}}" in text)
            else:
                walk(node.value)
        elif isinstance(node, dict):
            for item in node.values():
                walk(item)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(value)
    return sorted(found)
