"""FN-28: a function that can trigger itself, without a concurrency cap."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import component
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Design, Function

RUNAWAY_CAP = 10


def loops(graph: Graph, fn: Function) -> list[str]:
    """Components `fn` writes or publishes to that also trigger `fn`."""
    triggers = {conn.source for _, conn in graph.ins(fn.name, "triggers")}
    return sorted({conn.target for _, conn in graph.outs(fn.name) if conn.kind in ("writes", "publishes")}
                  & triggers)


def check(graph: Graph) -> Iterator[Finding]:
    for fn in graph.of(Function):
        if fn.reserved_concurrency is not None:
            continue
        looped = loops(graph, fn)
        if not looped:
            continue

        def change(d: Design, name: str = fn.name) -> None:
            component(d, name, Function).reserved_concurrency = RUNAWAY_CAP

        yield RULE.finding(
            graph, component=fn.name, fix=Fix(f"Cap {fn.name!r} at {RUNAWAY_CAP} concurrent executions", change),
            message=f"{fn.name!r} writes to {', '.join(looped)}, which triggers it: a loop would scale without "
                    "limit.",
            hint="Set reserved concurrency (e.g. 10) and alarm on Invocations > 1,000/min to cap the blast radius.",
        )


RULE = Rule(
    id="FN-28", title="Recursion-capable function without a cap", severity="warning", area="function",
    checks="A function writes or publishes to a component that triggers it, and has no reserved concurrency.",
    fix="Reserved concurrency = 10.",
    source="001 sharp edge «Lambda triggered by events» (L686)",
    check=check,
)
