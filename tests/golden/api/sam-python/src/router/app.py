"""HTTP handler behind the `api` HTTP API: JSON in, JSON out.

Items live in one DynamoDB table: the partition key holds the resource name, the sort key the item id, so a
list is a Query, never a Scan. Invalid input answers 400, unknown items 404, a failed AWS call 500.
"""

from __future__ import annotations

import base64
import json
import os
import uuid
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Annotated, Any

import boto3
from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response, content_types
from aws_lambda_powertools.event_handler.exceptions import BadRequestError, NotFoundError
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext
from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError
from pydantic import BaseModel, ConfigDict, Field, ValidationError

ResourceName = Annotated[str, Field(min_length=1)]


class Settings(BaseModel):
    """What the infrastructure passes in environment variables, checked once at cold start (fail fast)."""

    model_config = ConfigDict(frozen=True, alias_generator=str.upper, hide_input_in_errors=True)

    environment: ResourceName
    data_table_name: ResourceName


SETTINGS = Settings.model_validate(os.environ)

PK = "pk"
SK = "sk"
MAX_PAGE_SIZE = 100

logger = Logger()
tracer = Tracer()
metrics = Metrics()
metrics.set_default_dimensions(environment=SETTINGS.environment)
app = APIGatewayHttpResolver()
table = boto3.resource("dynamodb").Table(SETTINGS.data_table_name)


class ItemInput(BaseModel):
    """The JSON body of a create or update request; unknown fields are rejected."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=2000)


class ListQuery(BaseModel):
    """The query string of a list request: the page size and the cursor of the previous page."""

    model_config = ConfigDict(extra="forbid")

    limit: int = Field(default=25, ge=1, le=MAX_PAGE_SIZE)
    cursor: str | None = Field(default=None, max_length=2048)


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


@app.get("/items")
@tracer.capture_method
def items_list() -> dict[str, Any]:
    return list_items("items")


@app.get("/items/<item_id>")
@tracer.capture_method
def items_get(item_id: str) -> dict[str, Any]:
    return get_item("items", item_id)


@app.post("/items")
@tracer.capture_method
def items_create() -> Response[str]:
    return create_item("items")


@app.put("/items/<item_id>")
@tracer.capture_method
def items_update(item_id: str) -> dict[str, Any]:
    return update_item("items", item_id)


@app.delete("/items/<item_id>")
@tracer.capture_method
def items_delete(item_id: str) -> Response[str]:
    return delete_item("items", item_id)


def read_item_input() -> ItemInput:
    try:
        return ItemInput.model_validate_json(app.current_event.decoded_body or "")
    except ValidationError as error:
        raise BadRequestError(describe(error)) from error


def read_list_query() -> ListQuery:
    try:
        return ListQuery.model_validate(app.current_event.query_string_parameters)
    except ValidationError as error:
        raise BadRequestError(describe(error)) from error


def public(item: dict[str, Any]) -> dict[str, Any]:
    """An item as the API shows it: without the table's key attributes."""
    return {name: value for name, value in item.items() if name not in (PK, SK)}


def is_missing(error: ClientError) -> bool:
    return bool(error.response["Error"]["Code"] == "ConditionalCheckFailedException")


@tracer.capture_method
def list_items(resource: str) -> dict[str, Any]:
    """One page of a resource's items (a Query on the partition key) and the cursor of the next page."""
    query = read_list_query()
    request: dict[str, Any] = {"KeyConditionExpression": Key(PK).eq(resource), "Limit": query.limit}
    if query.cursor:
        request["ExclusiveStartKey"] = decode_cursor(query.cursor, resource)
    page = table.query(**request)
    result: dict[str, Any] = {"items": [public(item) for item in page["Items"]]}
    if "LastEvaluatedKey" in page:
        result["next_cursor"] = encode_cursor(page["LastEvaluatedKey"])
    return result


def encode_cursor(key: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode()


def decode_cursor(cursor: str, resource: str) -> dict[str, Any]:
    """The key a previous page ended on; refused unless it is one of this resource's keys."""
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except ValueError as error:
        raise BadRequestError("cursor is not valid") from error
    if not isinstance(key, dict) or set(key) != {PK, SK} or key[PK] != resource:
        raise BadRequestError("cursor is not valid")
    return key


@tracer.capture_method
def get_item(resource: str, item_id: str) -> dict[str, Any]:
    item = table.get_item(Key={PK: resource, SK: item_id}).get("Item")
    if item is None:
        raise NotFoundError(f"{resource}/{item_id} not found")
    return public(item)


@tracer.capture_method
def create_item(resource: str) -> Response[str]:
    data = read_item_input()
    item_id = str(uuid.uuid4())
    now = datetime.now(UTC).isoformat()
    item = {"id": item_id, **data.model_dump(), "created_at": now, "updated_at": now}
    table.put_item(
        Item={PK: resource, SK: item_id, **item},
        ConditionExpression="attribute_not_exists(#sk)",
        ExpressionAttributeNames={"#sk": SK},
    )
    logger.info("Item created", resource=resource, item_id=item_id)
    metrics.add_metric(name="ItemsCreated", unit=MetricUnit.Count, value=1)
    return json_response(HTTPStatus.CREATED, item, headers={"Location": f"/{resource}/{item_id}"})


@tracer.capture_method
def update_item(resource: str, item_id: str) -> dict[str, Any]:
    data = read_item_input()
    fields = {**data.model_dump(), "updated_at": datetime.now(UTC).isoformat()}
    try:
        result = table.update_item(
            Key={PK: resource, SK: item_id},
            UpdateExpression="SET " + ", ".join(f"#{name} = :{name}" for name in fields),
            ConditionExpression="attribute_exists(#sk)",
            ExpressionAttributeNames={"#sk": SK, **{f"#{name}": name for name in fields}},
            ExpressionAttributeValues={f":{name}": value for name, value in fields.items()},
            ReturnValues="ALL_NEW",
        )
    except ClientError as error:
        if is_missing(error):
            raise NotFoundError(f"{resource}/{item_id} not found") from error
        raise
    logger.info("Item updated", resource=resource, item_id=item_id)
    return public(result["Attributes"])


@tracer.capture_method
def delete_item(resource: str, item_id: str) -> Response[str]:
    try:
        table.delete_item(
            Key={PK: resource, SK: item_id},
            ConditionExpression="attribute_exists(#sk)",
            ExpressionAttributeNames={"#sk": SK},
        )
    except ClientError as error:
        if is_missing(error):
            raise NotFoundError(f"{resource}/{item_id} not found") from error
        raise
    logger.info("Item deleted", resource=resource, item_id=item_id)
    return Response(status_code=HTTPStatus.NO_CONTENT, body="")


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
