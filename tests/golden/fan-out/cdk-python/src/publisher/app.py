"""Publishes events to the `events` SNS topic; consumers subscribe by event type.

Invoke it with `{"event_type": "...", "data": {...}}` (and optionally a `correlation_id`); it answers with
the event's id. Every event travels in one envelope: metadata (id, type, time, source, correlation id) + data.
"""

from __future__ import annotations

import json
import os
import uuid
from datetime import UTC, datetime
from typing import Annotated, Any

import boto3
from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel, ConfigDict, Field

Arn = Annotated[str, Field(pattern=r"^arn:aws[a-z-]*:")]
ResourceName = Annotated[str, Field(min_length=1)]


class Settings(BaseModel):
    """What the infrastructure passes in environment variables, checked once at cold start (fail fast)."""

    model_config = ConfigDict(frozen=True, alias_generator=str.upper, hide_input_in_errors=True)

    environment: ResourceName
    events_arn: Arn


SETTINGS = Settings.model_validate(os.environ)

EVENT_SOURCE = "shop"

logger = Logger()
tracer = Tracer()
metrics = Metrics()
metrics.set_default_dimensions(environment=SETTINGS.environment)
sns = boto3.client("sns")


class EventRequest(BaseModel):
    """An event to publish: its type (what consumers subscribe to), its data, and optionally a correlation id."""

    model_config = ConfigDict(extra="forbid")

    event_type: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
    data: dict[str, Any] = Field(default_factory=dict)
    correlation_id: str | None = Field(default=None, min_length=1, max_length=128)


class PublishError(Exception):
    """The channel refused the event."""


@tracer.capture_method
def publish(request: EventRequest, correlation_id: str) -> str:
    """Publish one event (an envelope of metadata and data) and return its id."""
    event_id = str(uuid.uuid4())
    # subscriptions filter on event_type: a message attribute, and the same key at the top of the body
    envelope = {
        "event_type": request.event_type,
        "metadata": {
            "id": event_id,
            "type": request.event_type,
            "version": "1",
            "timestamp": datetime.now(UTC).isoformat(),
            "source": EVENT_SOURCE,
            "correlationId": correlation_id,
        },
        "data": request.data,
    }
    sns.publish(
        TopicArn=SETTINGS.events_arn,
        Message=json.dumps(envelope),
        MessageAttributes={
            "event_type": {"DataType": "String", "StringValue": request.event_type},
            "correlation_id": {"DataType": "String", "StringValue": correlation_id},
        },
    )
    logger.info("Event published", event_id=event_id, event_type=request.event_type)
    metrics.add_metric(name="EventsPublished", unit=MetricUnit.Count, value=1)
    return event_id


@logger.inject_lambda_context
@metrics.log_metrics(capture_cold_start_metric=True)
@tracer.capture_lambda_handler
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, str]:
    request = EventRequest.model_validate(event)
    return {"id": publish(request, correlation_id=request.correlation_id or context.aws_request_id)}
