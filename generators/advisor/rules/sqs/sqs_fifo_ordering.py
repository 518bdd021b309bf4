"""SQS-08: a FIFO consumer that can process a group out of order."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import connection
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.advisor.rules.sqs._consumers import batch_size, consumers
from generators.model import Design, Triggers

FIFO_CONCURRENCY = 2


def check(graph: Graph) -> Iterator[Finding]:
    for i, trigger, queue, fn in consumers(graph):
        if not queue.fifo or (batch_size(trigger) == 1 and trigger.max_concurrency is not None):
            continue

        def change(d: Design, index: int = i) -> None:
            t = connection(d, index, Triggers)
            t.batch_size = 1
            t.batching_window_s = None
            if t.max_concurrency is None:
                t.max_concurrency = FIFO_CONCURRENCY

        yield RULE.finding(
            graph, component=fn.name, connection=i,
            fix=Fix("Batch size 1 and a maximum concurrency for strict ordering", change),
            message=f"FIFO queue {queue.name!r} feeds {fn.name!r} with batches of {batch_size(trigger)} and "
                    + ("no maximum concurrency" if trigger.max_concurrency is None
                       else f"a maximum concurrency of {trigger.max_concurrency}")
                    + ": a failure inside a batch and unbounded scaling weaken per-group ordering.",
            hint="For strict ordering use BatchSize 1 and cap MaximumConcurrency; use message group ids for "
                 "parallelism.",
        )


RULE = Rule(
    id="SQS-08", title="FIFO consumer not set for strict ordering", severity="info", area="sqs",
    checks="A FIFO queue triggers a function with a batch size above 1 or no maximum concurrency.",
    fix="batch_size = 1, max_concurrency = 2 (when unset).",
    source="000 event-sources §SQS Queues › FIFO (L474)",
    check=check,
)
