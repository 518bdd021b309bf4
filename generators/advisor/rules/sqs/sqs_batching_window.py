"""SQS-13: a busy consumer invoked for every few messages (a cost lever)."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import connection
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.advisor.rules.sqs._consumers import batch_size, consumers
from generators.model import Design, Triggers

BUSY_RPS = 10
WINDOW_S = 30
LARGER_BATCH = 100


def check(graph: Graph) -> Iterator[Finding]:
    for i, trigger, queue, fn in consumers(graph):
        rate = fn.workload.expected_rps if fn.workload else None
        if rate is None or rate < BUSY_RPS or trigger.batching_window_s or batch_size(trigger) > 10:
            continue

        def change(d: Design, index: int = i) -> None:
            t = connection(d, index, Triggers)
            t.batching_window_s = WINDOW_S
            t.batch_size = LARGER_BATCH

        yield RULE.finding(
            graph, component=fn.name, connection=i,
            fix=Fix(f"Batch up to {LARGER_BATCH} messages with a {WINDOW_S} s window", change),
            message=f"{fn.name!r} expects {rate:g} messages/s from {queue.name!r} with no batching window and "
                    f"batches of {batch_size(trigger)}: it is invoked far more often than needed.",
            hint="Set MaximumBatchingWindowInSeconds (e.g. 30 s) and a larger batch to cut invocations.",
        )


RULE = Rule(
    id="SQS-13", title="High-volume consumer without batching window", severity="info", area="sqs",
    checks="An SQS consumer declares ≥ 10 messages/s, has no batching window and batches of at most 10.",
    fix="batching_window_s = 30, batch_size = 100.",
    source="002 §Other Cost Levers (L584); 002 Interview Q (L762)",
    check=check,
)
