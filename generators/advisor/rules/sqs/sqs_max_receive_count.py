"""SQS-05: a maxReceiveCount outside 3-5."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import component
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Design, Queue


def check(graph: Graph) -> Iterator[Finding]:
    for queue in graph.of(Queue):
        if not queue.dlq or 3 <= queue.max_receive_count <= 5:
            continue

        def change(d: Design, name: str = queue.name) -> None:
            component(d, name, Queue).max_receive_count = 3

        early = queue.max_receive_count < 3
        yield RULE.finding(
            graph, component=queue.name, path=f"{graph.path(queue.name)}.max_receive_count",
            fix=Fix(f"Set maxReceiveCount of {queue.name!r} to 3", change),
            message=f"{queue.name!r} moves a message to its DLQ after {queue.max_receive_count} receive(s); "
                    + ("a single throttle or timeout sends good messages to the DLQ." if early
                       else "a poison message is retried many times before it is set aside."),
            hint="Use maxReceiveCount 3-5.",
        )


RULE = Rule(
    id="SQS-05", title="maxReceiveCount outside 3-5", severity="info", area="sqs",
    checks="A queue with a DLQ has max_receive_count below 3 or above 5.",
    fix="max_receive_count = 3.",
    source="000 event-sources §SQS Queues (L474); 000 troubleshooting (L2479)",
    check=check,
)
