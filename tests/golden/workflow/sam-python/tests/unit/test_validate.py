"""Unit tests of the `validate` step.

The sample state in, the next state out; bad input fails the step.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from aws_lambda_powertools.utilities.typing import LambdaContext

from ..support import load_handler

app = load_handler("validate")
EVENT_FILE = Path(__file__).parents[2] / "events" / "validate.json"
EVENT: dict[str, Any] = json.loads(EVENT_FILE.read_text())


def test_it_passes_the_state_on_and_records_the_step(lambda_context: LambdaContext) -> None:
    result = app.lambda_handler(EVENT, lambda_context)

    assert result == {**EVENT, "completed_steps": [*EVENT.get("completed_steps", []), app.STEP]}


def test_it_fails_the_step_when_the_input_has_no_id(lambda_context: LambdaContext) -> None:
    with pytest.raises(app.StepFailed):
        app.lambda_handler({"items": []}, lambda_context)
