"""FN-42: objects as large as the function's memory."""

from __future__ import annotations

import math
from collections.abc import Iterator

from generators.advisor.edits import component
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.helpers import MIB, mb
from generators.advisor.rule import Rule
from generators.model import Design, Function

MAX_MEMORY_MB = 10240


def check(graph: Graph) -> Iterator[Finding]:
    for fn in graph.of(Function):
        size = fn.workload.object_bytes if fn.workload else None
        if size is None or size < fn.memory_mb * MIB:
            continue
        buckets = {c.source for _, c in graph.ins(fn.name, "triggers") if graph.kind(c.source) == "bucket"}
        buckets |= {c.target for _, c in graph.outs(fn.name, "reads") if graph.kind(c.target) == "bucket"}
        if not buckets:
            continue
        target = math.ceil(2 * size / MIB / 64) * 64
        fix = None
        if target <= MAX_MEMORY_MB:
            def change(d: Design, name: str = fn.name, value: int = target) -> None:
                component(d, name, Function).memory_mb = value

            fix = Fix(f"Give {fn.name!r} {target} MB", change)
        yield RULE.finding(
            graph, component=fn.name, fix=fix,
            message=f"{fn.name!r} handles objects of {mb(size)} with {fn.memory_mb} MB of memory; reading one "
                    "whole object into memory kills the runtime with no catchable error.",
            hint="Stream the object (Powertools S3Object or a streaming SDK read), or give the function memory of "
                 "about twice the object size.",
        )


RULE = Rule(
    id="FN-42", title="Objects as large as the memory", severity="warning", area="function",
    checks="A function that reads or is triggered by a bucket declares an object size ≥ its memory.",
    fix="Memory ≈ 2 × the object size (when that fits in 10,240 MB).",
    source="001 sharp edge «Lambda function processing data» (L540); 000 powertools §Streaming (L2358)",
    check=check,
)
