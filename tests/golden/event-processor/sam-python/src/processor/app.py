"""Processes messages from the `input-queue` queue, in batches.

A record that fails is reported back (a partial batch response): only failed records are retried.
"""

from __future__ import annotations

import json
import os
from typing import Annotated, Any

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
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
processor = BatchProcessor(event_type=EventType.SQS)


class InvalidRecord(ValueError):
    """A record this function can never process: retrying will not help (it goes to the failure destination)."""


def parse_object(text: str) -> dict[str, Any]:
    """A record's payload, which must be a JSON object."""
    try:
        payload = json.loads(text)
    except ValueError as error:
        raise InvalidRecord("the payload is not JSON") from error
    if not isinstance(payload, dict):
        raise InvalidRecord("the payload is not a JSON object")
    return payload


@tracer.capture_method
def handle(payload: dict[str, Any]) -> dict[str, Any]:
    """This function's work on one payload: replace the logging with yours; raise to fail the record."""
    logger.info("Processing payload", fields=sorted(payload))
    metrics.add_metric(name="RecordsProcessed", unit=MetricUnit.Count, value=1)
    return {"processed": True}


@tracer.capture_method
def record_handler(record: SQSRecord) -> dict[str, Any]:
    logger.append_keys(message_id=record.message_id)
    return handle(parse_object(record.body))


@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics(capture_cold_start_metric=True)
@tracer.capture_lambda_handler
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
