"""Event-source decisions made once for SAM, CDK TypeScript and CDK Python: the defaults of a polled source
(batch size, starting position, retries, bisect...), subscription and rule retry policies, and the names of the
dead-letter queues each delivery gets. The targets print these values; none of them decides a default.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generators.catalog import COMPONENTS, POLLED_SOURCES
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


# -- sources outside the stack: MSK, self-managed Kafka, Amazon MQ, DocumentDB -----------------------------------

DEFAULT_EXTERNAL_BATCH_SIZE = 100
DEFAULT_EXTERNAL_STARTING_POSITION = "LATEST"


@dataclass(frozen=True)
class SecretArn:
    """The ARN of a secret component of the design (each target prints its own reference)."""

    component: str


Resource = str | SecretArn


@dataclass(frozen=True)
class PollerGrant:
    """One statement of the function's role that Lambda's poller uses: literal ARNs, "*" or a secret's ARN."""

    sid: str
    actions: tuple[str, ...]
    resources: tuple[Resource, ...]


@dataclass(frozen=True)
class ExternalSource:
    """The event source mapping of an MSK or Kafka topic, an MQ queue or a DocumentDB change stream, every default
    decided: SAM prints it as an event of the function, CDK as a CfnEventSourceMapping, with the same grants."""

    kind: str  # component kind
    sam_type: str  # MSK | SelfManagedKafka | MQ | DocumentDB
    sam_source_property: str  # Stream | Broker | Cluster | "" (none)
    source_arn: str | None
    batch_size: int
    window_s: int
    filters: list[dict[str, Any]]
    access: list[tuple[str, Resource]]  # SourceAccessConfigurations: (Type, URI)
    grants: list[PollerGrant]
    topics: list[str] = field(default_factory=list)
    queues: list[str] = field(default_factory=list)
    bootstrap_servers: list[str] = field(default_factory=list)
    starting_position: str | None = None
    consumer_group_id: str | None = None
    pollers: tuple[int, int] | None = None  # provisioned mode: (minimum, maximum)
    document_db: dict[str, str] = field(default_factory=dict)  # DatabaseName, CollectionName, FullDocument


def _kafka_arn(cluster_arn: str, resource: str, name: str) -> str:
    """The ARN of a topic or consumer group of an MSK cluster (`...:cluster/<name>/<uuid>` gives
    `...:topic/<name>/<uuid>/<topic>`)."""
    return cluster_arn.replace(":cluster/", f":{resource}/", 1) + f"/{name}"


def _account_arn(source_arn: str, resource: str) -> str:
    """An ARN in the same partition, service, region and account as the source (`...:cluster-pg:*`)."""
    partition, service, region, account = source_arn.split(":")[1:5]
    return f"arn:{partition}:{service}:{region}:{account}:{resource}"


def consumer_group_id(design_name: str, conn: Triggers) -> str:
    return conn.consumer_group_id or f"{design_name}-{conn.target}"


def external_source(project: str, conn: Triggers, source: Any) -> ExternalSource:
    """The event source mapping of a `triggers` edge from an external source kind into a function."""
    facts = COMPONENTS[source.kind].event_source
    assert facts is not None
    secret: str | None = getattr(source, "secret", None)
    arn: str | None = getattr(source, "cluster_arn", None) or getattr(source, "broker_arn", None) or None
    kafka = source.kind in ("msk_cluster", "kafka_cluster")
    group = consumer_group_id(project, conn) if kafka else None
    access: list[tuple[str, Resource]] = []
    if source.kind == "kafka_cluster":
        access.append((source.auth, SecretArn(secret or "")))
        access += [("VPC_SUBNET", f"subnet:{s}") for s in source.subnets]
        access += [("VPC_SECURITY_GROUP", f"security_group:{g}") for g in source.security_groups]
    elif secret is not None:
        access.append(("BASIC_AUTH", SecretArn(secret)))
    if source.kind == "mq_broker" and source.virtual_host:
        access.append(("VIRTUAL_HOST", source.virtual_host))
    resources: dict[str, tuple[Resource, ...]] = {
        "*": ("*",),
        "secret": (SecretArn(secret),) if secret else (),
        "source": (arn,) if arn else (),
        "topic": (_kafka_arn(arn, "topic", source.topic),) if arn and kafka else (),
        "group": (_kafka_arn(arn, "group", group or ""),) if arn and kafka else (),
        "cluster-pg": (_account_arn(arn, "cluster-pg:*"),) if arn else (),
        "subgrp": (_account_arn(arn, "subgrp:*"),) if arn else (),
    }
    vpc = source.kind != "kafka_cluster" or bool(source.subnets)
    grants = [PollerGrant(st.sid, st.actions, resources[st.on]) for st in facts.statements
              if resources[st.on] and (st.on != "*" or vpc)]
    pollers = None
    if kafka and (conn.min_pollers is not None or conn.max_pollers is not None):
        low = conn.min_pollers or 1
        pollers = (low, conn.max_pollers or max(low, 200))
    return ExternalSource(
        kind=source.kind, sam_type=facts.sam_type, sam_source_property=facts.sam_source_property,
        source_arn=arn, batch_size=conn.batch_size or DEFAULT_EXTERNAL_BATCH_SIZE,
        window_s=conn.batching_window_s or 0, filters=list(conn.filter_patterns or []), access=access, grants=grants,
        topics=[source.topic] if kafka else [],
        queues=[source.queue] if source.kind == "mq_broker" else [],
        bootstrap_servers=list(source.bootstrap_servers) if source.kind == "kafka_cluster" else [],
        starting_position=(conn.starting_position or DEFAULT_EXTERNAL_STARTING_POSITION)
        if kafka or source.kind == "docdb_cluster" else None,
        consumer_group_id=group, pollers=pollers,
        document_db={k: v for k, v in (("DatabaseName", source.database), ("CollectionName", source.collection),
                                       ("FullDocument", source.full_document)) if v}
        if source.kind == "docdb_cluster" else {},
    )
