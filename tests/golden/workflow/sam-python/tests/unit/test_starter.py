"""Unit tests of the `starter` function.

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

app = load_handler("starter")
EVENT_FILE = Path(__file__).parents[2] / "events" / "starter.json"
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
def workflow(aws: None) -> str:
    arn: str = boto3.client("stepfunctions").create_state_machine(
        name="workflow",
        definition=json.dumps({"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}),
        roleArn="arn:aws:iam::123456789012:role/workflow-role",
    )["stateMachineArn"]
    assert arn == os.environ["WORKFLOW_ARN"]
    return arn


def test_it_answers_the_sample_event(workflow: str, lambda_context: LambdaContext) -> None:
    status, _ = call(EVENT, lambda_context)

    assert status == 202


def test_start_execution_starts_the_workflow(workflow: str, lambda_context: LambdaContext) -> None:
    event = request("POST", "/executions", {"id": "order-1001"})
    event = with_headers(event, {"idempotency-key": "order-1001"})

    status, body = call(event, lambda_context)

    assert status == 202
    execution = boto3.client("stepfunctions").describe_execution(executionArn=body["executionArn"])
    assert execution["name"] == "order-1001"
    assert json.loads(execution["input"]) == {"id": "order-1001"}


def test_start_execution_rejects_input_that_is_not_an_object(workflow: str, lambda_context: LambdaContext) -> None:
    event = request("POST", "/executions", [1, 2, 3])
    status, _ = call(event, lambda_context)

    assert status == 400
    assert boto3.client("stepfunctions").list_executions(stateMachineArn=workflow)["executions"] == []
