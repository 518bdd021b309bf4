"""Small typed helpers that fixes use to edit their private copy of a design.

Lists of the design are edited in place (`design.components[:] = ...`): assigning a new list would re-run the
whole-graph validation on a half-edited design. `Fix.apply` validates the finished edit instead."""

from __future__ import annotations

from typing import TypeVar

from generators.model import Connection, Design, Function, Reads, Table, Writes

T = TypeVar("T")

RECOMMENDED_RETENTION = {"dev": 7, "staging": 30, "prod": 90}  # seed catalog C13
SECRET_SUFFIX = "_SECRET_NAME"


def component(design: Design, name: str, cls: type[T]) -> T:
    found = design.component(name)
    if not isinstance(found, cls):
        raise TypeError(f"{name!r} is a {found.kind}, not a {cls.__name__}")
    return found


def connection(design: Design, index: int, cls: type[T]) -> T:
    found = design.connections[index]
    if not isinstance(found, cls):
        raise TypeError(f"connections[{index}] is a {found.kind} connection, not {cls.__name__}")
    return found


def unique_name(design: Design, base: str) -> str:
    """`base`, or `base-2`, `base-3`... whichever no component uses yet (names stay within 40 characters)."""
    taken = {c.name for c in design.components}
    base = base[:34].rstrip("-")
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def remove_component(design: Design, name: str) -> None:
    # In place: assigning the lists would re-run the graph check on a half-edited design.
    design.components[:] = [c for c in design.components if c.name != name]
    design.connections[:] = [c for c in design.connections if name not in (c.source, c.target)]


def remove_connections(design: Design, doomed: list[Connection]) -> None:
    ids = {id(c) for c in doomed}
    design.connections[:] = [c for c in design.connections if id(c) not in ids]


def secret_reference(project: str, fn: str, key: str) -> tuple[str, str]:
    """The environment variable that replaces a literal secret: its name and the secret's name."""
    return f"{key}{SECRET_SUFFIX}", f"{project}/{fn}/{key.lower().replace('_', '-')}"


def replace_literal_with_secret_name(design: Design, fn_name: str, key: str) -> None:
    fn = component(design, fn_name, Function)
    env = dict(fn.environment)
    env.pop(key, None)
    new_key, secret = secret_reference(design.project.name, fn_name, key)
    env[new_key] = secret
    fn.environment = env


def add_idempotency_table(design: Design, fn_name: str) -> None:
    """Connect `fn_name` to the design's idempotency table (creating one if there is none)."""
    existing = [c for c in design.components if isinstance(c, Table) and c.purpose == "idempotency"]
    if existing:
        table_name = existing[0].name
    else:
        table_name = unique_name(design, "idempotency-table")
        design.components.append(Table(name=table_name, purpose="idempotency", ttl_attribute="expiration",
                                       description="Powertools idempotency records"))
    edges = {(c.kind, c.source, c.target) for c in design.connections}
    if ("reads", fn_name, table_name) not in edges:
        design.connections.append(Reads(source=fn_name, target=table_name))
    if ("writes", fn_name, table_name) not in edges:
        design.connections.append(Writes(source=fn_name, target=table_name))
