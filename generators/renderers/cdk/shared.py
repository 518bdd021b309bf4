"""Helpers both CDK stacks use: per-environment context, event patterns, outputs, construct ids."""

from __future__ import annotations

import json
from typing import Any

from generators.catalog import COMPONENTS
from generators.model import Design
from generators.model.names import pascal
from generators.renderers.cdk.plan import CdkPlan, Ref, var_base
from generators.renderers.plan import organisation

# construct ids of the organisation's customer managed keys, per kind they encrypt (plan: organisation.kms_keys)
KMS_KEY_IDS = {"queue": "OrgQueuesKey", "topic": "OrgTopicsKey", "table": "OrgTablesKey", "log": "OrgLogsKey"}

# EventBridge pattern keys -> the CDK EventPattern property names
PATTERN_KEYS = {"detail-type": "detailType"}


def cdk_context(design: Design) -> dict[str, Any]:
    """cdk.json `context`: the settings that differ per environment (seed catalog C12/C13)."""
    return {
        "environments": {
            env.name: {"logRetentionDays": env.log_retention_days, "logLevel": env.log_level}
            for env in organisation.environments(design)  # retention raised to the organisation's minimum
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
    """The stack outputs, named like the SAM template's (both read the catalog's output rows)."""
    out: list[tuple[str, Ref, str]] = [("AlarmTopicArn", Ref("AlarmTopic", "topicArn"),
                                        "Subscribe on-call to this topic to receive alarms")]
    for c in plan.design.components:
        ident = pascal(c.name)
        for output in COMPONENTS[c.kind].outputs:
            out.append((f"{ident}{output.suffix}", Ref(var_base(c.name, c.kind) + output.cdk_construct, output.cdk),
                        output.description.format(name=c.name)))
    return out
