"""Unit tests of the `billing` function.

The sample notification and a message that is not an event.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import ValidationError

from ..support import load_handler

app = load_handler("billing")
EVENT_FILE = Path(__file__).parents[2] / "events" / "billing.json"
EVENT: dict[str, Any] = json.loads(EVENT_FILE.read_text())


def test_it_handles_the_sample_event(lambda_context: LambdaContext) -> None:
    published = json.loads(EVENT["Records"][0]["Sns"]["Message"])

    result = app.lambda_handler(EVENT, lambda_context)

    assert result == [{"event_id": published["metadata"]["id"], "handled": True}]


def test_a_message_that_is_not_an_event_fails_the_invocation(lambda_context: LambdaContext) -> None:
    event = copy.deepcopy(EVENT)
    event["Records"][0]["Sns"]["Message"] = json.dumps({"data": "no metadata"})

    with pytest.raises(ValidationError):
        app.lambda_handler(event, lambda_context)
