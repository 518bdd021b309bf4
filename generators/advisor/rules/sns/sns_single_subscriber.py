"""SNS-04: a topic with a single Lambda subscriber."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.finding import Finding
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.advisor.rules.function.fn_buffer_between_functions import buffer_pair
from generators.model import Topic


def check(graph: Graph) -> Iterator[Finding]:
    for topic in graph.of(Topic):
        subscribers = [c.target for _, c in graph.outs(topic.name, "triggers")]
        if len(subscribers) != 1 or graph.kind(subscribers[0]) != "function":
            continue
        if buffer_pair(graph, topic.name) is not None:
            continue  # FN-26 already suggests the direct asynchronous invoke
        yield RULE.finding(
            graph, component=topic.name,
            message=f"{topic.name!r} has a single subscriber, {subscribers[0]!r}: point-to-point delivery "
                    "needs no fan-out.",
            hint="Prefer a queue (SQS → Lambda event source mapping): batching, retries and a DLQ on the queue.",
        )


RULE = Rule(
    id="SNS-04", title="Topic with one Lambda subscriber", severity="info", area="sns",
    checks="A topic has exactly one subscription, to a function (and is not already a FN-26 buffer).",
    fix=None,
    source="000 event-sources §SNS Subscriptions (L645)",
    check=check,
)
