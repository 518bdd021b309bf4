"""SQS-09: an SQS consumer that can overwhelm a provisioned table."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import connection
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.advisor.rules.sqs._consumers import consumers
from generators.model import Design, Table, Triggers


def check(graph: Graph) -> Iterator[Finding]:
    for i, trigger, queue, fn in consumers(graph):
        if trigger.max_concurrency is not None:
            continue
        tables = [t for _, c in graph.outs(fn.name, "writes")
                  if (t := graph.get(c.target, Table)) is not None and t.billing_mode == "PROVISIONED"]
        if not tables:
            continue
        cap = max(2, min(1000, min(t.write_capacity for t in tables)))

        def change(d: Design, index: int = i, value: int = cap) -> None:
            connection(d, index, Triggers).max_concurrency = value

        yield RULE.finding(
            graph, component=fn.name, connection=i,
            fix=Fix(f"Cap the {queue.name!r} consumer at {cap} concurrent invocations", change),
            message=f"{fn.name!r} drains {queue.name!r} with unbounded concurrency into provisioned table(s) "
                    f"{', '.join(t.name for t in tables)}: a backlog turns into throttled writes and retries.",
            hint="Set MaximumConcurrency on the event source mapping to what the table can absorb.",
        )


RULE = Rule(
    id="SQS-09", title="Unbounded consumer into limited capacity", severity="info", area="sqs",
    checks="An SQS-triggered function writes to a PROVISIONED table and its trigger has no maximum concurrency.",
    fix="max_concurrency = the table's write capacity (2-1000).",
    source="000 event-sources §SQS Queues (L474); 000 §Push vs Poll (L1089)",
    check=check,
)
