"""The matrix of project types and their main variants that every target's validity tests cover."""

from __future__ import annotations

from typing import Any

from generators.blueprints import BLUEPRINTS
from generators.model import Design, Project

MSK_ARN = "arn:aws:kafka:us-east-1:123456789012:cluster/orders/4f1c2b3a-1111-2222-3333-444455556666-1"
MQ_ARN = "arn:aws:mq:us-east-1:123456789012:broker:orders:b-1234a5b6-78cd-901e-2f34-3a45b6c178d9"
DOCDB_ARN = "arn:aws:rds:us-east-1:123456789012:cluster:orders"

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
        {"source": "msk", "cluster_arn": MSK_ARN, "topic": "orders", "min_pollers": 1, "max_pollers": 4,
         "filter_pattern": {"value": {"type": ["order"]}}},
        {"source": "self-managed-kafka", "bootstrap_servers": ["b-1.kafka.example.com:9096",
                                                              "b-2.kafka.example.com:9096"],
         "topic": "orders", "subnets": ["subnet-0123456789abcdef0"], "security_groups": ["sg-0123456789abcdef0"]},
        {"source": "amazon-mq", "broker_arn": MQ_ARN, "queue": "orders"},
        {"source": "amazon-mq", "broker_arn": MQ_ARN, "queue": "orders", "mq_engine": "rabbitmq"},
        {"source": "documentdb", "cluster_arn": DOCDB_ARN, "database": "shop", "collection": "orders"},
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
