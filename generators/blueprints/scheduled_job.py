"""Scheduled job: an EventBridge Scheduler schedule -> a function (no overlap), optionally writing a table/bucket."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from generators.blueprints.base import Blueprint, BlueprintOptions
from generators.model import Bucket, Component, Connection, Design, Function, Project, Schedule, Table, Triggers, Writes
from generators.model.schedules import check_schedule_expression, check_timezone


class ScheduledJobOptions(BlueprintOptions):
    schedule: str = Field(default="cron(0 8 * * ? *)",
                          description="cron(min hour day month weekday year) or rate(N minutes|hours|days)")
    timezone: str = Field(default="UTC", description="IANA time zone the cron expression is read in")
    flexible_window_minutes: int = Field(default=0, ge=0, le=1440, description="Flexible window (0 = exact time)")
    retry_attempts: int = Field(default=3, ge=0, le=185, description="Retries when the job cannot be invoked")
    max_event_age_s: int = Field(default=3600, ge=60, le=86400, description="Give up invoking after N seconds")
    dlq: bool = Field(default=True, description="Dead-letter queue for invocations that failed every retry")
    reserved_concurrency: int = Field(default=1, ge=1, le=1000,
                                      description="Concurrent runs allowed (1 = never overlap)")
    target: Literal["none", "table", "bucket"] = Field(default="none", description="Where the job writes")
    memory_mb: int = Field(default=512, ge=128, le=10240)
    timeout_s: int = Field(default=60, ge=1, le=900, description="Expected run time plus a buffer (s)")

    @field_validator("schedule")
    @classmethod
    def _schedule(cls, value: str) -> str:
        return check_schedule_expression(value)

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        return check_timezone(value)


def build(project: Project, options: ScheduledJobOptions) -> Design:
    components: list[Component] = [
        Schedule(name="schedule", expression=options.schedule, timezone=options.timezone,
                 flexible_window_minutes=options.flexible_window_minutes, retry_attempts=options.retry_attempts,
                 max_event_age_s=options.max_event_age_s, dlq=options.dlq, description="When the job runs"),
        Function(name="job", memory_mb=options.memory_mb, timeout_s=options.timeout_s,
                 reserved_concurrency=options.reserved_concurrency, on_failure_dlq=True,
                 description="The scheduled job"),
    ]
    connections: list[Connection] = [Triggers(source="schedule", target="job")]
    if options.target == "table":
        components.append(Table(name="results-table", description="Job results"))
        connections.append(Writes(source="job", target="results-table"))
    elif options.target == "bucket":
        components.append(Bucket(name="results-bucket", description="Job output"))
        connections.append(Writes(source="job", target="results-bucket"))
    return Design(project=project, components=components, connections=connections)


BLUEPRINT = Blueprint(
    name="scheduled-job",
    title="Scheduled job",
    summary="Run a function on a cron or rate schedule with retries, a DLQ and no overlapping runs.",
    options_model=ScheduledJobOptions,
    builder=build,
)
