"""STR-04: a parallelization factor above the shard count."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import connection
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.advisor.rules.streams._stream_triggers import stream_triggers
from generators.model import Design, Stream, Triggers


def check(graph: Graph) -> Iterator[Finding]:
    for i, trigger, fn in stream_triggers(graph):
        stream = graph.get(trigger.source, Stream)
        factor = trigger.parallelization_factor or 1
        if stream is None or stream.mode != "PROVISIONED" or factor <= stream.shard_count:
            continue

        def change(d: Design, index: int = i, value: int = stream.shard_count) -> None:
            connection(d, index, Triggers).parallelization_factor = value

        yield RULE.finding(
            graph, component=fn.name, connection=i,
            fix=Fix(f"Set the parallelization factor to {stream.shard_count}", change),
            message=f"{fn.name!r} reads {stream.name!r} with a parallelization factor of {factor}, above its "
                    f"{stream.shard_count} shard(s).",
            hint="Keep ParallelizationFactor at or below the shard count.",
        )


RULE = Rule(
    id="STR-04", title="Parallelization factor above shard count", severity="warning", area="streams",
    checks="A provisioned Kinesis stream's trigger has a parallelization factor above its shard count.",
    fix="parallelization_factor = shard count.",
    source="000 event-sources §Kinesis Streams (L462)",
    check=check,
)
