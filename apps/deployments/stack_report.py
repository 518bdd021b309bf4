"""What a deployed stack holds, compared with what its template asked for.

Two gaps of the local sandbox (moto) are filled here, as pure functions over data the pipeline fetched:

- moto silently skips resource types it does not model (ApiGatewayV2, SNS subscriptions, Scheduler
  schedules, Lambda URLs, CloudWatch alarms, queue and topic policies …) yet reports CREATE_COMPLETE:
  `skipped_resources` compares the template with `list_stack_resources`;
- moto drops a stack's Outputs when it is created through a change set: `resolve_outputs` evaluates the
  template's Outputs against the stack's real physical ids, with AWS's documented ARN formats. An output
  that depends on a skipped resource (or on an attribute that cannot be derived) is reported as such.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

_SUB_VARIABLE = re.compile(r"\$\{([^}!][^}]*)\}")

# The local sandbox's gaps: resource types moto 5.2 does not model in CloudFormation, in words. It skips them and
# still says CREATE_COMPLETE — unless another resource reads one of their attributes (Fn::GetAtt, ${X.Attr}):
# then the whole stack fails late with "Fn::GetAtt references undefined resource X". tests/deployments check
# this table against moto's own model map.
SANDBOX_GAPS: dict[str, str] = {
    "AWS::ApiGatewayV2::Api": "HTTP APIs (API Gateway v2)",
    "AWS::ApiGatewayV2::Stage": "HTTP API stages",
    "AWS::ApiGatewayV2::Route": "HTTP API routes",
    "AWS::ApiGatewayV2::Integration": "HTTP API integrations",
    "AWS::ApiGatewayV2::Authorizer": "HTTP API authorizers",
    "AWS::SNS::Subscription": "SNS subscriptions",
    "AWS::SNS::TopicPolicy": "SNS topic policies",
    "AWS::SQS::QueuePolicy": "SQS queue policies",
    "AWS::Scheduler::Schedule": "EventBridge Scheduler schedules",
    "AWS::Lambda::Url": "Lambda function URLs",
    "AWS::CloudWatch::Alarm": "CloudWatch alarms",
    "AWS::Cognito::UserPool": "Cognito user pools (sign-in, JWT authorizers)",
    "AWS::Cognito::UserPoolClient": "Cognito user pool clients",
    "AWS::Cognito::UserPoolDomain": "Cognito user pool domains",
    "AWS::ApiGateway::Authorizer": "REST API authorizers",
    "AWS::ApiGateway::Account": "API Gateway account settings (the CloudWatch role REST API logs need)",
    "AWS::CDK::Metadata": "CDK metadata",
}


# Properties the sandbox accepts but does not act on: the resource is created, the behaviour is not there.
SANDBOX_INERT_PROPERTIES: dict[tuple[str, str], str] = {
    ("AWS::Lambda::Function", "DurableConfig"): "Lambda durable functions (DurableConfig): the function is created "
    "but no durable execution runs, no checkpoint is kept and no callback can be sent (the sandbox invokes no "
    "functions)",
    ("AWS::Lambda::Function", "SnapStart"): "Lambda SnapStart: published versions are created without snapshots",
}


def sandbox_inert(template: Mapping[str, Any]) -> list[str]:
    """What the sandbox creates without the behaviour the template asks for, in words, for a note."""
    found = {text for resource in template.get("Resources", {}).values()
             for (kind, prop), text in SANDBOX_INERT_PROPERTIES.items()
             if resource.get("Type") == kind and prop in (resource.get("Properties") or {})}
    return sorted(found)


def sandbox_blockers(template: Mapping[str, Any]) -> list[str]:
    """What the sandbox cannot run at all, in words: a resource that reads an attribute of a resource the sandbox
    skips (the stack would fail with "Fn::GetAtt references undefined resource"). Empty when it can run."""
    resources = template.get("Resources", {})
    skipped = {logical_id: str(r.get("Type", "")) for logical_id, r in resources.items()
               if str(r.get("Type", "")) in SANDBOX_GAPS}
    problems = []
    for logical_id, resource in sorted(resources.items()):
        if logical_id in skipped:
            continue
        for target in sorted(_attributes_read(resource) & set(skipped)):
            kind = skipped[target]
            problems.append(f"{logical_id} ({resource.get('Type', '')}) reads an attribute of {target} ({kind}): the "
                            f"sandbox does not model {SANDBOX_GAPS[kind]}")
    return problems


def sandbox_skips(template: Mapping[str, Any]) -> list[str]:
    """The kinds of resources the sandbox will skip (the stack still completes), in words, for a note."""
    kinds = sorted({str(r.get("Type", "")) for r in template.get("Resources", {}).values()} & set(SANDBOX_GAPS))
    return [f"{SANDBOX_GAPS[kind]} ({kind})" for kind in kinds]


def _attributes_read(node: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(node, list):
        for item in node:
            found |= _attributes_read(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "Fn::GetAtt":
                target = value[0] if isinstance(value, list) and value else str(value).split(".", 1)[0]
                found.add(str(target))
            elif key == "Fn::Sub":
                text = value[0] if isinstance(value, list) and value else value
                found |= {name.split(".", 1)[0] for name in _SUB_VARIABLE.findall(str(text)) if "." in name
                          and not name.startswith("AWS::")}
            found |= _attributes_read(value)
    return found


@dataclass(frozen=True)
class StackContext:
    stack_name: str
    stack_id: str
    region: str
    account: str
    parameters: Mapping[str, str]
    physical_ids: Mapping[str, str]  # logical id -> physical id, for the resources the stack really has
    types: Mapping[str, str]  # logical id -> resource type, from the template


class Unresolved(Exception):
    """An output's value cannot be known from what the stack reports."""


