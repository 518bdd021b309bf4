"""SQS-03: visibility timeout below six times the consumer's timeout."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.finding import Finding
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.advisor.rules.sqs._consumers import consumers
from generators.advisor.rules.sqs.sqs_visibility_timeout import MAX_VISIBILITY_S, visibility_fix


def check(graph: Graph) -> Iterator[Finding]:
    for i, _trigger, queue, fn in consumers(graph):
        wanted = min(MAX_VISIBILITY_S, 6 * fn.timeout_s)
        if not fn.timeout_s <= queue.visibility_timeout_s < wanted:
            continue
        yield RULE.finding(
            graph, component=queue.name, connection=i, fix=visibility_fix(queue.name, fn.timeout_s),
            message=f"{queue.name!r} hides a message for {queue.visibility_timeout_s} s, less than 6 × the "
                    f"{fn.timeout_s} s timeout of {fn.name!r} ({wanted} s): retries and throttled batches can "
                    "make messages reappear early.",
            hint="Set the visibility timeout to 6 × the function timeout.",
        )


RULE = Rule(
    id="SQS-03", title="Visibility timeout below 6× the function timeout", severity="warning", area="sqs",
    checks="Function timeout ≤ visibility timeout < 6 × function timeout.",
    fix="Visibility timeout = 6 × function timeout.",
    source="002 §SQS (L168); 001 «Lambda triggered by SQS» (L192); seed catalog conflict C1",
    check=check,
)
