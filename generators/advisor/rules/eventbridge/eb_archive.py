"""EB-06: application events without an archive."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import component
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Design, EventBus

ARCHIVE_DAYS = 30


def check(graph: Graph) -> Iterator[Finding]:
    for bus in graph.of(EventBus):
        if bus.archive_retention_days is not None:
            continue
        if not any(c.kind in ("publishes", "integrates") for _, c in graph.ins(bus.name)):
            continue

        def change(d: Design, name: str = bus.name) -> None:
            component(d, name, EventBus).archive_retention_days = ARCHIVE_DAYS

        yield RULE.finding(
            graph, component=bus.name, fix=Fix(f"Archive {bus.name!r} events for {ARCHIVE_DAYS} days", change),
            message=f"Events published to {bus.name!r} are not archived: they cannot be replayed after a bug fix "
                    "or to bootstrap a new consumer.",
            hint="Add an archive (e.g. 30 days) to the bus.",
        )


RULE = Rule(
    id="EB-06", title="Event bus without archive", severity="info", area="eventbridge",
    checks="A bus that the design publishes events to has no archive.",
    fix="archive_retention_days = 30.",
    source="000 event-driven-architecture §Archive and Replay (L1028)",
    check=check,
)
