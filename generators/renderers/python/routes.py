"""What each API route of a function does, derived from its method, its path and what the function may touch.

`POST` on a function that publishes → publish an event; `POST` on a function that starts a workflow → start an
execution; `/{resource}` and `/{resource}/{id}` → list/create and get/update/delete over the data table; a
function URL (one `ANY /` route) → the same CRUD routes with the resource as a path segment; anything else →
a small endpoint that answers 200, to be filled in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from generators.model import Routes
from generators.renderers.analysis import FunctionPlan

Operation = Literal["list", "get", "create", "update", "delete", "publish", "start", "echo"]
ALL_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
_RESOURCE_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_PARAM_RE = re.compile(r"^\{([A-Za-z_][A-Za-z0-9_]*)(\+?)\}$")
_CRUD: dict[tuple[str, int], Operation] = {
    ("GET", 1): "list", ("POST", 1): "create",
    ("GET", 2): "get", ("PUT", 2): "update", ("PATCH", 2): "update", ("DELETE", 2): "delete",
}
# a function URL has no gateway routing: the router serves every resource, named by the first path segment
GENERIC_RESOURCE = "resource"


@dataclass(frozen=True)
class RouteOp:
    operation: Operation
    methods: tuple[str, ...]
    path: str  # as the API sees it, e.g. /items/{id}
    rule: str  # as the Powertools resolver matches it, e.g. /items/<item_id>
    resource: str | None  # literal resource name; None when the resource is the <resource> path segment
    function: str  # Python name of the route function, unique in the module

    @property
    def decorator(self) -> str:
        """`get("/items")` or `route("/x", method=[...])` — method names and rules use only safe characters."""
        if len(self.methods) == 1:
            return f'{self.methods[0].lower()}("{self.rule}")'
        methods = ", ".join(f'"{m}"' for m in self.methods)
        return f'route("{self.rule}", method=[{methods}])'

    @property
    def has_item(self) -> bool:
        return self.operation in ("get", "update", "delete")


def _echo_rule(segments: list[str]) -> str:
    parts = []
    for segment in segments:
        match = _PARAM_RE.match(segment)
        if match is None:
            parts.append(segment)  # letters, digits and . _ ~ - (the model's path rule): no quoting needed
        elif match.group(2):
            parts.append(".+")  # greedy {proxy+}: matched, not passed as an argument
        else:
            parts.append(f"<{match.group(1)}>")
    return "/" + "/".join(parts)


# where a handler publishes *events* (an envelope with an event type): a topic or a bus; sending to a queue or
# a stream is the function's own code, not an event route
CHANNEL_KINDS = ("topic", "event_bus")


def publishes_events(plan: FunctionPlan) -> bool:
    return any(g.access == "publish" and g.kind in CHANNEL_KINDS for g in plan.grants)


def _op_for(route: Routes, plan: FunctionPlan) -> tuple[Operation, str | None]:
    segments = [s for s in route.path.split("/") if s]
    accesses = {g.access for g in plan.grants}
    if route.method == "POST" and publishes_events(plan):
        return "publish", None
    if route.method == "POST" and "start" in accesses:
        return "start", None
    item_segment = len(segments) == 2 and _PARAM_RE.match(segments[1]) and not segments[1].endswith("+}")
    if segments and _RESOURCE_RE.match(segments[0]) and (len(segments) == 1 or item_segment):
        operation = _CRUD.get((route.method, len(segments)))
        if operation is not None:
            return operation, segments[0]
    return "echo", None


def route_ops(plan: FunctionPlan) -> list[RouteOp]:
    ops: list[RouteOp] = []
    taken: set[str] = set()
    for index, route in enumerate(plan.routes):
        if plan.front_door is not None and plan.front_door.kind == "function_url":
            ops.extend(_generic_crud(plan))
            continue
        operation, resource = _op_for(route, plan)
        segments = [s for s in route.path.split("/") if s]
        methods = ALL_METHODS if route.method == "ANY" else (route.method,)
        if operation in ("list", "create", "get", "update", "delete") and resource is not None:
            rule = f"/{resource}" + ("/<item_id>" if len(segments) == 2 else "")
            function = f"{resource.replace('-', '_')}_{operation}"
        elif operation == "publish":
            rule, function = _echo_rule(segments), "publish_event"
        elif operation == "start":
            rule, function = _echo_rule(segments), "start_execution"
        else:
            rule, function = _echo_rule(segments), f"route_{index}"
        while function in taken:
            function += "_"
        taken.add(function)
        ops.append(RouteOp(operation, methods, route.path, rule, resource, function))
    return ops


def _generic_crud(plan: FunctionPlan) -> list[RouteOp]:
    del plan
    one, item = f"/<{GENERIC_RESOURCE}>", f"/<{GENERIC_RESOURCE}>/<item_id>"
    return [
        RouteOp("list", ("GET",), "/{resource}", one, None, "items_list"),
        RouteOp("create", ("POST",), "/{resource}", one, None, "items_create"),
        RouteOp("get", ("GET",), "/{resource}/{id}", item, None, "items_get"),
        RouteOp("update", ("PUT",), "/{resource}/{id}", item, None, "items_update"),
        RouteOp("delete", ("DELETE",), "/{resource}/{id}", item, None, "items_delete"),
    ]
