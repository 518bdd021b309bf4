"""STR-01: a poison record blocks its shard."""

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
        if trigger.bisect_on_error:
            continue

        def change(d: Design, index: int = i) -> None:
            connection(d, index, Triggers).bisect_on_error = True

        yield RULE.finding(
            graph, component=fn.name, connection=i, fix=Fix("Bisect failing batches", change),
            message=f"{trigger.source!r} → {fn.name!r} does not bisect failing batches: one poison record blocks "
                    "its whole shard until it expires.",
            hint="Set BisectBatchOnFunctionError: true.",
        )


RULE = Rule(
    id="STR-01", title="Stream consumer without bisect", severity="warning", area="streams",
    checks="A DynamoDB-stream or Kinesis trigger does not bisect batches on error.",
    fix="bisect_on_error = true.",
    source="000 event-sources §DynamoDB Streams (L449), §Error Handling (L765); 002 §DynamoDB Streams (L211)",
    check=check,
)
