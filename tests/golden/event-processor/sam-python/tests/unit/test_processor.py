"""Unit tests of the `processor` function.

The sample batch, a poison record.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from ..support import load_handler

app = load_handler("processor")
EVENT_FILE = Path(__file__).parents[2] / "events" / "processor.json"
EVENT: dict[str, Any] = json.loads(EVENT_FILE.read_text())


def poison_record() -> dict[str, Any]:
    """A copy of the first sample record that can never be processed."""
    poison: dict[str, Any] = copy.deepcopy(EVENT["Records"][0])
    poison["messageId"] = "00000000-0000-4000-8000-00000000dead"
    poison["body"] = "not JSON"
    return poison


def test_it_processes_the_sample_batch(lambda_context: LambdaContext) -> None:
    response = app.lambda_handler(EVENT, lambda_context)

    assert response == {"batchItemFailures": []}


def test_it_reports_only_the_poison_record_as_failed(lambda_context: LambdaContext) -> None:
    poison = poison_record()
    event = {"Records": [*EVENT["Records"], poison]}

    response = app.lambda_handler(event, lambda_context)

    assert response == {"batchItemFailures": [{"itemIdentifier": poison["messageId"]}]}
