"""SQS-02: visibility timeout shorter than the consumer's timeout."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import component
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.advisor.rules.sqs._consumers import consumers
from generators.model import Design, Queue

MAX_VISIBILITY_S = 43200


def visibility_fix(queue: str, timeout_s: int) -> Fix:
    value = min(MAX_VISIBILITY_S, 6 * timeout_s)

    def change(d: Design) -> None:
        component(d, queue, Queue).visibility_timeout_s = value

    return Fix(f"Set the visibility timeout of {queue!r} to {value} s (6 × the function timeout)", change)


def check(graph: Graph) -> Iterator[Finding]:
    for i, _trigger, queue, fn in consumers(graph):
        if queue.visibility_timeout_s >= fn.timeout_s:
            continue
        yield RULE.finding(
            graph, component=queue.name, connection=i, fix=visibility_fix(queue.name, fn.timeout_s),
            message=f"{queue.name!r} hides a message for {queue.visibility_timeout_s} s, less than the "
                    f"{fn.timeout_s} s timeout of {fn.name!r}: messages reappear and are processed twice while "
                    "still in progress.",
            hint="Set the visibility timeout to 6 × the function timeout.",
        )


RULE = Rule(
    id="SQS-02", title="Visibility timeout below the function timeout", severity="error", area="sqs",
    checks="A queue's visibility timeout is shorter than the timeout of a function it triggers.",
    fix="Visibility timeout = 6 × function timeout.",
    source="000 event-sources §SQS Queues (L474); 000 troubleshooting §SQS — Messages Going to DLQ (L2479)",
    check=check,
)