def skipped_resources(template: Mapping[str, Any], listed: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Template resources the stack does not list (with a logical id): the sandbox skipped them."""
    present = {row.get("LogicalResourceId") for row in listed if row.get("LogicalResourceId")}
    return [{"logical_id": logical_id, "type": str(resource.get("Type", ""))}
            for logical_id, resource in sorted(template.get("Resources", {}).items())
            if logical_id not in present]


def resource_rows(template: Mapping[str, Any], listed: list[dict[str, Any]]) -> list[dict[str, str]]:
    """One row per template resource: its type, status and physical id ("" when not created)."""
    by_id = {row.get("LogicalResourceId"): row for row in listed if row.get("LogicalResourceId")}
    rows = []
    for logical_id, resource in sorted(template.get("Resources", {}).items()):
        row = by_id.get(logical_id, {})
        rows.append({
            "logical_id": logical_id,
            "type": str(resource.get("Type", "")),
            "status": str(row.get("ResourceStatus", "")) if row else "NOT_CREATED",
            "physical_id": str(row.get("PhysicalResourceId") or ""),
        })
    return rows


def resolve_outputs(template: Mapping[str, Any], context: StackContext) -> list[dict[str, str]]:
    """[{key, value, description, note}] for each template output; `note` says why a value is missing."""
    results = []
    for key, output in sorted(template.get("Outputs", {}).items()):
        description = str(output.get("Description", ""))
        try:
            value = str(_evaluate(output.get("Value"), context))
            note = ""
        except Unresolved as reason:
            value, note = "", str(reason)
        results.append({"key": key, "value": value, "description": description, "note": note})
    return results


def _evaluate(node: Any, context: StackContext) -> Any:
    if isinstance(node, str | int | float | bool):
        return node
    if isinstance(node, list):
        return [_evaluate(item, context) for item in node]
    if not isinstance(node, dict) or len(node) != 1:
        raise Unresolved("the value is not a plain intrinsic function")
    (function, argument), = node.items()
    if function == "Ref":
        return _ref(str(argument), context)
    if function == "Fn::GetAtt":
        logical_id, attribute = argument if isinstance(argument, list) else str(argument).split(".", 1)
        return _get_att(str(logical_id), str(attribute), context)
    if function == "Fn::Sub":
        text, variables = (argument, {}) if isinstance(argument, str) else (argument[0], argument[1])
        values = {name: _evaluate(value, context) for name, value in variables.items()}

        def substitute(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in values:
                return str(values[name])
            if "." in name and not name.startswith("AWS::"):
                logical_id, attribute = name.split(".", 1)
                return str(_get_att(logical_id, attribute, context))
            return str(_ref(name, context))

        return _SUB_VARIABLE.sub(substitute, str(text))
    if function == "Fn::Join":
        delimiter, items = argument
        return str(delimiter).join(str(item) for item in _evaluate(items, context))
    if function == "Fn::Select":
        index, items = argument
        return _evaluate(items, context)[int(_evaluate(index, context))]
    raise Unresolved(f"{function} is not evaluated here")


def _ref(name: str, context: StackContext) -> str:
    pseudo = {
        "AWS::Region": context.region, "AWS::AccountId": context.account, "AWS::StackName": context.stack_name,
        "AWS::StackId": context.stack_id, "AWS::Partition": "aws", "AWS::URLSuffix": "amazonaws.com",
        "AWS::NoValue": "",
    }
    if name in pseudo:
        return pseudo[name]
    if name in context.parameters:
        return context.parameters[name]
    return _physical_id(name, context)


def _physical_id(logical_id: str, context: StackContext) -> str:
    physical = context.physical_ids.get(logical_id)
    if not physical:
        kind = context.types.get(logical_id, "resource")
        raise Unresolved(f"depends on {logical_id} ({kind}), which the target did not create")
    return physical


def _get_att(logical_id: str, attribute: str, context: StackContext) -> str:
    physical = _physical_id(logical_id, context)
    kind = context.types.get(logical_id, "")
    region, account = context.region, context.account
    last = physical.rstrip("/").split("/")[-1].split(":")[-1]
    derived: dict[tuple[str, str], str] = {
        ("AWS::SQS::Queue", "Arn"): f"arn:aws:sqs:{region}:{account}:{last}",
        ("AWS::SQS::Queue", "QueueName"): last,
        ("AWS::SQS::Queue", "QueueUrl"): physical,
        ("AWS::SNS::Topic", "TopicArn"): physical,
        ("AWS::SNS::Topic", "TopicName"): last,
        ("AWS::DynamoDB::Table", "Arn"): f"arn:aws:dynamodb:{region}:{account}:table/{physical}",
        ("AWS::Lambda::Function", "Arn"): f"arn:aws:lambda:{region}:{account}:function:{physical}",
        ("AWS::S3::Bucket", "Arn"): f"arn:aws:s3:::{physical}",
        ("AWS::S3::Bucket", "DomainName"): f"{physical}.s3.amazonaws.com",
        ("AWS::StepFunctions::StateMachine", "Arn"): physical,
        ("AWS::StepFunctions::StateMachine", "Name"): last,
        ("AWS::Events::EventBus", "Name"): last,
        ("AWS::Events::EventBus", "Arn"): f"arn:aws:events:{region}:{account}:event-bus/{last}",
        ("AWS::Kinesis::Stream", "Arn"): f"arn:aws:kinesis:{region}:{account}:stream/{physical}",
        ("AWS::IAM::Role", "Arn"): f"arn:aws:iam::{account}:role/{physical}",
        ("AWS::Logs::LogGroup", "Arn"): f"arn:aws:logs:{region}:{account}:log-group:{physical}:*",
        ("AWS::Cognito::UserPool", "Arn"): f"arn:aws:cognito-idp:{region}:{account}:userpool/{physical}",
    }
    if (kind, attribute) in derived:
        return derived[(kind, attribute)]
    if attribute == "Arn" and physical.startswith("arn:"):
        return physical
    raise Unresolved(f"{logical_id}.{attribute} is not reported by the target")


def report_fields(template: Mapping[str, Any], stack: Mapping[str, Any], listed: list[dict[str, Any]], *,
                  region: str, fallback_account: str) -> dict[str, Any]:
    """A finished stack as Deployment fields: outputs (worked out when the target dropped them), resources and
    what the target skipped."""
    outputs = [{"key": o["OutputKey"], "value": o.get("OutputValue", ""), "description": o.get("Description", ""),
                "note": ""} for o in stack.get("Outputs") or []]
    computed = False
    if not outputs and template.get("Outputs"):
        parts = str(stack.get("StackId", "")).split(":")
        context = StackContext(
            stack_name=str(stack.get("StackName", "")), stack_id=str(stack.get("StackId", "")), region=region,
            account=parts[4] if len(parts) > 5 and parts[4] else fallback_account,
            parameters={p["ParameterKey"]: p.get("ParameterValue", "") for p in stack.get("Parameters") or []},
            physical_ids={r["LogicalResourceId"]: r.get("PhysicalResourceId") or "" for r in listed
                          if r.get("LogicalResourceId")},
            types={k: str(v.get("Type", "")) for k, v in template.get("Resources", {}).items()},
        )
        outputs, computed = resolve_outputs(template, context), True
    return {"outputs": outputs, "outputs_computed": computed, "skipped": skipped_resources(template, listed),
            "resources": resource_rows(template, listed), "stack_status": str(stack.get("StackStatus", ""))}
