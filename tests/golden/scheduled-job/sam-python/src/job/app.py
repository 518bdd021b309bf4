"""The scheduled job: does a bounded amount of work each time its schedule fires.

EventBridge Scheduler invokes it asynchronously, at least once, and retries a failed run, so a run must be
safe to repeat. The job watches its remaining time and stops early, saying so, rather than being cut off.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
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

SAFETY_MARGIN_MS = 10_000  # stop starting new work when less than this is left before the timeout

logger = Logger()
tracer = Tracer()
metrics = Metrics()
metrics.set_default_dimensions(environment=SETTINGS.environment)


class ScheduledRun(BaseModel):
    """What the schedule sends: its fire time and execution id (both optional: the schedule may send `{}`)."""

    scheduled_time: datetime = Field(default_factory=lambda: datetime.now(UTC))
    execution_id: str | None = Field(default=None, min_length=1, max_length=128)


def pending_work(run: ScheduledRun) -> list[str]:
    """The units of work this run should do. Replace with your own source: a query, a listing, an API call."""
    day = run.scheduled_time.strftime("%Y-%m-%d")
    return [f"{day}/part-{number}" for number in range(1, 4)]


@tracer.capture_method
def do_work(unit: str) -> None:
    """One unit of work: keep it small enough to finish well within SAFETY_MARGIN_MS."""
    logger.info("Working", unit=unit)


@tracer.capture_method
def record_run(summary: dict[str, Any]) -> None:
    logger.info("Run finished", **summary)


@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics(capture_cold_start_metric=True)
@tracer.capture_lambda_handler
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    run = ScheduledRun.model_validate(event)
    run_id = run.execution_id or context.aws_request_id
    logger.append_keys(run_id=run_id)
    work = pending_work(run)
    done = 0
    for unit in work:
        if context.get_remaining_time_in_millis() < SAFETY_MARGIN_MS:
            logger.warning("Stopping early: the timeout is near", done=done, left=len(work) - done)
            break
        do_work(unit)
        done += 1
    summary = {
        "run_id": run_id,
        "scheduled_time": run.scheduled_time.isoformat(),
        "scheduled_epoch": int(run.scheduled_time.timestamp()),
        "finished_at": datetime.now(UTC).isoformat(),
        "status": "completed" if done == len(work) else "partial",
        "units_done": done,
        "units_left": len(work) - done,
    }
    record_run(summary)
    metrics.add_metric(name="WorkUnitsDone", unit=MetricUnit.Count, value=done)
    return summary
