"""The matrix of project types and their main variants that every target's validity tests cover."""

from __future__ import annotations

from typing import Any

from generators.blueprints import BLUEPRINTS
from generators.model import Design, Project

VARIANTS: dict[str, list[dict[str, Any]]] = {
    "api": [
        {},
        {"front_door": "rest-api", "auth": "lambda-authorizer"},
        {"front_door": "rest-api", "auth": "jwt", "cors_allow_origins": ["https://app.example.com"]},
        {"front_door": "function-url", "auth": "iam"},
        {"handler_style": "function-per-route", "auth": "iam", "cors_allow_origins": ["https://app.example.com",
                                                                                     "http://localhost:3000"]},
        {"auth": "lambda-authorizer", "table": False},
    ],
    "event-processor": [
        {},
        {"source": "dynamodb-stream"},
        {"source": "kinesis", "idempotency": True},
        {"source": "s3", "suffix": ".csv"},
        {"idempotency": True, "batch_size": 100, "batching_window_s": 5, "max_concurrency": 10},
        {"report_batch_item_failures": False},
    ],
    "fan-out": [
        {},
        {"channel": "eventbridge", "archive_retention_days": 30},
        {"publisher": "api", "filter_scope": "message-body",
         "consumers": [{"name": "audit", "event_types": ["order.created"], "sqs_buffer": True},
                       {"name": "email", "event_types": ["order.shipped"]}]},
        {"channel": "eventbridge", "publisher": "api",
         "consumers": [{"name": "audit", "event_types": ["order.created"], "sqs_buffer": True}]},
    ],
    "workflow": [
        {},
        {"workflow_type": "express", "trigger": "schedule"},
        {"human_approval": True, "parallel_branches": ["enrich", "score"], "trigger": "eventbridge"},
        {"steps": [{"name": "extract"}, {"name": "publish", "action": "eventbridge-put"}], "trigger": "schedule",
         "schedule_expression": "cron(0 6 ? * MON-FRI *)"},
    ],
    "scheduled-job": [
        {},
        {"target": "table", "schedule": "rate(15 minutes)"},
        {"target": "bucket", "timezone": "Europe/Paris", "flexible_window_minutes": 15},
    ],
    "web-app": [
        {},
        {"table": False, "spa_fallback": False, "price_class": "PriceClass_All"},
    ],
}


def variant_id(blueprint: str, options: dict[str, Any]) -> str:
    if not options:
        return f"{blueprint}:default"
    parts = []
    for key, value in options.items():
        parts.append(f"{key}={value}" if isinstance(value, str | bool | int) else key)
    return f"{blueprint}:" + ",".join(parts)


def all_variants() -> list[tuple[str, dict[str, Any]]]:
    return [(bp, options) for bp, options_list in VARIANTS.items() for options in options_list]


def build(blueprint: str, options: dict[str, Any], *, language: str = "python", iac: str = "sam",
          name: str = "shop") -> Design:
    project = Project(name=name, language=language, iac=iac)  # type: ignore[arg-type]
    return BLUEPRINTS[blueprint].build(project, options)
