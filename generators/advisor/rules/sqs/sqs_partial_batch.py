"""SQS-01: one bad message makes the whole batch reappear."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import connection
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.advisor.rules.sqs._consumers import consumers
from generators.model import Design, Triggers


def check(graph: Graph) -> Iterator[Finding]:
    for i, trigger, queue, fn in consumers(graph):
        if trigger.report_batch_item_failures:
            continue

        def change(d: Design, index: int = i) -> None:
            connection(d, index, Triggers).report_batch_item_failures = True

        yield RULE.finding(
            graph, component=fn.name, connection=i, fix=Fix("Report batch item failures", change),
            message=f"{queue.name!r} → {fn.name!r} does not report batch item failures: one failing message "
                    "makes the whole batch visible again and reprocessed.",
            hint="Enable ReportBatchItemFailures and process batches with Powertools BatchProcessor.",
        )


RULE = Rule(
    id="SQS-01", title="No partial batch failures", severity="warning", area="sqs",
    checks="A queue → function trigger does not enable ReportBatchItemFailures.",
    fix="report_batch_item_failures = true.",
    source="000 event-sources §SQS Queues (L474); 001 (L192); 002 §SQS (L168)",
    check=check,
)
