"""FN-24: a function-level DLQ on an SQS consumer whose queue has none."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import component
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Design, Function, Queue


def check(graph: Graph) -> Iterator[Finding]:
    for fn in graph.of(Function):
        if not fn.on_failure_dlq:
            continue
        for i, conn in graph.polled_triggers(fn, frozenset({"queue"})):
            queue = graph.get(conn.source, Queue)
            if queue is None or queue.dlq:
                continue
            keep = bool(graph.async_sources(fn))

            def change(d: Design, q: str = queue.name, name: str = fn.name, keep_fn_dlq: bool = keep) -> None:
                component(d, q, Queue).dlq = True
                component(d, name, Function).on_failure_dlq = keep_fn_dlq

            yield RULE.finding(
                graph, component=fn.name, connection=i,
                fix=Fix(f"Move the dead-letter queue to {queue.name!r} (redrive policy)", change),
                message=f"{fn.name!r} has a function DLQ, which never receives SQS-triggered failures, while its "
                        f"source queue {queue.name!r} has no redrive policy.",
                hint="Configure the DLQ on the queue (RedrivePolicy), not on the function.",
            )


RULE = Rule(
    id="FN-24", title="Function DLQ on an SQS consumer", severity="warning", area="function",
    checks="An SQS-triggered function has a function-level DLQ and its source queue has no redrive policy.",
    fix="Give the queue its DLQ (and drop the function DLQ if nothing invokes it asynchronously).",
    source="002 Interview Q «function-level DLQ vs SQS DLQ» (L750)",
    check=check,
)
