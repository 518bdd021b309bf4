"""Unit tests of the `job` function.

A full run, a run that nears its timeout, a run without input.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from ..support import load_handler

app = load_handler("job")
EVENT_FILE = Path(__file__).parents[2] / "events" / "job.json"
EVENT: dict[str, Any] = json.loads(EVENT_FILE.read_text())


def test_a_run_does_all_its_work(lambda_context: LambdaContext) -> None:
    summary = app.lambda_handler(EVENT, lambda_context)

    assert summary["status"] == "completed"
    assert summary["units_left"] == 0
    assert summary["run_id"] == EVENT["execution_id"]


def test_a_run_stops_early_when_its_timeout_is_near(nearly_timed_out_context: LambdaContext) -> None:
    summary = app.lambda_handler(EVENT, nearly_timed_out_context)

    assert summary["status"] == "partial"
    assert summary["units_done"] == 0


def test_a_run_needs_no_input(lambda_context: LambdaContext) -> None:
    summary = app.lambda_handler({}, lambda_context)

    assert summary["run_id"] == lambda_context.aws_request_id
    assert summary["status"] == "completed"
