"""CT-01: a subscription filter or rule pattern on a field the event contract does not have.

Such a filter never matches an event that keeps its contract: the consumer silently receives nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generators.advisor.finding import Finding
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.contracts.routing import consumed_contracts
from generators.model import Triggers
from generators.model.contracts import ContractField, EventContract


def _paths(pattern: Any, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """The field paths a pattern matches on (a dict nests, anything else is a condition on the path)."""
    if not isinstance(pattern, dict):
        yield prefix
        return
    for key, value in pattern.items():
        if isinstance(key, str) and not key.startswith("$"):  # `$or` groups conditions on the same level
            yield from _paths(value, (*prefix, key))
        elif isinstance(value, list):
            for item in value:
                yield from _paths(item, prefix)


def _has(fields: list[ContractField] | None, path: tuple[str, ...]) -> bool:
    if not path:
        return True
    field = next((f for f in fields or [] if f.name == path[0]), None)
    if field is None:
        return False
    if field.type == "list" and field.items is not None and field.items.type == "object":
        return _has(field.items.fields, path[1:])
    return not path[1:] or (field.type == "object" and _has(field.fields, path[1:]))


def _data_paths(conn: Triggers) -> list[tuple[str, ...]]:
    """The paths into the event's `data` the filter or pattern reads."""
    if conn.event_pattern:
        detail = conn.event_pattern.get("detail")
        return [p[1:] for p in _paths(detail) if p[:1] == ("data",) and len(p) > 1] if detail else []
    if conn.filter_policy and conn.filter_policy_scope == "MessageBody":
        return [p[1:] for p in _paths(conn.filter_policy) if p[:1] == ("data",) and len(p) > 1]
    return []


def check(graph: Graph) -> Iterator[Finding]:
    design = graph.design
    if not design.contracts:
        return
    for i, conn in enumerate(design.connections):
        if not isinstance(conn, Triggers) or graph.kind(conn.source) not in ("topic", "event_bus"):
            continue
        paths = _data_paths(conn)
        if not paths:
            continue
        contracts: list[EventContract] = [c for c in consumed_contracts(design, conn.target)
                                          if c.channel == conn.source]
        if not contracts:
            continue
        for path in dict.fromkeys(paths):
            if any(_has(c.fields, path) for c in contracts):
                continue
            names = ", ".join(c.name for c in contracts)
            yield RULE.finding(
                graph, component=conn.target, connection=i,
                message=f"The filter of {conn.target!r} on {conn.source!r} matches on data.{'.'.join(path)}, which "
                        f"the event contract(s) {names} do not have: no valid event ever matches it.",
                hint="Filter on a field of the contract, or add the field to the contract (an optional field is a "
                     "compatible change).",
            )


RULE = Rule(
    id="CT-01", title="Filter on a field the event contract lacks", severity="error", area="contracts",
    checks="An SNS message-body filter policy or an EventBridge rule pattern matches on `data.<field>` that no "
           "contract of the events it routes has.",
    fix=None,
    source="issue 14 (typed event contracts); 000 event-sources §SNS Subscriptions, §EventBridge rules",
    check=check,
)
