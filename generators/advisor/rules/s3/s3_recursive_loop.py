"""S3-02: the same loop through a table stream, queue, topic, stream or event bus."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.finding import Finding
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Function

LOOP_KINDS = frozenset({"table", "queue", "topic", "stream", "event_bus"})


def check(graph: Graph) -> Iterator[Finding]:
    for fn in graph.of(Function):
        triggers = {c.source for _, c in graph.ins(fn.name, "triggers") if graph.kind(c.source) in LOOP_KINDS}
        for i, conn in graph.outs(fn.name):
            if conn.kind in ("writes", "publishes") and conn.target in triggers:
                yield RULE.finding(
                    graph, component=fn.name, connection=i,
                    message=f"{fn.name!r} is triggered by {graph.kind(conn.target).replace('_', ' ')} "
                            f"{conn.target!r} and {conn.kind[:-1]}s back to it: a potential recursive loop.",
                    hint="Write results elsewhere, or filter out the function's own events (event pattern, filter "
                         "policy, ESM filter) and cap it with reserved concurrency.",
                )


RULE = Rule(
    id="S3-02", title="Potential recursive loop", severity="warning", area="s3",
    checks="A function triggered by a table stream, queue, topic, Kinesis stream or event bus writes or "
           "publishes back to it.",
    fix=None,
    source="001 sharp edge «Lambda triggered by events» (L686); 003 TOC «Recursive loop detection» (p.624)",
    check=check,
)
