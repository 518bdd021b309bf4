"""Which resource types become typed components, and which properties map to which typed fields.

One row per CloudFormation/SAM type: the component kind and (field, property path) pairs. Import reads the
pairs (a value of the wrong shape or out of range stays verbatim as an override); write-back writes back only
the fields an edit changed. Everything else in `Properties` is kept verbatim as the component's overrides.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


def _ident(value: Any) -> Any:
    return value


def _active(value: Any) -> Any:
    return value == "Active" if isinstance(value, str) else _bad()


def _to_active(value: Any) -> Any:
    return "Active" if value else "PassThrough"


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and len(value) == 1 else _bad()


def _listed(value: Any) -> Any:
    return [value]


def _bad() -> Any:
    raise ValueError("not a plain value")


@dataclass(frozen=True)
class FieldMap:
    field: str
    path: tuple[str, ...]
    read: Callable[[Any], Any] = _ident
    write: Callable[[Any], Any] = _ident


@dataclass(frozen=True)
class TypedRow:
    kind: str
    fields: tuple[FieldMap, ...] = ()
    globals_section: str = ""  # SAM Globals section whose values the typed fields fall back to
    fixed: dict[str, Any] = field(default_factory=dict)


_FUNCTION_FIELDS = (
    FieldMap("memory_mb", ("MemorySize",)),
    FieldMap("timeout_s", ("Timeout",)),
    FieldMap("reserved_concurrency", ("ReservedConcurrentExecutions",)),
    FieldMap("environment", ("Environment", "Variables")),
    FieldMap("architecture", ("Architectures",), _first, _listed),
)

TYPED: dict[str, TypedRow] = {
    "AWS::Serverless::Function": TypedRow(
        "function", (*_FUNCTION_FIELDS, FieldMap("tracing", ("Tracing",), _active, _to_active)), "Function",
        {"tracing": False},
    ),
    "AWS::Lambda::Function": TypedRow(
        "function", (*_FUNCTION_FIELDS, FieldMap("tracing", ("TracingConfig", "Mode"), _active, _to_active)),
        fixed={"tracing": False},
    ),
    "AWS::SQS::Queue": TypedRow("queue", (
        FieldMap("fifo", ("FifoQueue",)),
        FieldMap("visibility_timeout_s", ("VisibilityTimeout",)),
        FieldMap("message_retention_s", ("MessageRetentionPeriod",)),
        FieldMap("delay_s", ("DelaySeconds",)),
    ), fixed={"dlq": False, "visibility_timeout_s": 30}),
    "AWS::SNS::Topic": TypedRow("topic", (FieldMap("fifo", ("FifoTopic",)),)),
    "AWS::DynamoDB::Table": TypedRow("table", (
        FieldMap("billing_mode", ("BillingMode",)),
        FieldMap("deletion_protection", ("DeletionProtectionEnabled",)),
    ), fixed={"billing_mode": "PROVISIONED", "point_in_time_recovery": False}),
    "AWS::Serverless::SimpleTable": TypedRow("table", (), fixed={"point_in_time_recovery": False}),
    "AWS::S3::Bucket": TypedRow("bucket", (), fixed={"versioned": False}),
    "AWS::Kinesis::Stream": TypedRow("stream", (
        FieldMap("shard_count", ("ShardCount",)),
        FieldMap("retention_hours", ("RetentionPeriodHours",)),
    ), fixed={"mode": "PROVISIONED"}),
    "AWS::Events::EventBus": TypedRow("event_bus"),
    "AWS::Serverless::StateMachine": TypedRow("state_machine", (
        FieldMap("workflow_type", ("Type",)),
    ), fixed={"tracing": False, "log_level": "OFF"}),
    "AWS::SecretsManager::Secret": TypedRow("secret", (
        FieldMap("password_length", ("GenerateSecretString", "PasswordLength")),
        FieldMap("exclude_punctuation", ("GenerateSecretString", "ExcludePunctuation")),
    ), fixed={"exclude_punctuation": False}),  # AWS's own default when GenerateSecretString does not say
    # a pipe's batch and filter settings sit under a source-specific key (SqsQueueParameters, KinesisStream...):
    # they stay verbatim in the template; the pipe's ends and enrichment become connections
    "AWS::Pipes::Pipe": TypedRow("pipe"),
    "AWS::Serverless::HttpApi": TypedRow("http_api"),
    "AWS::Serverless::Api": TypedRow("rest_api"),
    "AWS::ApiGateway::RestApi": TypedRow("rest_api"),  # its methods' Lambda integrations become routes
}


def get_path(data: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return _MISSING
        data = data[key]
    return data


class _Missing:
    pass


_MISSING: Any = _Missing()
MISSING = _MISSING
