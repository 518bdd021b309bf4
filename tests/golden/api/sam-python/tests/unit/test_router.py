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

    assert status == 201


def test_items_list_pages_through_the_items(table: Any, lambda_context: LambdaContext) -> None:
    put(table, "items", "item-1")
    put(table, "items", "item-2")
    put(table, "other-resource", "item-3")

    event = request("GET", "/items", query={"limit": "1"})

    status, first = call(event, lambda_context)
    event = request("GET", "/items", query={"cursor": first["next_cursor"]})
    _, second = call(event, lambda_context)

    assert status == 200
    assert [item["id"] for item in first["items"] + second["items"]] == ["item-1", "item-2"]
    assert "next_cursor" not in second


def test_items_list_rejects_a_bad_page_size(table: Any, lambda_context: LambdaContext) -> None:
    event = request("GET", "/items", query={"limit": "1000"})
    status, _ = call(event, lambda_context)

    assert status == 400


def test_items_get_returns_the_item(table: Any, lambda_context: LambdaContext) -> None:
    put(table, "items", "item-1", name="Desk lamp")

    event = request("GET", "/items/item-1")

    status, body = call(event, lambda_context)

    assert status == 200
    assert body == {"id": "item-1", "name": "Desk lamp", "description": ""}


def test_items_get_answers_404_for_an_unknown_item(table: Any, lambda_context: LambdaContext) -> None:
    event = request("GET", "/items/item-1")
    status, _ = call(event, lambda_context)

    assert status == 404


def test_items_create_stores_the_item(table: Any, lambda_context: LambdaContext) -> None:
    event = request("POST", "/items", {"name": "Desk lamp"})
    status, body = call(event, lambda_context)

    assert status == 201
    assert body["name"] == "Desk lamp"
    stored = table.get_item(Key={app.PK: "items", app.SK: body["id"]})["Item"]
    assert stored["name"] == "Desk lamp"


def test_items_create_rejects_an_invalid_body(table: Any, lambda_context: LambdaContext) -> None:
    event = request("POST", "/items", {"name": "", "color": "red"})
    status, body = call(event, lambda_context)

    assert status == 400
    assert "name" in body["message"]
    assert table.scan()["Count"] == 0


def test_items_update_changes_the_item(table: Any, lambda_context: LambdaContext) -> None:
    put(table, "items", "item-1")

    event = request("PUT", "/items/item-1", {"name": "Renamed"})
    status, body = call(event, lambda_context)

    assert status == 200
    assert body["name"] == "Renamed"
    assert table.get_item(Key={app.PK: "items", app.SK: "item-1"})["Item"]["name"] == "Renamed"


def test_items_update_answers_404_for_an_unknown_item(table: Any, lambda_context: LambdaContext) -> None:
    event = request("PUT", "/items/item-1", {"name": "Renamed"})
    status, _ = call(event, lambda_context)

    assert status == 404
    assert table.scan()["Count"] == 0


def test_items_delete_removes_the_item(table: Any, lambda_context: LambdaContext) -> None:
    put(table, "items", "item-1")

    event = request("DELETE", "/items/item-1")
    status, _ = call(event, lambda_context)

    assert status == 204
    assert "Item" not in table.get_item(Key={app.PK: "items", app.SK: "item-1"})


def test_items_delete_answers_404_for_an_unknown_item(table: Any, lambda_context: LambdaContext) -> None:
    event = request("DELETE", "/items/item-1")
    status, _ = call(event, lambda_context)

    assert status == 404
