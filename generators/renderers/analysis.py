"""Target-neutral reading of a Design: what each function is driven by, what it touches, and its environment.

Every renderer (SAM, CDK TypeScript, CDK Python) and every handler renderer (Python, TypeScript) works from
these plans, so the targets agree on handler shapes, environment variable names and permissions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
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
    "authorizer", "direct", "pipe", "durable", "kafka", "mq", "documentdb",
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
    # the CRUD operations of the function's routes when the grant is narrowed to them (the data table of an API
    # function); empty = every action of the access level
    operations: tuple[str, ...] = ()

    @property
    def actions(self) -> tuple[str, ...]:
        """The IAM actions the function gets on the component (from the catalog row)."""
        row = COMPONENTS[self.kind]
        if self.operations:
            return tuple(sorted({action for op in self.operations for action in row.access[op].iam}))
        return row.access[self.access].iam


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


# CRUD operation of an API route both handler languages serve from the data table: (method, item path) -> operation
CRUD_OPERATIONS: dict[tuple[str, bool], str] = {
    ("GET", False): "list", ("POST", False): "create", ("GET", True): "get", ("PUT", True): "update",
    ("PATCH", True): "update", ("DELETE", True): "delete",
}
READ_OPERATIONS = frozenset({"list", "get"})
_RESOURCE_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_ITEM_RE = re.compile(r"^\{[A-Za-z_][A-Za-z0-9_]*\}$")


def route_operation(route: Routes) -> str | None:
    """`GET /items` -> list, `DELETE /items/{id}` -> delete; None for any other route (the handler's own code)."""
    segments = [s for s in route.path.split("/") if s]
    if not segments or not _RESOURCE_RE.match(segments[0]) or len(segments) > 2:
        return None
    if len(segments) == 2 and not _ITEM_RE.match(segments[1]):
        return None
    return CRUD_OPERATIONS.get((route.method, len(segments) == 2))


def crud_operations(design: Design, plan: FunctionPlan) -> tuple[str, ...]:
    """The CRUD operations an API function's routes run on its data table, or () when its handler does more.

    Both handler languages serve these routes from the data table when it has a sort key (pk = resource,
    sk = id); a function URL's router serves all five. A function that publishes or starts a workflow, or has a
    route of its own, keeps its whole access level.
    """
    if plan.shape != "api" or plan.data_table is None or plan.front_door is None:
        return ()
    table = design.component(plan.data_table)
    if not isinstance(table, Table) or table.sort_key is None:
        return ()
    if any(g.access in ("publish", "start") for g in plan.grants):
        return ()
    if plan.front_door.kind == "function_url":
        operations: set[str] = set(CRUD_OPERATIONS.values())
    else:
        found = [route_operation(route) for route in plan.routes]
        if not found or None in found:
            return ()
        operations = {op for op in found if op is not None}
    grant = next(g for g in plan.grants if g.component == plan.data_table)
    allowed = {"read": READ_OPERATIONS, "write": set(CRUD_OPERATIONS.values()) - READ_OPERATIONS}.get(
        grant.access, set(CRUD_OPERATIONS.values()))
    return tuple(sorted(operations & allowed))


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
            if source.kind == "pipe":  # the pipe's enrichment: a batch in, the enriched batch out
                plan.shape = "pipe"
                plan.source = source
            if isinstance(source, StateMachine):
                plan.invoked_by_state_machine = True
                callback = any(
                    isinstance(s, TaskStep) and s.function == function.name and s.integration == "wait_for_callback"
                    for s in source.steps
                )
                plan.shape = "callback" if callback else "task"
        elif conn.target == function.name and conn.kind == "pipes":  # a pipe's target: a batch in
            plan.shape = "pipe"
            plan.source = by_name[conn.source]
        elif conn.source == function.name and conn.kind == "authorizes":
            plan.shape = "authorizer"
            plan.authorizes = by_name[conn.target]
    if function.durable is not None:  # its handler runs the workflow, whatever starts it
        plan.shape = "durable"
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
        elif isinstance(target, Function) and target.durable is not None:
            mode = "start"  # invoking a durable function starts a durable execution (through its live alias)
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
    operations = crud_operations(design, plan)
    if operations:  # least privilege per route: only what its operations need on the data table
        plan.grants = [replace(g, operations=operations) if g.component == plan.data_table else g
                       for g in plan.grants]
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
