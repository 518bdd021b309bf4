"""Unit tests of the `publisher` function.

The sample event reaches a subscriber; an invalid one does not.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import boto3
import pytest
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import ValidationError

from ..support import load_handler

app = load_handler("publisher")
EVENT_FILE = Path(__file__).parents[2] / "events" / "publisher.json"
EVENT: dict[str, Any] = json.loads(EVENT_FILE.read_text())


@pytest.fixture
def subscriber(aws: None) -> str:
    """An SQS queue that receives what the function publishes; returns its URL."""
    sqs = boto3.client("sqs")
    queue_url: str = sqs.create_queue(QueueName="test-subscriber")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    topic_arn = boto3.client("sns").create_topic(Name="events")["TopicArn"]
    assert topic_arn == os.environ["EVENTS_ARN"]
    boto3.client("sns").subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=queue_arn)
    return queue_url


def received(queue_url: str) -> list[dict[str, Any]]:
    messages = boto3.client("sqs").receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10)
    return [json.loads(message["Body"]) for message in messages.get("Messages", [])]


def test_it_publishes_the_sample_event(subscriber: str, lambda_context: LambdaContext) -> None:
    result = app.lambda_handler(EVENT, lambda_context)

    [message] = received(subscriber)
    assert message["MessageAttributes"]["event_type"]["Value"] == EVENT["event_type"]
    published = json.loads(message["Message"])
    assert published["event_type"] == EVENT["event_type"]  # for subscriptions that filter on the body
    assert published["metadata"]["id"] == result["id"]
    assert published["metadata"]["correlationId"] == EVENT["correlation_id"]
    assert published["data"] == EVENT["data"]


def test_it_refuses_an_event_without_a_type(subscriber: str, lambda_context: LambdaContext) -> None:
    with pytest.raises(ValidationError):
        app.lambda_handler({"data": EVENT["data"]}, lambda_context)

    assert received(subscriber) == []
