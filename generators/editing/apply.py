"""Apply a list of edit operations to a design, all or nothing.

Each operation is checked as it is applied (the names it uses exist, the connection pair is one the catalog
allows, the settings are valid for the kind), then the whole resulting design is validated once: intermediate
states may be incomplete (an API set to `auth: jwt` before its `authorizes` connection is added). A problem of
the resulting design is reported on the last operation that touched the component or connection at fault, so
every message names `edits[i].field`.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from generators.catalog import COMPONENTS, CONNECTIONS
from generators.editing.operations import (
    EDIT_LIST,
    MAX_EDITS,
    AddComponent,
    Connect,
    Disconnect,
    EditOperation,
    RemoveComponent,
    RenameComponent,
    UpdateComponent,
)
from generators.model.components import Component
from generators.model.connections import Connection
from generators.model.design import Design
from generators.model.io import design_to_data, format_location, validation_problems
from generators.model.loading import check_data
from generators.model.messages import DesignInputError, shown

_COMPONENT: TypeAdapter[Any] = TypeAdapter(Component)
_CONNECTION: TypeAdapter[Any] = TypeAdapter(Connection)
_PATH_RE = re.compile(r"^(components|connections)\[(\d+)\](?: \([^)]*\))?\.?(.*)$")


class EditError(DesignInputError):
    """A list of edits that was refused; `problems` are (`edits[i].field`, message), nothing was applied."""


class _Refused(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def allowed_connection_kinds(source_kind: str, target_kind: str) -> list[str]:
    """The connection kinds the catalog allows from a `source_kind` to a `target_kind`, in catalog order."""
    return [row.kind for row in CONNECTIONS.values() if (source_kind, target_kind) in row.pairs]


def component_defaults(kind: str) -> dict[str, Any]:
    """The settings a new component of `kind` gets when none are given (for forms and docs)."""
    data = _COMPONENT.validate_python({"kind": kind, "name": "example"})
    out = data.model_dump(mode="json", exclude_none=True)
    out.pop("kind")
    out.pop("name")
    return dict(out)


def parse_edits(data: Any) -> list[EditOperation]:
    """Validate a parsed list of operations (from JSON); DesignInputError names `edits[i].field`."""
    if isinstance(data, dict) and "edits" in data:
        data = data["edits"]
    if not isinstance(data, list):
        raise EditError([("edits", "a list of edit operations is expected, e.g. "
                                   "[{\"op\": \"add_component\", \"kind\": \"queue\", \"name\": \"jobs\"}]")])
    if len(data) > MAX_EDITS:
        raise EditError([("edits", f"{len(data)} operations; at most {MAX_EDITS} in one request")])
    try:
        check_data(data)
    except DesignInputError as exc:
        raise EditError([(f"edits{p}" if p.startswith("[") else f"edits.{p}" if p else "edits", m)
                         for p, m in exc.problems]) from None
    try:
        return EDIT_LIST.validate_python(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            if len(loc) >= 2 and isinstance(loc[0], int) and loc[1] in _OPS:
                loc = (loc[0], *loc[2:])
            message = str(error["msg"]).removeprefix("Value error, ")
            if error["type"] == "union_tag_invalid":
                message = (f"unknown op {shown((error.get('ctx') or {}).get('tag'))}; allowed: "
                           + ", ".join(_OPS))
            elif error["type"] == "union_tag_not_found":
                message = "each edit needs an 'op': " + ", ".join(_OPS)
            elif error["type"] == "extra_forbidden":
                message = "unknown field"
            elif error["type"] == "missing":
                message = "required"
            problems.append(("edits" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc),
                             message))
        raise EditError(problems) from None


_OPS = ("add_component", "remove_component", "rename_component", "update_component", "connect", "disconnect")


def apply_edits(design: Design | dict[str, Any], edits: Sequence[EditOperation | dict[str, Any]]) -> Design:
    """The design after every edit, validated; EditError (nothing applied) names `edits[i].field`.

    `design` may also be a design document without components (a blank design, which is not a valid Design
    until it has one)."""
    if all(isinstance(e, BaseModel) for e in edits):
        ops: list[EditOperation] = list(edits)  # type: ignore[arg-type]
    else:
        ops = parse_edits([e.model_dump() if isinstance(e, BaseModel) else e for e in edits])
    if isinstance(design, dict):
        data = copy.deepcopy(design)
        data.setdefault("components", [])
        data.setdefault("connections", [])
    else:
        data = copy.deepcopy(design_to_data(design))
    touched: dict[str, int] = {}  # component name -> last edit that touched it
    edges: dict[tuple[str, str, str], int] = {}  # (kind, source, target) -> last edit that touched it
    for i, op in enumerate(ops):
        try:
            _apply(data, op, i, touched, edges)
        except _Refused as refused:
            raise EditError([(f"edits[{i}]" + (f".{refused.field}" if refused.field else ""), refused.message)]) \
                from None
    try:
        return Design.model_validate(data)
    except ValidationError as exc:
        problems = validation_problems(exc, data)
    raise EditError([_attribute(data, path, message, touched, edges, len(ops)) for path, message in problems])


def _apply(data: dict[str, Any], op: EditOperation, i: int, touched: dict[str, int],
           edges: dict[tuple[str, str, str], int]) -> None:
    components: list[dict[str, Any]] = data["components"]
    connections: list[dict[str, Any]] = data.setdefault("connections", [])
    by_name = {c["name"]: c for c in components}
    if isinstance(op, AddComponent):
        if op.kind not in COMPONENTS:
            raise _Refused("kind", f"unknown component kind {shown(op.kind)}; allowed: {', '.join(COMPONENTS)}")
        if op.name in by_name:
            raise _Refused("name", f"a component named {shown(op.name)} already exists; choose another name")
        for key in ("kind", "name"):
            if key in op.settings:
                raise _Refused(f"settings.{key}", f"give the {key} outside settings")
        components.append(_component(op.kind, {"name": op.name, **op.settings}))
        touched[op.name] = i
    elif isinstance(op, UpdateComponent):
        current = _existing(by_name, op.name, "name")
        for key in ("kind", "name"):
            if key in op.settings:
                raise _Refused(f"settings.{key}", "use rename_component to change the name" if key == "name"
                               else "the kind of a component cannot change; remove it and add another")
        merged = {**current, **op.settings}
        merged = {k: v for k, v in merged.items() if v is not None}
        components[components.index(current)] = _component(current["kind"], merged)
        touched[op.name] = i
    elif isinstance(op, RenameComponent):
        current = _existing(by_name, op.name, "name")
        if op.new_name in by_name:
            raise _Refused("new_name", f"a component named {shown(op.new_name)} already exists")
        _rename(data, op.name, op.new_name)
        current["name"] = op.new_name
        touched[op.new_name] = i
        for edge in list(edges):
            edge_kind, start, end = edge
            if op.name in (start, end):
                renamed = (edge_kind, op.new_name if start == op.name else start,
                           op.new_name if end == op.name else end)
                edges[renamed] = edges.pop(edge)
    elif isinstance(op, RemoveComponent):
        _existing(by_name, op.name, "name")
        users = _step_users(components, op.name)
        if users:
            raise _Refused("name", f"{shown(op.name)} is used by {users}; remove that step first")
        for conn in connections:
            if op.name in (conn["source"], conn["target"]):
                other = conn["target"] if conn["source"] == op.name else conn["source"]
                touched[other] = i  # an API left without its authorizer, a URL without its function...
        data["connections"] = [c for c in connections if op.name not in (c["source"], c["target"])]
        data["components"] = [c for c in components if c["name"] != op.name]
        data["silenced"] = [s for s in data.get("silenced", []) if s.get("component") != op.name]
        touched.pop(op.name, None)
    elif isinstance(op, Connect):
        if op.kind not in CONNECTIONS:
            raise _Refused("kind", f"unknown connection kind {shown(op.kind)}; allowed: {', '.join(CONNECTIONS)}")
        source = _existing(by_name, op.source, "source")
        target = _existing(by_name, op.target, "target")
        if op.source == op.target:
            raise _Refused("target", "a component cannot connect to itself")
        allowed = allowed_connection_kinds(source["kind"], target["kind"])
        if op.kind not in allowed:
            pair = f"from a {source['kind']} ({shown(op.source)}) to a {target['kind']} ({shown(op.target)})"
            raise _Refused("kind", f"a {op.kind!r} connection cannot go {pair}; "
                           + (f"allowed for this pair: {', '.join(allowed)}" if allowed
                              else "no connection kind joins these two kinds"))
        if op.kind != "routes" and any(c["kind"] == op.kind and c["source"] == op.source
                                       and c["target"] == op.target for c in connections):
            raise _Refused("", f"{shown(op.source)} already {op.kind} {shown(op.target)}")
        for key in ("kind", "source", "target"):
            if key in op.settings:
                raise _Refused(f"settings.{key}", f"give the {key} outside settings")
        try:
            conn = _CONNECTION.validate_python({"kind": op.kind, "source": op.source, "target": op.target,
                                                **op.settings})
        except ValidationError as exc:
            raise _settings_refusal(exc) from None
        connections.append(conn.model_dump(mode="json", exclude_none=True))
        edges[(op.kind, op.source, op.target)] = i
        touched.setdefault(op.source, i)
        touched.setdefault(op.target, i)
    elif isinstance(op, Disconnect):
        _existing(by_name, op.source, "source")
        _existing(by_name, op.target, "target")
        keep = [c for c in connections
                if not (c["kind"] == op.kind and c["source"] == op.source and c["target"] == op.target)]
        if len(keep) == len(connections):
            present = [c["kind"] for c in connections if c["source"] == op.source and c["target"] == op.target]
            raise _Refused("kind", f"there is no {op.kind!r} connection from {shown(op.source)} to "
                           f"{shown(op.target)}" + (f"; there is: {', '.join(present)}" if present else ""))
        data["connections"] = keep
        touched[op.source] = i
        touched[op.target] = i


def _existing(by_name: dict[str, dict[str, Any]], name: str, field: str) -> dict[str, Any]:
    if name not in by_name:
        known = ", ".join(sorted(by_name)) or "none yet"
        raise _Refused(field, f"no component named {shown(name)} (components: {shown(known, 300, quote=False)})")
    return by_name[name]


def _component(kind: str, values: dict[str, Any]) -> dict[str, Any]:
    try:
        model = _COMPONENT.validate_python({"kind": kind, **values})
    except ValidationError as exc:
        raise _settings_refusal(exc) from None
    dumped: dict[str, Any] = model.model_dump(mode="json", exclude_none=True)
    return dumped


def _settings_refusal(exc: ValidationError) -> _Refused:
    problems = validation_problems(exc)
    path, message = problems[0]
    # drop the discriminator value pydantic puts first (`queue.visibility_timeout_s`)
    head, _, rest = path.partition(".")
    if head in COMPONENTS or head in CONNECTIONS:
        path = rest
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return _Refused(f"settings.{path}" if path else "settings", message + more)


def _step_users(components: list[dict[str, Any]], name: str) -> str:
    users = []
    for sm in components:
        for step in sm.get("steps", []) if sm["kind"] == "state_machine" else []:
            used = {step.get("function"), step.get("target")} | {f for b in step.get("branches", []) for f in b}
            if name in used:
                users.append(f"step {shown(step['name'])} of state machine {shown(sm['name'])}")
    return ", ".join(users)


def _rename(data: dict[str, Any], old: str, new: str) -> None:
    for conn in data.get("connections", []):
        for end in ("source", "target"):
            if conn[end] == old:
                conn[end] = new
    for sm in data["components"]:
        if sm["kind"] != "state_machine":
            continue
        for step in sm.get("steps", []):
            for key in ("function", "target"):
                if step.get(key) == old and step.get("type") in ("task", "sdk"):
                    step[key] = new
            if "branches" in step:
                step["branches"] = [[new if f == old else f for f in branch] for branch in step["branches"]]
    for silence in data.get("silenced", []):
        if silence.get("component") == old:
            silence["component"] = new


def _attribute(data: dict[str, Any], path: str, message: str, touched: dict[str, int],
               edges: dict[tuple[str, str, str], int], count: int) -> tuple[str, str]:
    """Put a problem of the resulting design on the edit that caused it: `components[3] (api).auth` becomes
    `edits[2].settings.auth` when edit 2 added or updated 'api'."""
    match = _PATH_RE.match(path)
    if match:
        listing, index, rest = match.group(1), int(match.group(2)), match.group(3)
        items = data.get(listing, [])
        if index < len(items):
            item = items[index]
            if listing == "components":
                i = touched.get(item["name"])
                what = f"component {shown(item['name'])}"
            else:
                key = (item["kind"], item["source"], item["target"])
                i = edges.get(key, touched.get(item["source"], touched.get(item["target"])))
                what = f"connection {item['source']} -{item['kind']}-> {item['target']}"
            if i is not None:
                field = f".settings.{rest}" if rest and rest not in ("source", "target", "name") else \
                    (f".{rest}" if rest else "")
                return f"edits[{i}]{field}", f"{what}: {message}"
            return "edits", f"{what}: {message}"
    if path in ("components", "project.name"):
        return ("edits", message)
    return ("edits", f"{path}: {message}" if path else message)


__all__ = ["EditError", "allowed_connection_kinds", "apply_edits", "component_defaults", "format_location",
           "parse_edits"]
