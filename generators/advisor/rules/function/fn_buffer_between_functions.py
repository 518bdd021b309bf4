"""FN-26: a topic or bus used only as a buffer between two functions."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import component, remove_component
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Design, EventBus, Function, Invokes, Topic, Triggers


def buffer_pair(graph: Graph, channel: str) -> tuple[str, str] | None:
    """(publisher, consumer) when `channel` has exactly one publishing function and one function subscriber."""
    ins = graph.ins(channel)
    outs = graph.outs(channel)
    if len(ins) != 1 or len(outs) != 1:
        return None
    (_, into), (_, out) = ins[0], outs[0]
    if into.kind != "publishes" or out.kind != "triggers" or graph.kind(out.target) != "function":
        return None
    if (isinstance(out, Triggers) and out.filter_policy) or into.source == out.target:
        return None
    return into.source, out.target


def check(graph: Graph) -> Iterator[Finding]:
    for channel in [*graph.of(Topic), *graph.of(EventBus)]:
        pair = buffer_pair(graph, channel.name)
        if pair is None:
            continue
        publisher, consumer = pair
        fix = None
        if len(graph.ins(consumer)) == 1:
            def change(d: Design, ch: str = channel.name, a: str = publisher, b: str = consumer) -> None:
                remove_component(d, ch)
                d.connections.append(Invokes(source=a, target=b, invocation="async"))
                component(d, b, Function).on_failure_dlq = True

            fix = Fix(f"Let {publisher!r} invoke {consumer!r} asynchronously (with a DLQ) instead", change)
        yield RULE.finding(
            graph, component=channel.name, fix=fix,
            message=f"{channel.name!r} only carries events from {publisher!r} to {consumer!r}; asynchronous "
                    "invocations are already queued by Lambda, so a buffer adds cost but no throttle protection.",
            hint="Invoke the consumer asynchronously (InvocationType Event) and give it a DLQ.",
        )


RULE = Rule(
    id="FN-26", title="Channel used only as a buffer", severity="info", area="function",
    checks="A topic or event bus has exactly one publishing function and one unfiltered function subscriber.",
    fix="Replace it by an asynchronous invoke from the publisher, with a DLQ on the consumer.",
    source="000 troubleshooting §Async Invocations and Throttling (L2407)",
    check=check,
)
