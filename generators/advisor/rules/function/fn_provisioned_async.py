"""FN-31: provisioned concurrency on a function nobody waits for."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import component
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Design, Function, Invokes


def is_synchronous(graph: Graph, fn: Function) -> bool:
    """Someone waits for the response: a route, an authorizer, a sync invoke or a workflow task."""
    if graph.is_routed(fn) or graph.outs(fn.name, "authorizes"):
        return True
    return any(isinstance(c, Invokes) and (c.invocation == "sync" or graph.kind(c.source) == "state_machine")
               for _, c in graph.ins(fn.name, "invokes"))


def check(graph: Graph) -> Iterator[Finding]:
    for fn in graph.of(Function):
        if not fn.provisioned_concurrency or is_synchronous(graph, fn) or not graph.ins(fn.name):
            continue

        def change(d: Design, name: str = fn.name) -> None:
            component(d, name, Function).provisioned_concurrency = None

        yield RULE.finding(
            graph, component=fn.name, fix=Fix(f"Remove provisioned concurrency from {fn.name!r}", change),
            message=f"{fn.name!r} has provisioned concurrency but is only invoked asynchronously or in batches, "
                    "where cold starts do not matter; it is billed around the clock.",
            hint="Remove provisioned concurrency from async and batch consumers.",
        )


RULE = Rule(
    id="FN-31", title="Provisioned concurrency on an async or batch function", severity="warning", area="function",
    checks="A function with provisioned concurrency has only asynchronous or event-source-mapping triggers.",
    fix="Remove provisioned concurrency.",
    source="000 optimization §Cold Start Optimization (L2014); 002 §Concurrency Model (L73)",
    check=check,
)
