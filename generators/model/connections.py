"""Connections: typed edges of the design graph. Each kind says what the edge does and carries its settings.

Which (source kind, target kind) pairs each connection kind allows, and what each pair generates, is the
catalog's (`generators/catalog/connections.py`, printed by `python -m generators kinds`); CONNECTION_RULES and
TRIGGER_TARGETS below are derived from it.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator

from generators.catalog import CONNECTIONS
from generators.model.components import Strict
from generators.model.messages import shown
from generators.model.names import Name, check_nested_text

_SEGMENT = r"(?:[A-Za-z0-9._~-]+|\{[A-Za-z_][A-Za-z0-9_]*\+?\})"
_PATH_RE = re.compile(rf"^/{_SEGMENT}?(?:/{_SEGMENT})*$")
_S3_KEY_AFFIX_RE = re.compile(r"^[A-Za-z0-9!_.*'()/-]*$")
CONSUMER_GROUP_RE = re.compile(r"^[a-zA-Z0-9-/*:_+=.@]{1,200}$")

S3_EVENTS = (
    "s3:ObjectCreated:*", "s3:ObjectCreated:Put", "s3:ObjectCreated:Post", "s3:ObjectCreated:Copy",
    "s3:ObjectCreated:CompleteMultipartUpload", "s3:ObjectRemoved:*", "s3:ObjectRemoved:Delete",
    "s3:ObjectRemoved:DeleteMarkerCreated",
)


class ConnectionBase(Strict):
    source: Name
    target: Name


class Routes(ConnectionBase):
    kind: Literal["routes"] = "routes"
    method: Literal["GET", "POST", "PUT", "PATCH", "DELETE", "ANY"] = "ANY"
    path: str = Field(default="/", max_length=512, json_schema_extra={"pattern": _PATH_RE.pattern})

    @field_validator("path")
    @classmethod
    def _path(cls, value: str) -> str:
        if not _PATH_RE.match(value):
            raise ValueError(
                f"{shown(value)} is not a route path; use '/segment/{{param}}' with letters, digits, '.', '_', '~', '-'"
            )
        return value


class Triggers(ConnectionBase):
    """An event source. Only the settings that apply to the source's kind may be set (see SETTINGS_BY_SOURCE)."""

    kind: Literal["triggers"] = "triggers"
    # polled sources (event source mapping): queue, table stream, kinesis stream
    batch_size: int | None = Field(default=None, ge=1, le=10000, description="Records per batch (1-10000)")
    batching_window_s: int | None = Field(default=None, ge=0, le=300, description="Batching window (0-300 s)")
    max_concurrency: int | None = Field(default=None, ge=2, le=1000, description="SQS ESM maximum concurrency")
    report_batch_item_failures: bool | None = None
    starting_position: Literal["LATEST", "TRIM_HORIZON"] | None = None
    bisect_on_error: bool | None = None
    max_retry_attempts: int | None = Field(default=None, ge=-1, le=10000, description="-1 = until the record expires")
    max_record_age_s: int | None = Field(default=None, ge=-1, le=604800)
    parallelization_factor: int | None = Field(default=None, ge=1, le=10)
    tumbling_window_s: int | None = Field(default=None, ge=0, le=900)
    on_failure_dlq: bool | None = Field(default=None, description="Stream: send failed batches' metadata to a DLQ")
    filter_patterns: list[dict[str, Any]] | None = Field(default=None, max_length=5)
    # Kafka (MSK, self-managed): the consumer group and provisioned pollers
    consumer_group_id: str | None = Field(
        default=None, max_length=200, description="Kafka consumer group (empty = <project>-<function>)",
        json_schema_extra={"pattern": CONSUMER_GROUP_RE.pattern})
    min_pollers: int | None = Field(default=None, ge=1, le=200,
                                    description="Provisioned mode: minimum event pollers (1-200)")
    max_pollers: int | None = Field(default=None, ge=1, le=2000,
                                    description="Provisioned mode: maximum event pollers (1-2000)")
    # bucket notifications
    s3_events: list[Literal[S3_EVENTS]] | None = None  # type: ignore[valid-type]
    prefix: str | None = Field(default=None, max_length=1024)
    suffix: str | None = Field(default=None, max_length=1024)
    # topic subscriptions
    filter_policy: dict[str, Any] | None = None
    filter_policy_scope: Literal["MessageAttributes", "MessageBody"] | None = None
    # topic subscriptions and event bus rules
    dlq: bool | None = Field(default=None, description="Dead-letter queue for deliveries that failed all retries")
    # event bus rules
    event_pattern: dict[str, Any] | None = None
    retry_attempts: int | None = Field(default=None, ge=0, le=185)
    max_event_age_s: int | None = Field(default=None, ge=60, le=86400)

    @field_validator("filter_policy", "event_pattern", "filter_patterns")
    @classmethod
    def _no_cloudformation_syntax(cls, value: Any) -> Any:
        check_nested_text(value)
        return value

    @field_validator("consumer_group_id")
    @classmethod
    def _group(cls, value: str | None) -> str | None:
        if value is not None and not CONSUMER_GROUP_RE.match(value):
            raise ValueError(f"{shown(value)} is not a consumer group id (letters, digits and -/*:_+=.@)")
        return value

    @field_validator("prefix", "suffix")
    @classmethod
    def _affix(cls, value: str | None) -> str | None:
        if value is not None and not _S3_KEY_AFFIX_RE.match(value):
            raise ValueError(f"{shown(value)} may only use letters, digits and !_.*'()/- in an S3 key filter")
        return value


