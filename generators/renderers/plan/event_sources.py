"""Event-source decisions made once for SAM, CDK TypeScript and CDK Python: the defaults of a polled source
(batch size, starting position, retries, bisect...), subscription and rule retry policies, and the names of the
dead-letter queues each delivery gets. The targets print these values; none of them decides a default.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generators.catalog import POLLED_SOURCES
from generators.model import Triggers
from generators.model.names import pascal

DEFAULT_BATCH_SIZE = {"queue": 10, "table": 100, "stream": 100}
DEFAULT_STARTING_POSITION = {"table": "TRIM_HORIZON", "stream": "LATEST"}
DEFAULT_RETRIES = 3
DEFAULT_MAX_EVENT_AGE_S = 3600
DEFAULT_S3_EVENTS = ("s3:ObjectCreated:*",)
DEFAULT_FILTER_POLICY_SCOPE = "MessageAttributes"


@dataclass(frozen=True)
class PolledSource:
    """An event source mapping (SQS queue, DynamoDB stream, Kinesis stream) with every default decided."""

    type: str  # sqs | dynamodb | kinesis
    batch_size: int
    window_s: int  # MaximumBatchingWindowInSeconds (0 = none)
    report_failures: bool
    filters: list[dict[str, Any]] = field(default_factory=list)
    max_concurrency: int | None = None  # SQS only
    # streams only
    starting_position: str | None = None
    bisect: bool = False
    retries: int = DEFAULT_RETRIES  # -1 = until the record expires
    parallelization: int = 1
    max_record_age_s: int | None = None  # None = not set; -1 = forever
    tumbling_window_s: int = 0
    dlq: str | None = None  # logical id / construct id of the on-failure queue


def polled_source(conn: Triggers, source_kind: str) -> PolledSource:
    """The event source mapping of a `triggers` edge from a queue, table or stream into a function."""
    kind = POLLED_SOURCES[source_kind]
    common: dict[str, Any] = {
        "type": kind,
        "batch_size": conn.batch_size or DEFAULT_BATCH_SIZE[source_kind],
        "window_s": conn.batching_window_s or 0,
        "report_failures": conn.report_batch_item_failures is not False,
        "filters": list(conn.filter_patterns or []),
    }
    if kind == "sqs":
        return PolledSource(**common, max_concurrency=conn.max_concurrency)
    return PolledSource(
        **common,
        starting_position=conn.starting_position or DEFAULT_STARTING_POSITION[source_kind],
        bisect=conn.bisect_on_error is not False,
        retries=DEFAULT_RETRIES if conn.max_retry_attempts is None else conn.max_retry_attempts,
        parallelization=conn.parallelization_factor or 1,
        max_record_age_s=conn.max_record_age_s,
        tumbling_window_s=conn.tumbling_window_s or 0,
        dlq=f"{pascal(conn.target)}StreamDLQ" if conn.on_failure_dlq is not False else None,
    )


def subscription_dlq(conn: Triggers) -> str | None:
    """The dead-letter queue of an SNS subscription (function or queue), named after the subscriber."""
    return f"{pascal(conn.target)}SubscriptionDLQ" if conn.dlq is not False else None


def filter_policy_scope(conn: Triggers) -> str:
    return conn.filter_policy_scope or DEFAULT_FILTER_POLICY_SCOPE


def rule_ids(conn: Triggers) -> tuple[str, str]:
    """(rule id, dead-letter queue id) of an EventBridge rule delivering a bus's events to one target."""
    stem = f"{pascal(conn.source)}To{pascal(conn.target)}"
    return f"{stem}Rule", f"{stem}DLQ"


def rule_retry_policy(conn: Triggers) -> tuple[int, int]:
    """(maximum retry attempts, maximum event age) of a rule target."""
    retries = DEFAULT_RETRIES if conn.retry_attempts is None else conn.retry_attempts
    return retries, conn.max_event_age_s or DEFAULT_MAX_EVENT_AGE_S


def s3_events(conn: Triggers) -> list[str]:
    return list(conn.s3_events or DEFAULT_S3_EVENTS)
