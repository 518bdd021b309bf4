"""Setting paths: how a golden path names one setting of a design, for its parameters and its locks.

A path walks the design document as data: `.key` enters a mapping, `[selector]` picks the list item whose identity
is `selector` (a component, environment or contract by its name, a connection as `kind:source->target`) or the
mapping key `selector` (for keys with dots, e.g. `project.tags[cost.center]`). Examples:

    project.environments[prod].log_retention_days
    project.tags.CostCenter
    components[processor].memory_mb
    connections[triggers:orders->processor].batch_size

Names, not list positions: a path keeps meaning the same setting when the user adds, removes or reorders
components, which is what lets a lock or a parameter survive the user's edits and a new version of the path.
"""

from __future__ import annotations

import copy
import re
from typing import Any

_TOKEN = re.compile(r"\.?([A-Za-z_][A-Za-z0-9_]*)|\[([^\[\]]{1,256})\]")
PATH_RULE = ("a setting path such as project.tags.CostCenter, project.environments[prod].log_retention_days or "
             "components[processor].memory_mb")


class Missing:
    """The value of a path that leads nowhere (a removed component, an unset key)."""

    _instance: Missing | None = None

    def __new__(cls) -> Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING = Missing()


def parse_path(path: str) -> list[tuple[str, str]]:
    """`path` as steps: ("key", name) or ("select", selector). Raises ValueError saying what a path looks like."""
    if not isinstance(path, str) or not path or len(path) > 400:
        raise ValueError(f"expected {PATH_RULE}")
    steps: list[tuple[str, str]] = []
    position = 0
    while position < len(path):
        match = _TOKEN.match(path, position)
        if match is None or (position == 0 and match.group(0).startswith(".")) \
                or (position > 0 and match.group(1) is not None and not match.group(0).startswith(".")):
            raise ValueError(f"{path!r} is not a setting path; expected {PATH_RULE}")
        steps.append(("key", match.group(1)) if match.group(1) is not None else ("select", match.group(2)))
        position = match.end()
    if steps[0][0] != "key":
        raise ValueError(f"{path!r} must start with a field name; expected {PATH_RULE}")
    return steps


def identity(item: Any) -> str | None:
    """What names a list item in a path: a connection's `kind:source->target`, else its `name`."""
    if not isinstance(item, dict):
        return None
    if {"kind", "source", "target"} <= item.keys():
        return f"{item['kind']}:{item['source']}->{item['target']}"
    if isinstance(item.get("name"), str):
        return str(item["name"])
    if isinstance(item.get("rule"), str):
        return f"{item['rule']}:{item.get('component') or '*'}"
    return None


def keyed(items: list[Any]) -> dict[str, Any] | None:
    """A list of items that all have a distinct identity, as identity -> item (else None: a plain value)."""
    result: dict[str, Any] = {}
    for item in items:
        key = identity(item)
        if key is None or key in result:
            return None
        result[key] = item
    return result


def _step(value: Any, step: tuple[str, str]) -> Any:
    kind, name = step
    if isinstance(value, dict):
        return value.get(name, MISSING)
    if kind == "select" and isinstance(value, list):
        return next((item for item in value if identity(item) == name), MISSING)
    return MISSING


def get_value(data: Any, path: str) -> Any:
    """The value at `path` in `data`, or MISSING."""
    value = data
    for step in parse_path(path):
        value = _step(value, step)
        if value is MISSING:
            return MISSING
    return value


def set_value(data: dict[str, Any], path: str, value: Any) -> None:
    """Set (or, with MISSING, remove) the value at `path` in place. A list item must exist; a mapping key is
    created. Raises KeyError naming the part of the path that is not there."""
    steps = parse_path(path)
    holder: Any = data
    for depth, step in enumerate(steps[:-1]):
        following = _step(holder, step)
        if following is MISSING:
            if isinstance(holder, dict) and value is not MISSING:
                following = holder[step[1]] = {}
            else:
                raise KeyError(f"{_joined(steps[:depth + 1])} is not in the design")
        holder = following
    kind, name = steps[-1]
    if isinstance(holder, dict):
        if value is MISSING:
            holder.pop(name, None)
        else:
            holder[name] = copy.deepcopy(value)
        return
    if isinstance(holder, list) and kind == "select":
        for index, item in enumerate(holder):
            if identity(item) == name:
                if value is MISSING:
                    del holder[index]
                else:
                    holder[index] = copy.deepcopy(value)
                return
        if value is not MISSING:
            holder.append(copy.deepcopy(value))
        return
    raise KeyError(f"{_joined(steps)} cannot be set: {_joined(steps[:-1]) or 'the design'} is not a mapping")


def _joined(steps: list[tuple[str, str]]) -> str:
    text = ""
    for kind, name in steps:
        text += f"[{name}]" if kind == "select" else (f".{name}" if text else name)
    return text


def child(path: str, key: str, *, select: bool = False) -> str:
    """The path of `key` under `path` (`path.key`, or `path[key]` for a list item or an unusual key)."""
    if select or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
        return f"{path}[{key}]" if path else key
    return f"{path}.{key}" if path else key


def covers(outer: str, inner: str) -> bool:
    """Whether `inner` is `outer` or a setting inside it (a lock on a component covers its memory)."""
    a, b = parse_path(outer), parse_path(inner)
    return len(a) <= len(b) and [n for _, n in a] == [n for _, n in b[:len(a)]]
