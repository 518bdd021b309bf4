"""Relationships a reader would draw between the resources of a template, found in the places teams put them:
SAM Events, event source mappings, S3 notifications, SNS subscriptions, EventBridge rule targets, connectors,
SAM policy templates, IAM statements naming another resource, and Ref/GetAtt/Sub in environment variables.

Each relationship is (kind, source logical id, target logical id, settings, where). Mapping turns those whose
ends are typed components into connections; the rest are reported as kept verbatim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_SUB_REF = re.compile(r"\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}")


@dataclass
class Relation:
    kind: str
    source: str
    target: str
    where: str
    settings: dict[str, Any] = field(default_factory=dict)


def referenced_ids(value: Any, known: set[str] | frozenset[str]) -> list[str]:
    """Logical ids a value names through Ref, GetAtt or Sub (in order, without repeats)."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "Ref" in node and isinstance(node["Ref"], str):
                found.append(node["Ref"])
            elif "Fn::GetAtt" in node:
                target = node["Fn::GetAtt"]
                name = target[0] if isinstance(target, list) and target else str(target).split(".")[0]
                found.append(str(name))
            elif "Fn::Sub" in node:
                sub = node["Fn::Sub"]
                text = sub[0] if isinstance(sub, list) and sub else sub
                if isinstance(text, str):
                    found.extend(_SUB_REF.findall(text))
                if isinstance(sub, list) and len(sub) > 1:
                    walk(sub[1])
            else:
                for item in node.values():
                    walk(item)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(value)
    return [r for r in dict.fromkeys(found) if r in known]


def _first(value: Any, known: set[str]) -> str | None:
    ids = referenced_ids(value, known)
    return ids[0] if ids else None


_EVENT_SOURCES = {"SQS": "Queue", "Kinesis": "Stream", "DynamoDB": "Stream", "SNS": "Topic", "S3": "Bucket",
                  "MSK": "Stream", "MQ": "Broker"}
_ESM_SETTINGS = {"BatchSize": "batch_size", "MaximumBatchingWindowInSeconds": "batching_window_s",
                 "StartingPosition": "starting_position", "BisectBatchOnFunctionError": "bisect_on_error",
                 "MaximumRetryAttempts": "max_retry_attempts", "ParallelizationFactor": "parallelization_factor"}

POLICY_TEMPLATES: dict[str, str] = {
    "DynamoDBReadPolicy": "reads", "DynamoDBCrudPolicy": "writes", "DynamoDBWritePolicy": "writes",
    "S3ReadPolicy": "reads", "S3CrudPolicy": "writes", "S3WritePolicy": "writes", "S3FullAccessPolicy": "writes",
    "SQSSendMessagePolicy": "publishes", "SQSPollerPolicy": "reads", "SNSPublishMessagePolicy": "publishes",
    "LambdaInvokePolicy": "invokes", "StepFunctionsExecutionPolicy": "starts",
    "EventBridgePutEventsPolicy": "publishes", "KinesisCrudPolicy": "publishes", "KinesisStreamReadPolicy": "reads",
    "DynamoDBStreamReadPolicy": "reads",
}
_ACTION_KINDS = (
    ("lambda:invoke", "invokes"), ("states:startexecution", "starts"), ("states:startsync", "starts"),
    ("sns:publish", "publishes"), ("events:putevents", "publishes"), ("sqs:sendmessage", "publishes"),
    ("kinesis:put", "publishes"), ("dynamodb:put", "writes"), ("dynamodb:update", "writes"),
    ("dynamodb:delete", "writes"), ("dynamodb:batchwrite", "writes"), ("s3:put", "writes"),
    ("s3:delete", "writes"), ("dynamodb:", "reads"), ("s3:", "reads"), ("sqs:", "reads"), ("kinesis:", "reads"),
    ("secretsmanager:", "reads"), ("ssm:", "reads"), ("kms:", "reads"),
)


def action_kind(actions: Any) -> str:
    listed = actions if isinstance(actions, list) else [actions]
    kinds = []
    for action in listed:
        text = str(action).lower()
        if text in ("*", "dynamodb:*", "s3:*"):
            kinds.append("writes")
            continue
        kinds.append(next((kind for prefix, kind in _ACTION_KINDS if text.startswith(prefix)), "reads"))
    for preferred in ("invokes", "starts", "publishes", "writes"):
        if preferred in kinds:
            return preferred
    return "reads"


