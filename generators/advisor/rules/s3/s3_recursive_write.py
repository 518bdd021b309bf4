"""S3-01: a processor writing into the bucket that triggers it."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import component, connection, unique_name
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Bucket, Design, Function, Writes

RUNAWAY_CAP = 10


def check(graph: Graph) -> Iterator[Finding]:
    for bucket in graph.of(Bucket):
        triggered = {c.target for _, c in graph.outs(bucket.name, "triggers")}
        for i, conn in graph.ins(bucket.name, "writes"):
            if conn.source not in triggered:
                continue

            def change(d: Design, index: int = i, source: str = bucket.name, fn: str = conn.source) -> None:
                output = unique_name(d, f"{source}-output")
                d.components.append(Bucket(name=output, description=f"Output of {fn} (kept apart from its trigger)"))
                connection(d, index, Writes).target = output
                processor = component(d, fn, Function)
                if processor.reserved_concurrency is None:
                    processor.reserved_concurrency = RUNAWAY_CAP

            yield RULE.finding(
                graph, component=conn.source, connection=i,
                fix=Fix(f"Write the output of {conn.source!r} to a new bucket and cap its concurrency", change),
                message=f"{conn.source!r} is triggered by {bucket.name!r} and writes back into it: each output "
                        "object triggers it again, an endless loop with runaway cost.",
                hint="Write to a separate output bucket (or a prefix outside the trigger filter, then silence this "
                     "rule with that reason), and cap the function with reserved concurrency.",
            )


RULE = Rule(
    id="S3-01", title="Recursive S3 trigger", severity="error", area="s3",
    checks="A function triggered by a bucket also writes to that bucket.",
    fix="Redirect the writes to a new output bucket; reserved concurrency = 10.",
    source="000 event-sources §S3 (L567); 001 sharp edge «Lambda triggered by events» (L686)",
    check=check,
)
