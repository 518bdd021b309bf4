"""EventBridge pipes, decided once for SAM, CDK TypeScript and CDK Python: the source and its batch settings,
the target and how the pipe invokes it, the optional enrichment, and the least-privilege role (the source's read
actions on the source's ARN, the target's delivery action on the target's ARN, invoke on the enrichment).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generators.catalog import COMPONENTS
from generators.catalog.components import DYNAMODB_STREAM_READ
from generators.model import Design, Pipe
from generators.renderers.plan.event_sources import DEFAULT_BATCH_SIZE, DEFAULT_STARTING_POSITION

# the CloudFormation SourceParameters key per source kind
SOURCE_PARAMETERS = {"queue": "SqsQueueParameters", "table": "DynamoDBStreamParameters",
                     "stream": "KinesisStreamParameters"}
# what the pipe's role may do on its source: the catalog's read access (a table: its stream)
SOURCE_ACTIONS: dict[str, tuple[str, ...]] = {
    "queue": COMPONENTS["queue"].access["read"].iam,
    "stream": COMPONENTS["stream"].access["read"].iam,
    "table": DYNAMODB_STREAM_READ,
}
# the catalog access level the pipe's role needs on each target kind
TARGET_ACCESS = {"function": "invoke", "queue": "publish", "topic": "publish", "event_bus": "publish",
                 "state_machine": "start"}
# how the pipe invokes a function or a state machine target (fire and forget: the pipe does not wait)
INVOCATION_TYPE = {"function": "REQUEST_RESPONSE", "state_machine": "FIRE_AND_FORGET"}


@dataclass(frozen=True)
class RoleStatement:
    actions: tuple[str, ...]
    component: str
    kind: str
    attribute: str  # arn | stream_arn (a table's stream)


@dataclass(frozen=True)
class PipePlan:
    name: str
    description: str
    source: str
    source_kind: str
    target: str
    target_kind: str
    enrichment: str | None
    batch_size: int
    window_s: int
    starting_position: str | None  # streams only
    filters: list[dict[str, Any]] = field(default_factory=list)
    statements: tuple[RoleStatement, ...] = ()

    @property
    def source_parameters(self) -> str:
        return SOURCE_PARAMETERS[self.source_kind]

    @property
    def invocation_type(self) -> str | None:
        return INVOCATION_TYPE.get(self.target_kind)


def pipe_plan(design: Design, pipe: Pipe) -> PipePlan:
    [source] = [design.component(c.source) for c in design.incoming(pipe.name, "pipes")]
    [target] = [design.component(c.target) for c in design.outgoing(pipe.name, "pipes")]
    enrichments = [c.target for c in design.outgoing(pipe.name, "invokes")]
    enrichment = enrichments[0] if enrichments else None
    stream = source.kind in ("table", "stream")
    statements = [
        RoleStatement(SOURCE_ACTIONS[source.kind], source.name, source.kind,
                      "stream_arn" if source.kind == "table" else "arn"),
        RoleStatement(COMPONENTS[target.kind].access[TARGET_ACCESS[target.kind]].iam, target.name, target.kind, "arn"),
    ]
    if enrichment is not None:
        statements.append(RoleStatement(COMPONENTS["function"].access["invoke"].iam, enrichment, "function", "arn"))
    return PipePlan(
        name=pipe.name,
        description=pipe.description or f"{source.name} to {target.name}",
        source=source.name, source_kind=source.kind, target=target.name, target_kind=target.kind,
        enrichment=enrichment,
        batch_size=pipe.batch_size or DEFAULT_BATCH_SIZE[source.kind],
        window_s=pipe.batching_window_s or 0,
        starting_position=(pipe.starting_position or DEFAULT_STARTING_POSITION[source.kind]) if stream else None,
        filters=list(pipe.filter_patterns or []),
        statements=tuple(statements),
    )


def is_complete(design: Design, pipe: str) -> bool:
    """Whether the pipe has its source and its target (a draft pipe without both deploys nothing)."""
    return bool(design.incoming(pipe, "pipes")) and bool(design.outgoing(pipe, "pipes"))


def pipe_plans(design: Design) -> list[PipePlan]:
    return [pipe_plan(design, c) for c in design.components if isinstance(c, Pipe) and is_complete(design, c.name)]
