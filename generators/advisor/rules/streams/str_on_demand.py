"""STR-07: a provisioned Kinesis stream for a rate nobody declared steady."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import component
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Design, Function, Stream


def _steady(graph: Graph, stream: Stream) -> bool:
    names = [c.source for _, c in graph.ins(stream.name)] + [c.target for _, c in graph.outs(stream.name)]
    patterns = {fn.workload.traffic_pattern for n in names
                if (fn := graph.get(n, Function)) is not None and fn.workload is not None}
    return patterns == {"steady"}


def check(graph: Graph) -> Iterator[Finding]:
    for stream in graph.of(Stream):
        if stream.mode != "PROVISIONED" or _steady(graph, stream):
            continue

        def change(d: Design, name: str = stream.name) -> None:
            component(d, name, Stream).mode = "ON_DEMAND"

        yield RULE.finding(
            graph, component=stream.name, fix=Fix(f"Switch {stream.name!r} to on-demand mode", change),
            message=f"{stream.name!r} has {stream.shard_count} provisioned shard(s) but no function around it "
                    "declares a steady rate: spikes throttle and quiet hours are paid for.",
            hint="Use ON_DEMAND stream mode unless the rate is steady and known.",
        )


RULE = Rule(
    id="STR-07", title="Provisioned stream for an unknown rate", severity="info", area="streams",
    checks="A Kinesis stream is PROVISIONED and its producers and consumers do not all declare steady traffic.",
    fix="mode = ON_DEMAND.",
    source="000 troubleshooting §Kinesis — Shard Throttling (L2472)",
    check=check,
)
