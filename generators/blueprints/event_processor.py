"""Event processor: a queue, a table stream, a Kinesis stream or an S3 bucket -> a processing function."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, ValidationInfo, field_validator
from pydantic.config import JsonDict

from generators.blueprints.base import Blueprint, BlueprintOptions
from generators.model import (
    Bucket,
    Component,
    Connection,
    Design,
    Function,
    Project,
    Queue,
    Reads,
    Stream,
    Table,
    Triggers,
    Writes,
)

Source = Literal["sqs", "dynamodb-stream", "kinesis", "s3"]


# Which sources an option means something for: the wizard hides the others (`applies_when`, read by the form
# renderer); the engine's own checks still refuse a stream setting on a queue.
_BATCHED: JsonDict = {"applies_when": {"source": ["sqs", "dynamodb-stream", "kinesis"]}}
_SQS: JsonDict = {"applies_when": {"source": ["sqs"]}}
_STREAMS: JsonDict = {"applies_when": {"source": ["dynamodb-stream", "kinesis"]}}
_S3: JsonDict = {"applies_when": {"source": ["s3"]}}


class EventProcessorOptions(BlueprintOptions):
    source: Source = Field(default="sqs", description="sqs (with DLQ) | dynamodb-stream | kinesis | s3")
    batch_size: int | None = Field(
        default=None, ge=1, le=10000, description="Records per batch (empty = 10 for SQS, 100 for streams)",
        json_schema_extra=_BATCHED,
    )
    batching_window_s: int = Field(default=0, ge=0, le=300, description="Wait up to N seconds to fill a batch",
                                   json_schema_extra=_BATCHED)
    max_concurrency: int | None = Field(
        default=None, ge=2, le=1000, description="SQS only: cap concurrent invocations to protect downstream",
        json_schema_extra=_SQS,
    )
    report_batch_item_failures: bool = Field(default=True, description="Partial batch failures (retry only failures)",
                                             json_schema_extra=_BATCHED)
    starting_position: Literal["LATEST", "TRIM_HORIZON"] | None = Field(
        default=None, description="Streams: where to start (empty = TRIM_HORIZON for DynamoDB, LATEST for Kinesis)",
        json_schema_extra=_STREAMS,
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

    @field_validator("batch_size")
    @classmethod
    def _batch_size(cls, value: int | None, info: ValidationInfo) -> int | None:
        if value is not None and info.data.get("source") == "s3":
            raise ValueError("batch_size does not apply to source 's3' (S3 invokes once per object)")
        return value


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
    summary="Consume a queue, a DynamoDB or Kinesis stream, or S3 uploads in batches with failure handling.",
    options_model=EventProcessorOptions,
    builder=build,
)