ESM_SETTINGS = frozenset({
    "batch_size", "batching_window_s", "report_batch_item_failures", "filter_patterns",
})
STREAM_SETTINGS = ESM_SETTINGS | {
    "starting_position", "bisect_on_error", "max_retry_attempts", "max_record_age_s", "parallelization_factor",
    "on_failure_dlq", "tumbling_window_s",
}
KAFKA_SETTINGS = frozenset({
    "batch_size", "batching_window_s", "filter_patterns", "starting_position", "consumer_group_id", "min_pollers",
    "max_pollers",
})
SETTINGS_BY_SOURCE: dict[str, frozenset[str]] = {
    "msk_cluster": KAFKA_SETTINGS,
    # the SAM SelfManagedKafka event has no batching window (cfn-lint's SAM schema and the SAM docs)
    "kafka_cluster": KAFKA_SETTINGS - {"batching_window_s"},
    "mq_broker": frozenset({"batch_size", "batching_window_s", "filter_patterns"}),
    "docdb_cluster": frozenset({"batch_size", "batching_window_s", "starting_position"}),
    "queue": ESM_SETTINGS | {"max_concurrency"},
    "table": STREAM_SETTINGS - {"tumbling_window_s"},
    "stream": STREAM_SETTINGS,
    "bucket": frozenset({"s3_events", "prefix", "suffix"}),
    "topic": frozenset({"filter_policy", "filter_policy_scope", "dlq"}),
    "event_bus": frozenset({"event_pattern", "retry_attempts", "max_event_age_s", "dlq"}),
    "schedule": frozenset(),
}
TRIGGER_SETTINGS = frozenset(f for fields in SETTINGS_BY_SOURCE.values() for f in fields)


class Reads(ConnectionBase):
    kind: Literal["reads"] = "reads"


class Writes(ConnectionBase):
    kind: Literal["writes"] = "writes"


class Publishes(ConnectionBase):
    kind: Literal["publishes"] = "publishes"


class Invokes(ConnectionBase):
    kind: Literal["invokes"] = "invokes"
    invocation: Literal["sync", "async"] = "sync"


class Starts(ConnectionBase):
    kind: Literal["starts"] = "starts"


class Authorizes(ConnectionBase):
    kind: Literal["authorizes"] = "authorizes"


class Integrates(ConnectionBase):
    kind: Literal["integrates"] = "integrates"


class Pipes(ConnectionBase):
    """Into a pipe from its source, or out of a pipe to its target; the pipe component holds the settings."""

    kind: Literal["pipes"] = "pipes"


class Serves(ConnectionBase):
    """A CloudFront distribution serves the target: a bucket (the static site) or a backend (an HTTP API) as one
    of its origins."""

    kind: Literal["serves"] = "serves"


Connection = Annotated[
    Routes | Triggers | Reads | Writes | Publishes | Invokes | Starts | Authorizes | Integrates | Pipes | Serves,
    Field(discriminator="kind"),
]

# kind -> (allowed source kinds, allowed target kinds), from the catalog's pairs
CONNECTION_RULES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    row.kind: (frozenset(s for s, _ in row.pairs), frozenset(t for _, t in row.pairs))
    for row in CONNECTIONS.values()
}
# which target kinds a trigger from each source kind may reach
TRIGGER_TARGETS: dict[str, frozenset[str]] = {
    source: frozenset(t for s, t in CONNECTIONS["triggers"].pairs if s == source)
    for source in dict.fromkeys(s for s, _ in CONNECTIONS["triggers"].pairs)
}
