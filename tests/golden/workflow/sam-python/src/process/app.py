"""Step `process` of the workflow: takes the state's input and returns the next state's input.

Raise an exception to fail the step: the state machine retries transient Lambda errors and sends the
rest to its failure state. Keep the output small (state payloads are limited to 256 KB).
"""

from __future__ import annotations

import os
from typing import Annotated, Any

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel, ConfigDict, Field

ResourceName = Annotated[str, Field(min_length=1)]


class Settings(BaseModel):
    """What the infrastructure passes in environment variables, checked once at cold start (fail fast)."""

    model_config = ConfigDict(frozen=True, alias_generator=str.upper, hide_input_in_errors=True)

    environment: ResourceName


SETTINGS = Settings.model_validate(os.environ)

STEP = "process"

logger = Logger()
tracer = Tracer()
metrics = Metrics()
metrics.set_default_dimensions(environment=SETTINGS.environment)


class StepFailed(Exception):
    """This step cannot complete with the input it got (Step Functions sees the error name `StepFailed`)."""


@tracer.capture_method
def run_step(state: dict[str, Any]) -> dict[str, Any]:
    """Replace with this step's work. It records that it ran, so the workflow's output shows every step."""
    if "id" not in state:
        raise StepFailed("the workflow input needs an 'id'")
    return {**state, "completed_steps": [*state.get("completed_steps", []), STEP]}


@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics(capture_cold_start_metric=True)
@tracer.capture_lambda_handler
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    logger.append_keys(step=STEP, request_id=event.get("id"))
    result = run_step(event)
    metrics.add_metric(name="StepsSucceeded", unit=MetricUnit.Count, value=1)
    return result
