"""The matrix of project types and their main variants that every target's validity tests cover."""

from __future__ import annotations

from typing import Any

from generators.blueprints import BLUEPRINTS
from generators.model import Design, Project
from generators.model.organisation import OrgDefaults

# A variant option that is not the blueprint's: the design gets the organisation defaults below, with this CI system.
ORG_DEFAULTS = "org_defaults"
SAMPLE_KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
SAMPLE_ORG_DEFAULTS = OrgDefaults(
    permission_boundary_arn="arn:aws:iam::123456789012:policy/platform/ProjectBoundary",
    tags={"cost-centre": "cc-4242", "owner": "platform-team"},
    min_log_retention_days=365,
    vpc={"subnet_ids": ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"],
         "security_group_ids": ["sg-0123456789abcdef0"]},
    kms={"queues": SAMPLE_KEY, "topics": SAMPLE_KEY, "tables": SAMPLE_KEY, "logs": SAMPLE_KEY},
)

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
        {ORG_DEFAULTS: "gitlab-ci"},  # every organisation default: boundary, tags, retention, VPC, KMS keys
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
        # the organisation defaults on a topic, a buffer queue with its consumer and the subscription DLQs
        {"consumers": [{"name": "audit", "event_types": ["order.created"], "sqs_buffer": True},
                       {"name": "email", "event_types": ["order.shipped"]}], ORG_DEFAULTS: "github-actions"},
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


# The durable-function workflow engine is generated for Python projects (SAM, CDK) so far; the blueprint refuses
# TypeScript in words. Proven by tests/engine/test_durable_workflow.py and test_python_handlers.py, not by the
# four-target matrix (whose variants must render in TypeScript too).
DURABLE_WORKFLOW: dict[str, Any] = {
    "engine": "durable-function", "human_approval": True, "parallel_branches": ["enrich", "score"],
    "steps": [{"name": "validate", "timeout_s": 30}, {"name": "process", "timeout_s": 120},
              {"name": "save", "action": "dynamodb-put"}, {"name": "announce", "action": "eventbridge-put"},
              {"name": "notify", "action": "sns-publish"}],
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
    return with_org_defaults(BLUEPRINTS[blueprint].build(project, blueprint_options(options)), options)


def blueprint_options(options: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in options.items() if key != ORG_DEFAULTS}


def with_org_defaults(design: Design, options: dict[str, Any]) -> Design:
    """The design with the sample organisation defaults when the variant asks for them."""
    if ORG_DEFAULTS not in options:
        return design
    defaults = SAMPLE_ORG_DEFAULTS.model_copy(update={"ci": options[ORG_DEFAULTS]})
    return design.model_copy(update={"organisation": defaults})
