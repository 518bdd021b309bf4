"""Event processor: a queue, a table stream, a Kinesis stream, an S3 bucket, or a source outside the stack (an MSK
or self-managed Kafka topic, an Amazon MQ queue, a DocumentDB change stream) -> a processing function."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, TypeAdapter, ValidationError, ValidationInfo, field_validator, model_validator
from pydantic.config import JsonDict

from generators.blueprints.base import Blueprint, BlueprintOptions
from generators.model import (
    Bucket,
    Component,
    Connection,
    DesignError,
    DocdbCluster,
    Function,
    KafkaCluster,
    MqBroker,
    MskCluster,
    Project,
    Queue,
    Reads,
    Secret,
    Stream,
    Table,
    Triggers,
    Writes,
)
from generators.model.components import (
    BootstrapServer,
    DocdbArn,
    KafkaTopic,
    MongoName,
    MqArn,
    MqQueue,
    MskArn,
    SecurityGroupId,
    SubnetId,
)
from generators.model.connections import CONSUMER_GROUP_RE
from generators.model.design import Design

Source = Literal["sqs", "dynamodb-stream", "kinesis", "s3", "msk", "self-managed-kafka", "amazon-mq", "documentdb"]
EXTERNAL = ("msk", "self-managed-kafka", "amazon-mq", "documentdb")
KAFKA = ("msk", "self-managed-kafka")
# the options each external source needs: option -> what it is (the error names the option)
REQUIRED: dict[str, dict[str, str]] = {
    "msk": {"cluster_arn": "the MSK cluster's ARN", "topic": "the Kafka topic to consume"},
    "self-managed-kafka": {"bootstrap_servers": "the brokers' host:port addresses",
                           "topic": "the Kafka topic to consume"},
    "amazon-mq": {"broker_arn": "the broker's ARN", "queue": "the queue to consume"},
    "documentdb": {"cluster_arn": "the DocumentDB cluster's ARN", "database": "the database whose changes to read"},
}


# Which sources an option means something for: the wizard hides the others (`applies_when`, read by the form
# renderer); the engine's own checks still refuse a stream setting on a queue.
_BATCHED: JsonDict = {"applies_when": {"source": ["sqs", "dynamodb-stream", "kinesis"]}}
_POLLED: JsonDict = {"applies_when": {"source": ["sqs", "dynamodb-stream", "kinesis", "msk", "self-managed-kafka",
                                                "amazon-mq", "documentdb"]}}
_POSITIONED: JsonDict = {"applies_when": {"source": ["dynamodb-stream", "kinesis", "msk", "self-managed-kafka",
                                                    "documentdb"]}}
_SQS: JsonDict = {"applies_when": {"source": ["sqs"]}}
_STREAMS: JsonDict = {"applies_when": {"source": ["dynamodb-stream", "kinesis"]}}
_S3: JsonDict = {"applies_when": {"source": ["s3"]}}
_ARN: JsonDict = {"applies_when": {"source": ["msk", "documentdb"]}}
_KAFKA: JsonDict = {"applies_when": {"source": list(KAFKA)}}
_SMK: JsonDict = {"applies_when": {"source": ["self-managed-kafka"]}}
_MQ: JsonDict = {"applies_when": {"source": ["amazon-mq"]}}
_DOCDB: JsonDict = {"applies_when": {"source": ["documentdb"]}}
_FILTERED: JsonDict = {"applies_when": {"source": ["sqs", "dynamodb-stream", "kinesis", "msk", "self-managed-kafka",
                                                  "amazon-mq"]}}


class EventProcessorOptions(BlueprintOptions):
    source: Source = Field(default="sqs", description="sqs (with DLQ) | dynamodb-stream | kinesis | s3 | msk | "
                                                      "self-managed-kafka | amazon-mq | documentdb")
    batch_size: int | None = Field(
        default=None, ge=1, le=10000, description="Records per batch (empty = 10 for SQS, 100 for the others)",
        json_schema_extra=_POLLED,
    )
    batching_window_s: int = Field(default=0, ge=0, le=300, description="Wait up to N seconds to fill a batch",
                                   json_schema_extra=_POLLED)
    cluster_arn: str = Field(  # checked against the source's ARN form below
        default="", max_length=2048, json_schema_extra=_ARN,
        description="MSK or DocumentDB: the cluster's ARN (arn:aws:kafka:… or arn:aws:rds:…:cluster:…)")
    topic: KafkaTopic = Field(default="", description="Kafka: the topic to consume", json_schema_extra=_KAFKA)
    bootstrap_servers: list[BootstrapServer] = Field(
        default_factory=list, max_length=10, json_schema_extra=_SMK,
        description="Self-managed Kafka: broker addresses host:port")
    subnets: list[SubnetId] = Field(default_factory=list, max_length=16, json_schema_extra=_SMK,
                                    description="Self-managed Kafka: VPC subnets the poller reaches the brokers from")
    security_groups: list[SecurityGroupId] = Field(
        default_factory=list, max_length=5, json_schema_extra=_SMK,
        description="Self-managed Kafka: security groups of the poller (they must reach the broker port)")
    consumer_group_id: str | None = Field(default=None, max_length=200, json_schema_extra=_KAFKA,
                                          description="Kafka: consumer group (empty = <project>-processor)")
    min_pollers: int | None = Field(default=None, ge=1, le=200, json_schema_extra=_KAFKA,
                                    description="Kafka: provisioned mode, minimum event pollers (empty = on demand)")
    max_pollers: int | None = Field(default=None, ge=1, le=2000, json_schema_extra=_KAFKA,
                                    description="Kafka: provisioned mode, maximum event pollers")
    broker_arn: MqArn = Field(default="", max_length=2048, json_schema_extra=_MQ,
                              description="Amazon MQ: the broker's ARN")
    queue: MqQueue = Field(default="", description="Amazon MQ: the queue to consume", json_schema_extra=_MQ)
    mq_engine: Literal["activemq", "rabbitmq"] | None = Field(
        default=None, json_schema_extra=_MQ, description="Amazon MQ: the broker's engine (empty = activemq)")
    database: MongoName = Field(default="", description="DocumentDB: the database", json_schema_extra=_DOCDB)
    collection: MongoName = Field(default="", json_schema_extra=_DOCDB,
                                  description="DocumentDB: the collection (empty = the whole database)")
    filter_pattern: dict[str, Any] | None = Field(
        default=None, json_schema_extra=_FILTERED,
        description="Only records matching this ESM filter pattern invoke the function (e.g. "
                    "{\"value\": {\"type\": [\"order\"]}} for Kafka)")
    max_concurrency: int | None = Field(
        default=None, ge=2, le=1000, description="SQS only: cap concurrent invocations to protect downstream",
        json_schema_extra=_SQS,
    )
    report_batch_item_failures: bool = Field(default=True, description="Partial batch failures (retry only failures)",
                                             json_schema_extra=_BATCHED)
    starting_position: Literal["LATEST", "TRIM_HORIZON"] | None = Field(
        default=None, description="Streams, Kafka, DocumentDB: where to start (empty = TRIM_HORIZON for DynamoDB, "
                                  "LATEST for the others)",
        json_schema_extra=_POSITIONED,
    )
    bisect_on_error: bool = Field(default=True, description="Streams: split a failing batch to isolate bad records",
                                  json_schema_extra=_STREAMS)
    max_retry_attempts: int = Field(default=3, ge=-1, le=10000, description="Streams: retries of a failing batch",
                                    json_schema_extra=_STREAMS)
    parallelization_factor: int = Field(default=1, ge=1, le=10, description="Streams: batches per shard at once",
                                        json_schema_extra=_STREAMS)
    on_failure_dlq: bool = Field(default=True, description="Streams: send failed batches' details to an SQS DLQ",
                                 json_schema_extra=_STREAMS)
    prefix: str = Field(default="uploads/", max_length=1024, description="S3: only keys starting with this",
                        json_schema_extra=_S3)
    suffix: str = Field(default="", max_length=1024, description="S3: only keys ending with this (e.g. .jpg)",
                        json_schema_extra=_S3)
    idempotency: bool = Field(default=False, description="Skip duplicates (Powertools idempotency + DynamoDB)")
    memory_mb: int = Field(default=512, ge=128, le=10240, description="Memory of the processor (MB)")
    timeout_s: int = Field(default=30, ge=1, le=900, description="Timeout of the processor (s)")

    @field_validator("max_concurrency")
    @classmethod
    def _sqs_only(cls, value: int | None, info: ValidationInfo) -> int | None:
        if value is not None and info.data.get("source") != "sqs":
            raise ValueError("max_concurrency applies only to source 'sqs'")
        return value

    @model_validator(mode="after")
    def _external_source(self) -> EventProcessorOptions:
        problems = [(option, f"source {self.source!r} needs {option} ({what})")
                    for option, what in REQUIRED.get(self.source, {}).items() if not getattr(self, option)]
        if self.cluster_arn and self.source in ("msk", "documentdb"):
            try:
                TypeAdapter(MskArn if self.source == "msk" else DocdbArn).validate_python(self.cluster_arn)
            except ValidationError as error:
                problems.append(("cluster_arn", str(error.errors()[0]["msg"]).removeprefix("Value error, ")))
        for option in ("cluster_arn", "topic", "bootstrap_servers", "subnets", "security_groups", "broker_arn",
                       "queue", "database", "collection", "consumer_group_id", "min_pollers", "max_pollers"):
            value = getattr(self, option)
            if value not in ("", None, []) and option not in _APPLIES.get(self.source, frozenset()):
                problems.append((option, f"does not apply to source {self.source!r}"))
        if self.consumer_group_id is not None and not CONSUMER_GROUP_RE.match(self.consumer_group_id):
            problems.append(("consumer_group_id", f"{self.consumer_group_id!r} is not a consumer group id (letters, "
                                                  "digits and -/*:_+=.@)"))
        if bool(self.subnets) != bool(self.security_groups):
            problems.append(("subnets" if not self.subnets else "security_groups",
                             "set both subnets and security_groups (the poller's VPC access), or neither"))
        if self.source == "self-managed-kafka" and self.batching_window_s:
            problems.append(("batching_window_s", "does not apply to source 'self-managed-kafka' (the SAM "
                                                  "SelfManagedKafka event has no batching window)"))
        if problems:
            raise DesignError(problems)
        return self

    @field_validator("batch_size")
    @classmethod
    def _batch_size(cls, value: int | None, info: ValidationInfo) -> int | None:
        if value is not None and info.data.get("source") == "s3":
            raise ValueError("batch_size does not apply to source 's3' (S3 invokes once per object)")
        return value


_APPLIES: dict[str, frozenset[str]] = {
    "msk": frozenset({"cluster_arn", "topic", "consumer_group_id", "min_pollers", "max_pollers"}),
    "self-managed-kafka": frozenset({"topic", "bootstrap_servers", "subnets", "security_groups", "consumer_group_id",
                                     "min_pollers", "max_pollers"}),
    "amazon-mq": frozenset({"broker_arn", "queue"}),
    "documentdb": frozenset({"cluster_arn", "database", "collection"}),
}


def _external(options: EventProcessorOptions) -> tuple[list[Component], Triggers]:
    """The source outside the stack, its credentials secret (all but MSK, which uses IAM) and the trigger."""
    components: list[Component] = []
    secret = None if options.source == "msk" else "source-credentials"
    if secret is not None:
        components.append(Secret(name=secret, username="lambda-consumer",
                                 description="The poller's sign-in: set the same user and password on the source"))
    source: Component
    if options.source == "msk":
        source = MskCluster(name="orders-topic", cluster_arn=options.cluster_arn, topic=options.topic,
                            description="Kafka topic of the MSK cluster (IAM authentication)")
    elif options.source == "self-managed-kafka":
        source = KafkaCluster(name="orders-topic", bootstrap_servers=options.bootstrap_servers, topic=options.topic,
                              secret=secret, subnets=options.subnets, security_groups=options.security_groups,
                              description="Kafka topic of the self-managed cluster (SASL/SCRAM)")
    elif options.source == "amazon-mq":
        source = MqBroker(name="orders-broker", broker_arn=options.broker_arn, queue=options.queue,
                          engine=options.mq_engine or "activemq", secret=secret,
                          description="Queue of the Amazon MQ broker")
    else:
        source = DocdbCluster(name="orders-db", cluster_arn=options.cluster_arn, database=options.database,
                              collection=options.collection, secret=secret,
                              description="DocumentDB change stream (enable change streams on the collection)")
    components.insert(0, source)
    kafka = options.source in KAFKA
    trigger = Triggers(
        source=source.name, target="processor", batch_size=options.batch_size,
        batching_window_s=options.batching_window_s or None,
        filter_patterns=[options.filter_pattern] if options.filter_pattern and options.source != "documentdb"
        else None,
        starting_position=options.starting_position if options.source != "amazon-mq" else None,
        consumer_group_id=options.consumer_group_id if kafka else None,
        min_pollers=options.min_pollers if kafka else None, max_pollers=options.max_pollers if kafka else None,
    )
    return components, trigger


def _stream_trigger(source: str, options: EventProcessorOptions,
                    position: Literal["LATEST", "TRIM_HORIZON"]) -> Triggers:
    return Triggers(
        source=source, target="processor", batch_size=options.batch_size or 100, starting_position=position,
        batching_window_s=options.batching_window_s, report_batch_item_failures=options.report_batch_item_failures,
        bisect_on_error=options.bisect_on_error, max_retry_attempts=options.max_retry_attempts,
        parallelization_factor=options.parallelization_factor, on_failure_dlq=options.on_failure_dlq,
    )


def build(project: Project, options: EventProcessorOptions) -> Design:
    processor = Function(name="processor", memory_mb=options.memory_mb, timeout_s=options.timeout_s)
    components: list[Component] = [processor]
    connections: list[Connection] = []
    if options.source == "sqs":
        processor.description = "Processes messages from the input queue in batches"
        components.insert(0, Queue(name="input-queue", visibility_timeout_s=6 * options.timeout_s,
                                   description="Work queue; failed messages go to its DLQ after 3 receives"))
        connections.append(Triggers(
            source="input-queue", target="processor", batch_size=options.batch_size or 10,
            batching_window_s=options.batching_window_s, max_concurrency=options.max_concurrency,
            report_batch_item_failures=options.report_batch_item_failures,
        ))
    elif options.source == "dynamodb-stream":
        processor.description = "Reacts to item changes in the source table"
        components.insert(0, Table(name="source-table", stream="NEW_AND_OLD_IMAGES",
                                   description="Table whose changes are processed"))
        connections.append(_stream_trigger("source-table", options, options.starting_position or "TRIM_HORIZON"))
    elif options.source in EXTERNAL:
        processor.description = {
            "msk": "Processes records from the MSK topic in batches",
            "self-managed-kafka": "Processes records from the Kafka topic in batches",
            "amazon-mq": "Processes messages from the Amazon MQ queue in batches",
            "documentdb": "Reacts to changes in the DocumentDB collection",
        }[options.source]
        sources, trigger = _external(options)
        components[:0] = sources
        connections.append(trigger)
    elif options.source == "kinesis":
        processor.description = "Processes records from the Kinesis stream"
        components.insert(0, Stream(name="input-stream", description="Kinesis data stream (on-demand)"))
        connections.append(_stream_trigger("input-stream", options, options.starting_position or "LATEST"))
    else:
        processor.description = "Processes each uploaded object and writes the result to the output bucket"
        processor.on_failure_dlq = True
        processor.reserved_concurrency = 10
        components.insert(0, Bucket(name="input-bucket", description="Uploads land here"))
        components.append(Bucket(name="output-bucket", description="Results (a different bucket: no recursion)"))
        connections.append(Triggers(source="input-bucket", target="processor", s3_events=["s3:ObjectCreated:*"],
                                    prefix=options.prefix, suffix=options.suffix))
        connections.append(Reads(source="processor", target="input-bucket"))
        connections.append(Writes(source="processor", target="output-bucket"))
    if options.idempotency:
        components.append(Table(name="idempotency-table", purpose="idempotency", ttl_attribute="expiration",
                                description="Powertools idempotency records (expire after 1 hour)"))
        connections.append(Reads(source="processor", target="idempotency-table"))
        connections.append(Writes(source="processor", target="idempotency-table"))
    return Design(project=project, components=components, connections=connections)


BLUEPRINT = Blueprint(
    name="event-processor",
    title="Event processor",
    summary="Consume a queue, a DynamoDB or Kinesis stream, S3 uploads, an MSK or Kafka topic, an Amazon MQ queue "
            "or a DocumentDB change stream in batches with failure handling.",
    options_model=EventProcessorOptions,
    builder=build,
)
