"""SQS-10: a batch that cannot be processed within the timeout."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import connection
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.advisor.rules.sqs._consumers import batch_size, consumers
from generators.model import Design, Triggers


def check(graph: Graph) -> Iterator[Finding]:
    for i, trigger, queue, fn in consumers(graph):
        per_record = fn.workload.per_record_ms if fn.workload else None
        if per_record is None:
            continue
        size = batch_size(trigger)
        needed_s = size * per_record / 1000
        if needed_s < fn.timeout_s:
            continue
        fitting = max(1, int(fn.timeout_s * 1000 * 0.5 // per_record))

        def change(d: Design, index: int = i, value: int = fitting) -> None:
            connection(d, index, Triggers).batch_size = value

        yield RULE.finding(
            graph, component=fn.name, connection=i,
            fix=Fix(f"Lower the batch size to {fitting} (half the timeout's worth of records)", change),
            message=f"A batch of {size} records from {queue.name!r} takes ≈ {needed_s:g} s at {per_record} ms each, "
                    f"at or over the {fn.timeout_s} s timeout of {fn.name!r}: whole batches time out and retry.",
            hint="Lower the batch size or raise the timeout (and the visibility timeout with it).",
        )


RULE = Rule(
    id="SQS-10", title="Batch too large for the timeout", severity="warning", area="sqs",
    checks="batch size × declared per-record time ≥ the consumer's timeout.",
    fix="batch_size = records that fit in half the timeout.",
    source="000 event-sources §Batch Size Guidelines (L759)",
    check=check,
)
