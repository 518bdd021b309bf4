"""SQS-04: a source queue without a dead-letter queue."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import component
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Design, Queue


def check(graph: Graph) -> Iterator[Finding]:
    for queue in graph.of(Queue):
        if queue.dlq or not any(graph.kind(c.target) == "function" for _, c in graph.outs(queue.name, "triggers")):
            continue

        def change(d: Design, name: str = queue.name) -> None:
            q = component(d, name, Queue)
            q.dlq = True
            q.max_receive_count = 3

        yield RULE.finding(
            graph, component=queue.name, fix=Fix(f"Give {queue.name!r} a DLQ (maxReceiveCount 3)", change),
            message=f"{queue.name!r} has no dead-letter queue: a message that always fails is retried until it "
                    "expires, blocking capacity and hiding the failure.",
            hint="Add a redrive policy to a DLQ with maxReceiveCount 3-5, and alarm on the DLQ.",
        )


RULE = Rule(
    id="SQS-04", title="Source queue without DLQ", severity="warning", area="sqs",
    checks="A queue that triggers a function has no redrive policy (dlq = false).",
    fix="dlq = true, max_receive_count = 3.",
    source="000 event-sources §SQS Queues (L474); 001 (L192); 002 §SQS (L168)",
    check=check,
)
