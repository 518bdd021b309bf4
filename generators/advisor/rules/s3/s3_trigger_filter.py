"""S3-03: an S3 trigger for every object."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.finding import Finding
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Bucket, Triggers


def check(graph: Graph) -> Iterator[Finding]:
    for bucket in graph.of(Bucket):
        for i, conn in graph.outs(bucket.name, "triggers"):
            if isinstance(conn, Triggers) and not conn.prefix and not conn.suffix:
                yield RULE.finding(
                    graph, component=bucket.name, connection=i,
                    message=f"{bucket.name!r} triggers {conn.target!r} for every object, whatever its key.",
                    hint="Add a prefix (e.g. uploads/) and/or suffix (e.g. .jpg) filter to invoke only for "
                         "relevant objects.",
                )


RULE = Rule(
    id="S3-03", title="S3 trigger without key filter", severity="info", area="s3",
    checks="A bucket trigger has neither a prefix nor a suffix filter.",
    fix=None,
    source="000 event-sources §S3 (L567); 000 getting-started §File/Object Processor (L190)",
    check=check,
)
