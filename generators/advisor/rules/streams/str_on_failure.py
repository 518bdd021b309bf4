"""STR-03: records that exhaust their retries disappear."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import connection
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.advisor.rules.streams._stream_triggers import stream_triggers
from generators.model import Design, Triggers


def check(graph: Graph) -> Iterator[Finding]:
    for i, trigger, fn in stream_triggers(graph):
        if trigger.on_failure_dlq:
            continue

        def change(d: Design, index: int = i) -> None:
            connection(d, index, Triggers).on_failure_dlq = True

        yield RULE.finding(
            graph, component=fn.name, connection=i, fix=Fix("Send failed batches to an SQS DLQ", change),
            message=f"{trigger.source!r} → {fn.name!r} has no on-failure destination: records that exhaust their "
                    "retries are skipped without a trace.",
            hint="Add an SQS on-failure destination for the event source mapping.",
        )


RULE = Rule(
    id="STR-03", title="Stream consumer without on-failure destination", severity="warning", area="streams",
    checks="A stream trigger has no on-failure destination (on_failure_dlq).",
    fix="on_failure_dlq = true.",
    source="000 event-sources §DynamoDB Streams (L449), §Error Handling (L765); 001 (L259); 002 Interview Q "
           "(L756)",
    check=check,
)
