"""HTTP handler behind the `api` HTTP API: JSON in, JSON out.

Invalid input answers 400; a failed AWS call answers 500 and is logged with the request's correlation id.
"""

from __future__ import annotations

import json
import os
from http import HTTPStatus
from typing import Annotated, Any

import boto3
from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response, content_types
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext
from botocore.exceptions import ClientError
from pydantic import BaseModel, ConfigDict, Field

ResourceName = Annotated[str, Field(min_length=1)]


class Settings(BaseModel):
    """What the infrastructure passes in environment variables, checked once at cold start (fail fast)."""

    model_config = ConfigDict(frozen=True, alias_generator=str.upper, hide_input_in_errors=True)

    environment: ResourceName
    data_table_name: ResourceName


SETTINGS = Settings.model_validate(os.environ)

PK = "pk"
SK = "sk"

logger = Logger()
tracer = Tracer()
metrics = Metrics()
metrics.set_default_dimensions(environment=SETTINGS.environment)
app = APIGatewayHttpResolver()
table = boto3.resource("dynamodb").Table(SETTINGS.data_table_name)


@app.exception_handler(ClientError)  # type: ignore[untyped-decorator]  # Powertools leaves it unannotated
def aws_request_failed(error: ClientError) -> Response[str]:
    """A failed AWS call is our fault, not the caller's: log it (with the correlation id) and answer 500."""
    logger.exception("AWS request failed", error_code=error.response["Error"]["Code"])
    metrics.add_metric(name="DependencyFailures", unit=MetricUnit.Count, value=1)
    return Response(
        status_code=HTTPStatus.INTERNAL_SERVER_ERROR,
        content_type=content_types.APPLICATION_JSON,
        body=json.dumps({"message": "Internal server error"}),
    )


@app.get("/api/items")
@tracer.capture_method
def route_0(**path: str) -> dict[str, Any]:
    """Replace with this route's logic."""
    return {"path": app.current_event.path, "parameters": path}


@app.get("/api/items/<id>")
@tracer.capture_method
def route_1(**path: str) -> dict[str, Any]:
    """Replace with this route's logic."""
    return {"path": app.current_event.path, "parameters": path}


@app.post("/api/items")
@tracer.capture_method
def route_2(**path: str) -> dict[str, Any]:
    """Replace with this route's logic."""
    return {"path": app.current_event.path, "parameters": path}


@app.put("/api/items/<id>")
@tracer.capture_method
def route_3(**path: str) -> dict[str, Any]:
    """Replace with this route's logic."""
    return {"path": app.current_event.path, "parameters": path}


@app.delete("/api/items/<id>")
@tracer.capture_method
def route_4(**path: str) -> dict[str, Any]:
    """Replace with this route's logic."""
    return {"path": app.current_event.path, "parameters": path}


def public(item: dict[str, Any]) -> dict[str, Any]:
    """An item as the API shows it: without the table's key attributes."""
    return {name: value for name, value in item.items() if name not in (PK, SK)}


def is_missing(error: ClientError) -> bool:
    return bool(error.response["Error"]["Code"] == "ConditionalCheckFailedException")


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@metrics.log_metrics(capture_cold_start_metric=True)
@tracer.capture_lambda_handler
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
