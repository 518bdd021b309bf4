"""EB-10: glue code that only forwards from a queue or stream to one target."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.finding import Finding
from generators.advisor.graph import POLLED_SOURCES, Graph
from generators.advisor.rule import Rule
from generators.model import Function


def check(graph: Graph) -> Iterator[Finding]:
    for fn in graph.of(Function):
        sources = graph.polled_triggers(fn, POLLED_SOURCES)
        outs = graph.outs(fn.name)
        if len(sources) != 1 or len(graph.ins(fn.name)) != 1 or len(outs) != 1 or outs[0][1].kind != "publishes":
            continue
        target = outs[0][1].target
        yield RULE.finding(
            graph, component=fn.name,
            message=f"{fn.name!r} only moves records from {sources[0][1].source!r} to {target!r}; if it just "
                    "filters, enriches or reshapes them, that is glue code to maintain and pay for.",
            hint="Use an EventBridge Pipe (source → filter → enrich → target): you pay only for events that pass "
                 "the filter.",
        )


RULE = Rule(
    id="EB-10", title="Forwarding function where a Pipe fits", severity="info", area="eventbridge",
    checks="A function triggered by one queue or stream only publishes to one target (no reads or writes).",
    fix=None,
    source="000 event-driven-architecture §EventBridge Pipes (L1046); 002 §Other Cost Levers (L584)",
    check=check,
)
