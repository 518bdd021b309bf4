"""Fan-out: a publisher -> an SNS topic or an EventBridge bus -> 1-10 filtered consumers, each with its own DLQ."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from generators.blueprints.base import Blueprint, BlueprintOptions
from generators.model import (
    Component,
    Connection,
    Design,
    EventBus,
    Function,
    HttpApi,
    Project,
    Publishes,
    Queue,
    Routes,
    Topic,
    Triggers,
)
from generators.model.names import Name

_EVENT_TYPE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
RESERVED = frozenset({"publisher", "events", "api"})


class Consumer(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    name: Name = Field(max_length=30, description="Consumer name (its function's name)")
    event_types: list[str] = Field(min_length=1, max_length=10, description="Event types this consumer receives",
                                   json_schema_extra={"items": {"type": "string", "pattern": _EVENT_TYPE_RE.pattern}})
    sqs_buffer: bool = Field(default=False, description="Put an SQS queue between the channel and the consumer")
    memory_mb: int = Field(default=512, ge=128, le=10240)
    timeout_s: int = Field(default=30, ge=1, le=900)

    @field_validator("event_types")
    @classmethod
    def _event_types(cls, value: list[str]) -> list[str]:
        for item in value:
            if not _EVENT_TYPE_RE.match(item):
                raise ValueError(f"event type {item!r} must be 1-64 letters, digits, '.', '_' or '-'")
        return value

    @field_validator("name")
    @classmethod
    def _not_reserved(cls, value: str) -> str:
        if value in RESERVED or value.endswith("-buffer"):
            raise ValueError(f"consumer name {value!r} is reserved; avoid {sorted(RESERVED)} and '-buffer' endings")
        return value


def _default_consumers() -> list[Consumer]:
    return [
        Consumer(name="billing", event_types=["order.created"]),
        Consumer(name="shipping", event_types=["order.created", "order.cancelled"]),
    ]


class FanOutOptions(BlueprintOptions):
    channel: Literal["sns", "eventbridge"] = Field(default="sns", description="sns (topic) | eventbridge (custom bus)")
    archive_retention_days: int | None = Field(
        default=None, ge=0, le=3650, description="EventBridge: archive events for replay (days; empty = no archive)",
        json_schema_extra={"applies_when": {"channel": ["eventbridge"]}},  # the wizard hides it for SNS
    )
    publisher: Literal["function", "api"] = Field(
        default="function", description="function (called by your services) | api (HTTP POST /events, IAM auth)"
    )
    filter_scope: Literal["message-attributes", "message-body"] = Field(
        default="message-attributes",
        description="SNS: consumers filter on the event_type message attribute, or on event_type in the message body",
        json_schema_extra={"applies_when": {"channel": ["sns"]}},
    )
    consumers: list[Consumer] = Field(default_factory=_default_consumers, min_length=1, max_length=10)

    @field_validator("consumers")
    @classmethod
    def _unique(cls, value: list[Consumer]) -> list[Consumer]:
        names = [c.name for c in value]
        if len(set(names)) != len(names):
            raise ValueError(f"consumer names must be unique, got {names}")
        return value


def build(project: Project, options: FanOutOptions) -> Design:
    components: list[Component] = []
    connections: list[Connection] = []
    if options.publisher == "api":
        components.append(HttpApi(name="api", auth="iam", description="POST /events publishes an event"))
        connections.append(Routes(source="api", target="publisher", method="POST", path="/events"))
    components.append(Function(name="publisher", memory_mb=256, timeout_s=10,
                               description="Validates and publishes events to the channel"))
    if options.channel == "sns":
        components.append(Topic(name="events", description="Standard topic; each consumer filters by event_type"))
    else:
        if options.archive_retention_days is not None:
            bus = EventBus(name="events", archive_retention_days=options.archive_retention_days,
                           description="Custom event bus with an archive for replay")
        else:
            bus = EventBus(name="events", description="Custom event bus; each consumer has its own rule")
        components.append(bus)
    connections.append(Publishes(source="publisher", target="events"))
    for consumer in options.consumers:
        function = Function(name=consumer.name, memory_mb=consumer.memory_mb, timeout_s=consumer.timeout_s,
                            description=f"Handles {', '.join(consumer.event_types)}",
                            on_failure_dlq=not consumer.sqs_buffer)
        if options.channel == "sns":
            delivery = Triggers(source="events", target=consumer.name,
                                filter_policy={"event_type": consumer.event_types},
                                filter_policy_scope=("MessageBody" if options.filter_scope == "message-body"
                                                     else "MessageAttributes"), dlq=True)
        else:
            delivery = Triggers(source="events", target=consumer.name,
                                event_pattern={"source": [project.name], "detail-type": consumer.event_types},
                                retry_attempts=3, max_event_age_s=3600, dlq=True)
        if consumer.sqs_buffer:
            buffer = f"{consumer.name}-buffer"
            components.append(Queue(name=buffer, visibility_timeout_s=6 * consumer.timeout_s,
                                    description=f"Buffers events for {consumer.name}"))
            connections.append(delivery.model_copy(update={"target": buffer}))
            connections.append(Triggers(source=buffer, target=consumer.name, batch_size=10, batching_window_s=0,
                                        report_batch_item_failures=True))
        else:
            connections.append(delivery)
        components.append(function)
    return Design(project=project, components=components, connections=connections)


BLUEPRINT = Blueprint(
    name="fan-out",
    title="Fan-out",
    summary="Publish events once to SNS or EventBridge; filtered consumers each get their copy and their own DLQ.",
    options_model=FanOutOptions,
    builder=build,
)
