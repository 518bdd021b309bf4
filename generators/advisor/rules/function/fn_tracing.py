"""FN-09: X-Ray active tracing off."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import component
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Design, Function


def check(graph: Graph) -> Iterator[Finding]:
    for fn in graph.of(Function):
        if fn.tracing:
            continue

        def change(d: Design, name: str = fn.name) -> None:
            component(d, name, Function).tracing = True

        yield RULE.finding(
            graph, component=fn.name, fix=Fix(f"Turn on active tracing for {fn.name!r}", change),
            message=f"X-Ray active tracing is off for {fn.name!r}: its calls are missing from the traces.",
            hint="Set Tracing: Active (in SAM Globals).",
        )


RULE = Rule(
    id="FN-09", title="Tracing off", severity="warning", area="function",
    checks="A function has tracing turned off.",
    fix="Tracing = Active.",
    source="000 observability §Distributed Tracing (L1656); 002 §X-Ray Tracing (L501)",
    check=check,
)
