"""SNS-01: a subscription without a dead-letter queue."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import connection
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Design, Topic, Triggers


def check(graph: Graph) -> Iterator[Finding]:
    for topic in graph.of(Topic):
        for i, conn in graph.outs(topic.name, "triggers"):
            if not isinstance(conn, Triggers) or conn.dlq:
                continue

            def change(d: Design, index: int = i) -> None:
                connection(d, index, Triggers).dlq = True

            yield RULE.finding(
                graph, component=conn.target, connection=i, fix=Fix("Give the subscription an SQS DLQ", change),
                message=f"The subscription of {conn.target!r} to {topic.name!r} has no dead-letter queue: "
                        "messages SNS cannot deliver are dropped after its retries.",
                hint="Set a RedrivePolicy on every subscription (per subscription, not on the topic), with a "
                     "14-day SQS DLQ.",
            )


RULE = Rule(
    id="SNS-01", title="Subscription without DLQ", severity="warning", area="sns",
    checks="A topic → function or topic → queue subscription has no redrive policy.",
    fix="dlq = true on the subscription.",
    source="000 event-sources §SNS Subscriptions (L645); seed catalog conflict C17",
    check=check,
)
