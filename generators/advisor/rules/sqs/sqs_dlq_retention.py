"""SQS-06: a DLQ that drops messages before anyone looks at them."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import component
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Design, Queue

FOURTEEN_DAYS_S = 1209600


def check(graph: Graph) -> Iterator[Finding]:
    for queue in graph.of(Queue):
        if not queue.dlq or queue.dlq_retention_s >= FOURTEEN_DAYS_S:
            continue

        def change(d: Design, name: str = queue.name) -> None:
            component(d, name, Queue).dlq_retention_s = FOURTEEN_DAYS_S

        yield RULE.finding(
            graph, component=queue.name, path=f"{graph.path(queue.name)}.dlq_retention_s",
            fix=Fix(f"Keep messages in the DLQ of {queue.name!r} for 14 days", change),
            message=f"The DLQ of {queue.name!r} keeps messages {queue.dlq_retention_s / 86400:g} days; failures "
                    "found after that are lost.",
            hint="Set the DLQ retention to 14 days (1,209,600 s, the maximum).",
        )


RULE = Rule(
    id="SQS-06", title="Short DLQ retention", severity="info", area="sqs",
    checks="A queue's DLQ retention is below 14 days.",
    fix="dlq_retention_s = 1,209,600.",
    source="000 event-sources §SNS (L645); 000 event-driven-architecture §SAM Configuration (L824); 001 (L192)",
    check=check,
)
