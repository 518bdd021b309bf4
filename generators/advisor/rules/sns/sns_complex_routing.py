"""SNS-05: content-based routing on many attributes."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.finding import Finding
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Topic, Triggers

MANY_ATTRIBUTES = 3


def check(graph: Graph) -> Iterator[Finding]:
    for topic in graph.of(Topic):
        for i, conn in graph.outs(topic.name, "triggers"):
            policy = conn.filter_policy if isinstance(conn, Triggers) else None
            if not policy:
                continue
            nested = any(isinstance(value, dict) for value in policy.values())
            if len(policy) <= MANY_ATTRIBUTES and not nested:
                continue
            yield RULE.finding(
                graph, component=conn.target, connection=i,
                message=f"The subscription of {conn.target!r} routes on {len(policy)} attribute(s)"
                        + (" with nested conditions" if nested else "") + "; SNS filter policies are limited "
                        "(5 attributes, 150 combinations).",
                hint="For content-based routing on many fields, publish to an EventBridge bus and use rules.",
            )


RULE = Rule(
    id="SNS-05", title="Complex routing on SNS", severity="info", area="sns",
    checks="A subscription filter policy uses more than 3 attributes or nested (message-body) conditions.",
    fix=None,
    source="000 event-sources §SNS Subscriptions (L645); 000 getting-started §Notification Fan-Out (L197)",
    check=check,
)
