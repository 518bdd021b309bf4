"""FN-23: an asynchronously invoked function without a DLQ."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import component
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Design, Function


def check(graph: Graph) -> Iterator[Finding]:
    for fn in graph.of(Function):
        sources = graph.async_sources(fn)
        if fn.on_failure_dlq or not sources:
            continue
        names = ", ".join(sorted({conn.source for _, conn in sources}))

        def change(d: Design, name: str = fn.name) -> None:
            component(d, name, Function).on_failure_dlq = True

        yield RULE.finding(
            graph, component=fn.name, fix=Fix(f"Give {fn.name!r} a dead-letter queue", change),
            message=f"{fn.name!r} is invoked asynchronously (by {names}) without a DLQ: events that fail twice "
                    "more are discarded.",
            hint="Add an SQS dead-letter queue (or on-failure destination) and an alarm on it.",
        )


RULE = Rule(
    id="FN-23", title="Async-invoked function without DLQ", severity="warning", area="function",
    checks="A function triggered by S3, SNS, EventBridge or a schedule, or invoked asynchronously, has no "
           "dead-letter queue.",
    fix="on_failure_dlq = true.",
    source="001 check (L755); 002 §Error Handling, Retries, and Dead Letter Queues (L305); 000 event-sources "
           "§Error Handling (L765)",
    check=check,
)
