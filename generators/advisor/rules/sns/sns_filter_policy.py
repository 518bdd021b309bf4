"""SNS-03: a subscriber on a shared topic receiving every message."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.finding import Finding
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Topic, Triggers


def check(graph: Graph) -> Iterator[Finding]:
    for topic in graph.of(Topic):
        subscriptions = [(i, c) for i, c in graph.outs(topic.name, "triggers") if isinstance(c, Triggers)]
        if len(subscriptions) < 2:
            continue
        for i, conn in subscriptions:
            if conn.filter_policy:
                continue
            yield RULE.finding(
                graph, component=conn.target, connection=i,
                message=f"{conn.target!r} receives every message published to shared topic {topic.name!r}; "
                        "filtering in the handler still pays for each delivery and invocation.",
                hint="Add a subscription FilterPolicy (and FilterPolicyScope) for the message types it handles.",
            )


RULE = Rule(
    id="SNS-03", title="No filter policy on a shared topic", severity="info", area="sns",
    checks="A topic with two or more subscriptions has a subscription without a filter policy.",
    fix=None,
    source="000 event-sources §SNS Subscriptions (L645)",
    check=check,
)
