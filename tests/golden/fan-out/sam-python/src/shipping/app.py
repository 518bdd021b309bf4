"""Handles the events its subscription to the `events` topic lets through.

SNS invokes the function asynchronously: an exception makes Lambda retry, then the function's on-failure
destination gets the event; events that cannot be delivered at all go to the subscription's DLQ.
"""

from __future__ import annotations

import os
from datetime import datetime
from typing import Annotated, Any

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes import SNSEvent
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel, ConfigDict, Field

ResourceName = Annotated[str, Field(min_length=1)]


class Settings(BaseModel):
    """What the infrastructure passes in environment variables, checked once at cold start (fail fast)."""

    model_config = ConfigDict(frozen=True, alias_generator=str.upper, hide_input_in_errors=True)

    environment: ResourceName


SETTINGS = Settings.model_validate(os.environ)

logger = Logger()
tracer = Tracer()
metrics = Metrics()
metrics.set_default_dimensions(environment=SETTINGS.environment)


class EventMetadata(BaseModel):
    """Who published the event and when, and the correlation id that ties its hops together."""

    model_config = ConfigDict(populate_by_name=True)

    id: str
    type: str
    version: str = "1"
    timestamp: datetime
    source: str
    correlation_id: str | None = Field(default=None, alias="correlationId")


class Event(BaseModel):
    """The envelope every publisher of this project sends: metadata plus the event's own data."""

    metadata: EventMetadata
    data: dict[str, Any]


@tracer.capture_method
def handle(event: Event) -> dict[str, Any]:
    """This consumer's work on one event: replace the logging with yours; raise to have the event retried."""
    if event.metadata.correlation_id:
        logger.set_correlation_id(event.metadata.correlation_id)
    logger.info("Handling event", event_id=event.metadata.id, event_type=event.metadata.type)
    metrics.add_metric(name="EventsHandled", unit=MetricUnit.Count, value=1)
    return {"event_id": event.metadata.id, "handled": True}


@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics(capture_cold_start_metric=True)
@tracer.capture_lambda_handler
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> list[dict[str, Any]]:
    results = []
    for record in SNSEvent(event).records:  # one record per invocation in practice
        logger.append_keys(message_id=record.sns.message_id)
        results.append(handle(Event.model_validate_json(record.sns.message)))
    return results