def _statements(policies: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for policy in policies if isinstance(policies, list) else [policies]:
        if not isinstance(policy, dict):
            continue
        document = policy.get("PolicyDocument", policy)
        statements = document.get("Statement") if isinstance(document, dict) else None
        if isinstance(statements, dict):
            statements = [statements]
        found.extend(s for s in statements or [] if isinstance(s, dict) and s.get("Effect", "Allow") == "Allow")
    return found


def _resource_path(resources: dict[str, Any], resource_id: Any, known: set[str]) -> str:
    """The path of an AWS::ApiGateway::Resource chain (`/orders/{id}`); `/` for the API's root resource."""
    parts: list[str] = []
    current = _first(resource_id, known)
    while current is not None and len(parts) < 32:
        node = resources.get(current) or {}
        if node.get("Type") != "AWS::ApiGateway::Resource":
            break
        props = node.get("Properties") or {}
        parts.append(str(props.get("PathPart", "")))
        current = _first(props.get("ParentId"), known)
        if current is not None and resources.get(current, {}).get("Type") != "AWS::ApiGateway::Resource":
            break
    return "/" + "/".join(reversed(parts))


def find_relations(resources: dict[str, Any]) -> list[Relation]:
    known = set(resources)
    relations: list[Relation] = []
    role_owner: dict[str, str] = {}
    for lid, resource in resources.items():
        props = resource.get("Properties") or {}
        if resource["Type"] in ("AWS::Serverless::Function", "AWS::Lambda::Function"):
            role = _first(props.get("Role"), known)
            if role:
                role_owner[role] = lid
    target: str | None
    for lid, resource in resources.items():
        rtype, props = resource["Type"], resource.get("Properties") or {}
        if not isinstance(props, dict):
            continue
        if rtype == "AWS::Serverless::Function":
            for event_name, event in (props.get("Events") or {}).items():
                if not isinstance(event, dict):
                    continue
                etype, eprops = event.get("Type"), event.get("Properties") or {}
                where = f"Resources.{lid}.Events.{event_name}"
                if etype in _EVENT_SOURCES:
                    source = _first(eprops.get(_EVENT_SOURCES[etype]), known)
                    if source:
                        settings = {v: eprops[k] for k, v in _ESM_SETTINGS.items()
                                    if isinstance(eprops.get(k), (int, str, bool))}
                        relations.append(Relation("triggers", source, lid, where, settings))
                elif etype in ("Api", "HttpApi"):
                    api = _first(eprops.get("RestApiId") or eprops.get("ApiId"), known)
                    if api:
                        relations.append(Relation("routes", api, lid, where, {
                            "method": str(eprops.get("Method", "ANY")).upper(), "path": eprops.get("Path", "/")}))
                elif etype in ("EventBridgeRule", "CloudWatchEvent"):
                    bus = _first(eprops.get("EventBusName"), known)
                    if bus:
                        relations.append(Relation("triggers", bus, lid, where))
            for i, policy in enumerate(props.get("Policies") or [] if isinstance(props.get("Policies"), list)
                                       else [props.get("Policies")]):
                if isinstance(policy, dict):
                    for template, kind in POLICY_TEMPLATES.items():
                        if template in policy:
                            for target in referenced_ids(policy[template], known):
                                relations.append(Relation(kind, lid, target, f"Resources.{lid}.Policies[{i}]"))
            for statement in _statements(props.get("Policies")):
                for target in referenced_ids(statement.get("Resource"), known):
                    relations.append(Relation(action_kind(statement.get("Action")), lid, target,
                                              f"Resources.{lid}.Policies"))
        if rtype in ("AWS::Serverless::Function", "AWS::Lambda::Function"):
            variables = (props.get("Environment") or {}).get("Variables") or {}
            if isinstance(variables, dict):
                for key, value in variables.items():
                    for target in referenced_ids(value, known):
                        relations.append(Relation("env", lid, target,
                                                  f"Resources.{lid}.Environment.Variables.{key}"))
        elif rtype == "AWS::Lambda::EventSourceMapping":
            source, function = _first(props.get("EventSourceArn"), known), _first(props.get("FunctionName"), known)
            if source and function:
                settings = {v: props[k] for k, v in _ESM_SETTINGS.items() if isinstance(props.get(k), (int, str))}
                relations.append(Relation("triggers", source, function, f"Resources.{lid}", settings))
        elif rtype == "AWS::S3::Bucket":
            notification = props.get("NotificationConfiguration") or {}
            for key, attr in (("LambdaConfigurations", "Function"), ("QueueConfigurations", "Queue"),
                              ("TopicConfigurations", "Topic")):
                for config in notification.get(key) or []:
                    target = _first(config.get(attr), known) if isinstance(config, dict) else None
                    if target:
                        relations.append(Relation("triggers", lid, target,
                                                  f"Resources.{lid}.NotificationConfiguration.{key}"))
        elif rtype == "AWS::SNS::Topic":
            for sub in props.get("Subscription") or []:
                target = _first(sub.get("Endpoint"), known) if isinstance(sub, dict) else None
                if target:
                    relations.append(Relation("triggers", lid, target, f"Resources.{lid}.Subscription"))
        elif rtype == "AWS::SNS::Subscription":
            topic, target = _first(props.get("TopicArn"), known), _first(props.get("Endpoint"), known)
            if topic and target:
                settings = {"filter_policy": props["FilterPolicy"]} if isinstance(props.get("FilterPolicy"),
                                                                                  dict) else {}
                relations.append(Relation("triggers", topic, target, f"Resources.{lid}", settings))
        elif rtype == "AWS::Events::Rule":
            bus = _first(props.get("EventBusName"), known)
            for target in props.get("Targets") or []:
                end = _first(target.get("Arn"), known) if isinstance(target, dict) else None
                if bus and end:
                    pattern = props.get("EventPattern")
                    relations.append(Relation("triggers", bus, end, f"Resources.{lid}.Targets",
                                              {"event_pattern": pattern} if isinstance(pattern, dict) else {}))
        elif rtype == "AWS::Serverless::Connector":
            source = _first((props.get("Source") or {}).get("Id") and {"Ref": props["Source"]["Id"]}, known)
            target = _first((props.get("Destination") or {}).get("Id") and {"Ref": props["Destination"]["Id"]},
                            known)
            permissions = props.get("Permissions") or []
            if source and target:
                kind = "writes" if "Write" in permissions else "reads"
                relations.append(Relation(kind, source, target, f"Resources.{lid}"))
        elif rtype == "AWS::ApiGateway::Method":
            api = _first(props.get("RestApiId"), known)
            for function in referenced_ids((props.get("Integration") or {}).get("Uri"), known):
                if api is None or resources.get(function, {}).get("Type") not in (
                        "AWS::Lambda::Function", "AWS::Serverless::Function"):
                    continue
                relations.append(Relation("routes", api, function, f"Resources.{lid}.Integration.Uri", {
                    "method": str(props.get("HttpMethod", "ANY")).upper(),
                    "path": _resource_path(resources, props.get("ResourceId"), known)}))
        elif rtype == "AWS::Pipes::Pipe":
            source, target = _first(props.get("Source"), known), _first(props.get("Target"), known)
            enrichment = _first(props.get("Enrichment"), known)
            if source:
                relations.append(Relation("pipes", source, lid, f"Resources.{lid}.Source"))
            if target:
                relations.append(Relation("pipes", lid, target, f"Resources.{lid}.Target"))
            if enrichment:
                relations.append(Relation("invokes", lid, enrichment, f"Resources.{lid}.Enrichment"))
        elif rtype in ("AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
            owners = [role_owner[lid]] if lid in role_owner else [
                role_owner[r] for r in referenced_ids(props.get("Roles"), known) if r in role_owner]
            for owner in owners:
                for statement in _statements(props.get("Policies") or (props.get("PolicyDocument") and [props])):
                    for target in referenced_ids(statement.get("Resource"), known):
                        relations.append(Relation(action_kind(statement.get("Action")), owner, target,
                                                  f"Resources.{lid}"))
    return relations
