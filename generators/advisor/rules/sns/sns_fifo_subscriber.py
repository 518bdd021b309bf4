"""SNS-02: a FIFO topic delivering to what FIFO topics cannot deliver to."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import component, connection, unique_name
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Design, Function, Queue, Topic, Triggers


def check(graph: Graph) -> Iterator[Finding]:
    for topic in graph.of(Topic):
        if not topic.fifo:
            continue
        for i, conn in graph.outs(topic.name, "triggers"):
            target = graph.by_name.get(conn.target)
            if isinstance(target, Queue) and not target.fifo:
                def make_fifo(d: Design, name: str = target.name) -> None:
                    component(d, name, Queue).fifo = True

                yield RULE.finding(
                    graph, component=target.name, connection=i, fix=Fix(f"Make {target.name!r} FIFO", make_fifo),
                    message=f"FIFO topic {topic.name!r} delivers to standard queue {target.name!r}; FIFO topics "
                            "only deliver to FIFO queues.",
                    hint="Make the queue FIFO (or the topic standard).",
                )
            elif isinstance(target, Function):
                def buffer(d: Design, index: int = i, fn: str = target.name) -> None:
                    queue = unique_name(d, f"{fn}-fifo-buffer")
                    timeout = component(d, fn, Function).timeout_s
                    d.components.append(Queue(name=queue, fifo=True, visibility_timeout_s=min(43200, 6 * timeout),
                                              description=f"Keeps FIFO order between the topic and {fn}"))
                    connection(d, index, Triggers).target = queue
                    d.connections.append(Triggers(source=queue, target=fn, batch_size=1, max_concurrency=2,
                                                  report_batch_item_failures=True))

                yield RULE.finding(
                    graph, component=target.name, connection=i,
                    fix=Fix(f"Deliver through a FIFO queue to {target.name!r}", buffer),
                    message=f"FIFO topic {topic.name!r} has a Lambda subscription ({target.name!r}); FIFO topics "
                            "do not support Lambda subscriptions.",
                    hint="Use SNS FIFO → SQS FIFO → Lambda, or a standard topic.",
                )


RULE = Rule(
    id="SNS-02", title="FIFO topic → Lambda subscription", severity="error", area="sns",
    checks="A FIFO topic triggers a function, or a standard (non-FIFO) queue.",
    fix="Insert an SQS FIFO queue between topic and function (or make the subscribed queue FIFO).",
    source="000 event-sources §SNS Subscriptions (L645)",
    check=check,
)
