"""FN-30: functions chained by synchronous invokes."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.finding import Finding
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Function, Invokes


def _sync_calls(graph: Graph, name: str, incoming: bool) -> list[str]:
    edges = graph.ins(name, "invokes") if incoming else graph.outs(name, "invokes")
    other = "source" if incoming else "target"
    return sorted(getattr(c, other) for _, c in edges
                  if isinstance(c, Invokes) and c.invocation == "sync" and graph.kind(getattr(c, other)) == "function")


def check(graph: Graph) -> Iterator[Finding]:
    for fn in graph.of(Function):
        callers = _sync_calls(graph, fn.name, incoming=True)
        callees = _sync_calls(graph, fn.name, incoming=False)
        if callers and callees:
            yield RULE.finding(
                graph, component=fn.name,
                message=f"{', '.join(callers)} → {fn.name} → {', '.join(callees)} is a chain of synchronous "
                        "Lambda invokes: each caller waits (and pays) for the next, and errors are hard to handle.",
                hint="Model the chain as a Step Functions workflow (or a durable function).",
            )


RULE = Rule(
    id="FN-30", title="Synchronous Lambda chain", severity="warning", area="function",
    checks="A function is invoked synchronously by a function and itself invokes another function synchronously.",
    fix=None,
    source="002 Interview Q «Step Functions vs chaining» (L730)",
    check=check,
)
