"""Unit tests of the `router` function.

The sample event and every route, against moto's AWS.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import boto3
import pytest
from aws_lambda_powertools.utilities.typing import LambdaContext

from ..support import load_handler

app = load_handler("router")
EVENT_FILE = Path(__file__).parents[2] / "events" / "router.json"
EVENT: dict[str, Any] = json.loads(EVENT_FILE.read_text())


def request(method: str, path: str, body: Any = None, query: dict[str, str] | None = None) -> dict[str, Any]:
    """The sample event, aimed at another route."""
    event = copy.deepcopy(EVENT)
    event["requestContext"]["http"]["method"] = method
    event["rawPath"] = event["requestContext"]["http"]["path"] = path
    event["rawQueryString"] = urlencode(query or {})
    event["queryStringParameters"] = query
    event["body"] = body if body is None or isinstance(body, str) else json.dumps(body)
    return event


def with_headers(event: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
    event["headers"] = {**event["headers"], **headers}
    return event


def call(event: dict[str, Any], context: LambdaContext) -> tuple[int, Any]:
    response = app.lambda_handler(event, context)
    body = json.loads(response["body"]) if response.get("body") else None
    return response["statusCode"], body


@pytest.fixture
def table(aws: None) -> Any:
    return boto3.resource("dynamodb").create_table(
        TableName=os.environ["DATA_TABLE_NAME"],
        KeySchema=[
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"},
        ],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )


def put(table: Any, resource: str, item_id: str, name: str = "Stored item") -> None:
    table.put_item(Item={app.PK: resource, app.SK: item_id, "id": item_id, "name": name, "description": ""})


def test_it_answers_the_sample_event(table: Any, lambda_context: LambdaContext) -> None:
    status, _ = call(EVENT, lambda_context)

    assert status == 200


def test_route_0_answers(table: Any, lambda_context: LambdaContext) -> None:
    event = request("GET", "/api/items")
    status, _ = call(event, lambda_context)

    assert status == 200


def test_route_1_answers(table: Any, lambda_context: LambdaContext) -> None:
    event = request("GET", "/api/items/{id}")
    status, _ = call(event, lambda_context)

    assert status == 200


def test_route_2_answers(table: Any, lambda_context: LambdaContext) -> None:
    event = request("POST", "/api/items")
    status, _ = call(event, lambda_context)

    assert status == 200


def test_route_3_answers(table: Any, lambda_context: LambdaContext) -> None:
    event = request("PUT", "/api/items/{id}")
    status, _ = call(event, lambda_context)

    assert status == 200


def test_route_4_answers(table: Any, lambda_context: LambdaContext) -> None:
    event = request("DELETE", "/api/items/{id}")
    status, _ = call(event, lambda_context)

    assert status == 200
