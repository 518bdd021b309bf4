"""STR-02: unlimited retries on a stream."""

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
        if trigger.max_retry_attempts is not None and trigger.max_retry_attempts >= 0:
            continue

        def change(d: Design, index: int = i) -> None:
            connection(d, index, Triggers).max_retry_attempts = 3

        yield RULE.finding(
            graph, component=fn.name, connection=i, fix=Fix("Retry a failing batch at most 3 times", change),
            message=f"{trigger.source!r} → {fn.name!r} retries a failing batch until its records expire "
                    "(up to 24 h or more), while the shard makes no progress.",
            hint="Set MaximumRetryAttempts (e.g. 3) and an on-failure destination.",
        )


RULE = Rule(
    id="STR-02", title="Unlimited stream retries", severity="warning", area="streams",
    checks="A stream trigger leaves MaximumRetryAttempts unset or -1 (infinite).",
    fix="max_retry_attempts = 3.",
    source="000 event-sources §DynamoDB Streams (L449); 000 troubleshooting §DynamoDB Streams — High Iterator "
           "Age (L2460)",
    check=check,
)
