"""S3-05: one bucket notifying several consumers."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.finding import Finding
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Bucket


def check(graph: Graph) -> Iterator[Finding]:
    for bucket in graph.of(Bucket):
        targets = sorted({c.target for _, c in graph.outs(bucket.name, "triggers")})
        if len(targets) > 1:
            yield RULE.finding(
                graph, component=bucket.name,
                message=f"{bucket.name!r} notifies {len(targets)} consumers ({', '.join(targets)}); S3 "
                        "notifications cannot overlap and route only on prefix/suffix.",
                hint="Turn on S3 → EventBridge notifications and route with rules for several consumers.",
            )


RULE = Rule(
    id="S3-05", title="Bucket with several consumers", severity="info", area="s3",
    checks="A bucket triggers more than one function.",
    fix=None,
    source="000 event-sources §S3 (L567)",
    check=check,
)
