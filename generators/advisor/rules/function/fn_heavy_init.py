"""FN-41: a large package whose INIT phase is now billed."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.finding import Finding
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Function

LARGE_MB = 50


def check(graph: Graph) -> Iterator[Finding]:
    for fn in graph.of(Function):
        size = fn.workload.package_size_mb if fn.workload else None
        if size is None or size <= LARGE_MB:
            continue
        yield RULE.finding(
            graph, component=fn.name,
            message=f"{fn.name!r} loads {size} MB of code and dependencies; since 1 August 2025 the INIT phase is "
                    "billed like invocation time, so a heavy cold start costs money as well as latency.",
            hint="Trim dependencies, lazy-load rarely used modules, or use SnapStart.",
        )


RULE = Rule(
    id="FN-41", title="Heavy package: INIT is billed", severity="info", area="function",
    checks="A function's declared package size exceeds 50 MB.",
    fix=None,
    source="001 sharp edge «Running Lambda functions in production» (L461)",
    check=check,
)
