"""The kind catalog: one row per component kind and per connection kind (CONVENTIONS #11).

Everything that depends on a kind — model validation of connection pairs, the SAM template, both CDK stacks,
the handlers, the diagrams, the docs — looks its facts up here. `python -m generators kinds` prints it.
Pure data: this package imports nothing from the rest of the engine.
"""

from __future__ import annotations

from typing import Any

from generators.catalog.components import ROWS as _COMPONENT_ROWS
from generators.catalog.components import (
    Access,
    Attribute,
    ComponentKind,
    Diagram,
    Output,
    SdkClient,
)
from generators.catalog.connections import POLLED_SOURCES, TRIGGER_SHAPES, ConnectionKind, Pair
from generators.catalog.connections import ROWS as _CONNECTION_ROWS

COMPONENTS: dict[str, ComponentKind] = {row.kind: row for row in _COMPONENT_ROWS}
CONNECTIONS: dict[str, ConnectionKind] = {row.kind: row for row in _CONNECTION_ROWS}


def component(kind: str) -> ComponentKind:
    return COMPONENTS[kind]


def connection(kind: str) -> ConnectionKind:
    return CONNECTIONS[kind]


def access(kind: str, level: str) -> Access:
    """What `level` access (read, write, publish, start, invoke...) grants on a component kind."""
    try:
        return COMPONENTS[kind].access[level]
    except KeyError:
        raise ValueError(f"a {kind} has no {level!r} access") from None


def triples() -> list[tuple[str, str, str]]:
    """Every allowed (connection kind, source kind, target kind)."""
    return [(row.kind, s, t) for row in _CONNECTION_ROWS for s, t in row.pairs]


def as_dict() -> dict[str, Any]:
    return {"components": [row.as_dict() for row in _COMPONENT_ROWS],
            "connections": [row.as_dict() for row in _CONNECTION_ROWS]}


__all__ = ["COMPONENTS", "CONNECTIONS", "POLLED_SOURCES", "TRIGGER_SHAPES", "Access", "Attribute", "ComponentKind",
           "ConnectionKind", "Diagram", "Output", "Pair", "SdkClient", "access", "as_dict", "component",
           "connection", "triples"]
