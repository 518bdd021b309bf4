"""Helpers both CDK stacks use: per-environment context, event patterns, outputs, construct ids."""

from __future__ import annotations

import json
from typing import Any

from generators.model import Design
from generators.model.names import pascal
from generators.renderers.cdk.plan import CdkPlan, Ref, var_base

# EventBridge pattern keys -> the CDK EventPattern property names
PATTERN_KEYS = {"detail-type": "detailType"}


def cdk_context(design: Design) -> dict[str, Any]:
    """cdk.json `context`: the settings that differ per environment (seed catalog C12/C13)."""
    return {
        "environments": {
            env.name: {"logRetentionDays": env.log_retention_days, "logLevel": env.log_level}
            for env in design.project.environments
        },
    }


def default_environments(design: Design) -> str:
    """The first environment's context as a JSON object literal (valid Python and TypeScript): what the app builds
    when it runs without cdk.json's context (`python app.py`, a test importing the app)."""
    return json.dumps(dict(list(cdk_context(design)["environments"].items())[:1]))


def event_pattern(pattern: dict[str, Any]) -> dict[str, Any]:
    return {PATTERN_KEYS.get(key, key): value for key, value in sorted(pattern.items())}


def route_id(method: str, path: str) -> str:
    """`GET`, `/items/{id}` -> `GetItemsId`: a stable construct id per route."""
    parts = [p.strip("{}+") for p in path.split("/") if p]
    return method.title() + "".join(pascal(p.replace("_", "-").lower()) for p in parts) or method.title() + "Root"


def outputs(plan: CdkPlan) -> list[tuple[str, Ref, str]]:
    """The stack outputs, named like the SAM template's."""
    out: list[tuple[str, Ref, str]] = [("AlarmTopicArn", Ref("AlarmTopic", "topicArn"),
                                        "Subscribe on-call to this topic to receive alarms")]
    for c in plan.design.components:
        base = var_base(c.name, c.kind) if c.kind in ("queue", "topic", "table", "bucket", "event_bus", "stream",
                                                      "state_machine", "user_pool", "http_api", "rest_api",
                                                      "function_url") else ""
        ident = pascal(c.name)
        if c.kind == "queue":
            out.append((f"{ident}Url", Ref(base, "queueUrl"), f"URL of queue {c.name}"))
        elif c.kind == "topic":
            out.append((f"{ident}Arn", Ref(base, "topicArn"), f"ARN of topic {c.name}"))
        elif c.kind == "table":
            out.append((f"{ident}Name", Ref(base, "tableName"), f"Name of table {c.name}"))
        elif c.kind == "bucket":
            out.append((f"{ident}Name", Ref(base, "bucketName"), f"Name of bucket {c.name}"))
        elif c.kind == "event_bus":
            out.append((f"{ident}Name", Ref(base, "eventBusName"), f"Name of event bus {c.name}"))
        elif c.kind == "stream":
            out.append((f"{ident}Name", Ref(base, "streamName"), f"Name of stream {c.name}"))
        elif c.kind == "state_machine":
            out.append((f"{ident}Arn", Ref(base, "stateMachineArn"), f"ARN of state machine {c.name}"))
        elif c.kind == "user_pool":
            out.append((f"{ident}Id", Ref(base, "userPoolId"), f"Id of user pool {c.name}"))
            out.append((f"{ident}ClientId", Ref(base + "Client", "userPoolClientId"),
                        f"App client id of user pool {c.name}"))
        elif c.kind == "http_api":
            out.append((f"{ident}Endpoint", Ref(base, "apiEndpoint"), f"Base URL of {c.name}"))
        elif c.kind == "rest_api":
            out.append((f"{ident}Endpoint", Ref(base, "url"), f"Base URL of {c.name}"))
        elif c.kind == "function_url":
            out.append((f"{ident}Endpoint", Ref(base, "url"), f"Function URL {c.name}"))
    return out
