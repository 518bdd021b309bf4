"""HTTP handler behind the `api` HTTP API: JSON in, JSON out.

Invalid input answers 400; a failed AWS call answers 500 and is logged with the request's correlation id.
"""

from __future__ import annotations

import json
import os
import re
import uuid
from http import HTTPStatus
from typing import Annotated, Any

import boto3
from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response, content_types
from aws_lambda_powertools.event_handler.exceptions import BadRequestError
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext
from botocore.exceptions import ClientError
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

Arn = Annotated[str, Field(pattern=r"^arn:aws[a-z-]*:")]
ResourceName = Annotated[str, Field(min_length=1)]


class Settings(BaseModel):
    """What the infrastructure passes in environment variables, checked once at cold start (fail fast)."""

    model_config = ConfigDict(frozen=True, alias_generator=str.upper, hide_input_in_errors=True)

    environment: ResourceName
    workflow_arn: Arn


SETTINGS = Settings.model_validate(os.environ)

EXECUTION_NAME = re.compile(r"^[A-Za-z0-9_-]{1,80}$")
WORKFLOW_INPUT = TypeAdapter(dict[str, Any])

logger = Logger()
tracer = Tracer()
metrics = Metrics()
metrics.set_default_dimensions(environment=SETTINGS.environment)
app = APIGatewayHttpResolver()
sfn = boto3.client("stepfunctions")


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


@app.post("/executions")
@tracer.capture_method
def start_execution() -> Response[str]:
    """Start the workflow with the request body as its input; an Idempotency-Key header names the execution."""
    try:
        workflow_input = WORKFLOW_INPUT.validate_json(app.current_event.decoded_body or "")
    except ValidationError as error:
        raise BadRequestError(describe(error)) from error
    name = app.current_event.headers.get("idempotency-key") or str(uuid.uuid4())
    if not EXECUTION_NAME.match(name):
        raise BadRequestError("Idempotency-Key must be 1-80 letters, digits, '-' or '_'")
    execution = sfn.start_execution(
        stateMachineArn=SETTINGS.workflow_arn,
        name=name,
        input=json.dumps(workflow_input),
    )
    logger.info("Execution started", execution_arn=execution["executionArn"])
    metrics.add_metric(name="ExecutionsStarted", unit=MetricUnit.Count, value=1)
    body = {"executionArn": execution["executionArn"], "startDate": execution["startDate"].isoformat()}
    return json_response(HTTPStatus.ACCEPTED, body)


def json_response(status: HTTPStatus, body: dict[str, Any], headers: dict[str, str] | None = None) -> Response[str]:
    return Response(
        status_code=status,
        content_type=content_types.APPLICATION_JSON,
        body=json.dumps(body),
        headers=headers,
    )


def describe(error: ValidationError) -> str:
    """A one-line account of what is wrong with a request, for the 400 response."""
    problems = []
    for problem in error.errors(include_url=False):
        where = ".".join(str(part) for part in problem["loc"]) or "body"
        problems.append(where + ": " + problem["msg"])
    return "; ".join(problems)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@metrics.log_metrics(capture_cold_start_metric=True)
@tracer.capture_lambda_handler
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
