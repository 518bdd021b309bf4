"""Target-neutral reading of a Design: what each function is driven by, what it touches, and its environment.

Every renderer (SAM, CDK TypeScript, CDK Python) and every handler renderer (Python, TypeScript) works from
these plans, so the targets agree on handler shapes, environment variable names and permissions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from generators.catalog import COMPONENTS, TRIGGER_SHAPES
from generators.model import (
    Component,
    Design,
    Function,
    Invokes,
    Routes,
    StateMachine,
    Table,
    TaskStep,
    Triggers,
)
from generators.model.names import snake, upper_snake

Shape = Literal[
    "api", "sqs", "dynamodb_stream", "kinesis", "s3", "sns", "eventbridge", "schedule", "task", "callback",
    "authorizer", "direct",
]
Access = Literal["read", "write", "read_write", "publish", "start", "invoke"]

# the request headers every target's CORS configuration allows (SAM and both CDK languages)
CORS_HEADERS = ["Authorization", "Content-Type", "X-Amz-Date", "X-Amz-Security-Token"]

# component kind -> (env var suffix, attribute the value holds), from the catalog
ENV_ATTRIBUTE: dict[str, tuple[str, str]] = {
    row.kind: (row.env_suffix, row.env_attribute) for row in COMPONENTS.values()
    if row.env_suffix and row.env_attribute
}


@dataclass(frozen=True)
class EnvVar:
    name: str
    component: str
    kind: str
    attribute: str  # name | arn | url


@dataclass(frozen=True)
class Grant:
    component: str
    kind: str
    access: Access


@dataclass
class FunctionPlan:
    function: Function
    shape: Shape
    module: str
    routes: list[Routes] = field(default_factory=list)
    front_door: Component | None = None
    trigger: Triggers | None = None
    source: Component | None = None
    grants: list[Grant] = field(default_factory=list)
    env: list[EnvVar] = field(default_factory=list)
    idempotency_table: str | None = None
    data_table: str | None = None
    authorizes: Component | None = None
    invoked_by_state_machine: bool = False

    @property
    def name(self) -> str:
        return self.function.name

    @property
    def is_async(self) -> bool:
        """Invoked asynchronously by its source (S3, SNS, EventBridge, Scheduler, async invoke)."""
        return self.shape in ("s3", "sns", "eventbridge", "schedule")

    def env_for(self, component: str) -> EnvVar:
        return next(e for e in self.env if e.component == component)

    def grants_of(self, kind: str) -> list[Grant]:
        return [g for g in self.grants if g.kind == kind]


def env_var_name(component: Component) -> str:
    suffix, _ = ENV_ATTRIBUTE[component.kind]
    return f"{upper_snake(component.name)}_{suffix}"


def plan_function(design: Design, function: Function) -> FunctionPlan:
    by_name = {c.name: c for c in design.components}
    plan = FunctionPlan(function=function, shape="direct", module=snake(function.name))
    for conn in design.connections:
        if conn.target == function.name and isinstance(conn, Routes):
            plan.shape = "api"
            plan.routes.append(conn)
            plan.front_door = by_name[conn.source]
        elif conn.target == function.name and isinstance(conn, Triggers):
            source = by_name[conn.source]
            plan.trigger, plan.source = conn, source
            plan.shape = TRIGGER_SHAPES[source.kind]  # type: ignore[assignment]
        elif conn.target == function.name and isinstance(conn, Invokes):
            source = by_name[conn.source]
            if isinstance(source, StateMachine):
                plan.invoked_by_state_machine = True
                callback = any(
                    isinstance(s, TaskStep) and s.function == function.name and s.integration == "wait_for_callback"
                    for s in source.steps
                )
                plan.shape = "callback" if callback else "task"
        elif conn.source == function.name and conn.kind == "authorizes":
            plan.shape = "authorizer"
            plan.authorizes = by_name[conn.target]
    # what the function touches
    access: dict[str, set[str]] = {}
    for conn in design.connections:
        if conn.source != function.name:
            continue
        if conn.kind in ("reads", "writes", "publishes", "starts"):
            access.setdefault(conn.target, set()).add(conn.kind)
        elif conn.kind == "invokes":
            access.setdefault(conn.target, set()).add("invokes")
    for target_name, kinds in access.items():
        target = by_name[target_name]
        if kinds >= {"reads", "writes"}:
            mode: Access = "read_write"
        elif "reads" in kinds:
            mode = "read"
        elif "writes" in kinds:
            mode = "write"
        elif "publishes" in kinds:
            mode = "publish"
        elif "starts" in kinds:
            mode = "start"
        else:
            mode = "invoke"
        plan.grants.append(Grant(target_name, target.kind, mode))
        _, attribute = ENV_ATTRIBUTE[target.kind]
        plan.env.append(EnvVar(env_var_name(target), target_name, target.kind, attribute))
        if isinstance(target, Table):
            if target.purpose == "idempotency":
                plan.idempotency_table = target_name
            elif plan.data_table is None:
                plan.data_table = target_name
    return plan


def plan_functions(design: Design) -> list[FunctionPlan]:
    return [plan_function(design, f) for f in design.functions()]


def output_bucket_of(plan: FunctionPlan) -> str | None:
    """The bucket an S3 processor writes to (not its trigger bucket)."""
    source = plan.source.name if plan.source else None
    for grant in plan.grants:
        if grant.kind == "bucket" and grant.access in ("write", "read_write") and grant.component != source:
            return grant.component
    return None
