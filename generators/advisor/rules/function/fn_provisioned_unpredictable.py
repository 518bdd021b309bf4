"""FN-32: provisioned concurrency for unpredictable traffic."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import component
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Design, Function


def check(graph: Graph) -> Iterator[Finding]:
    for fn in graph.of(Function):
        if not fn.provisioned_concurrency or fn.workload is None or fn.workload.traffic_pattern != "unpredictable":
            continue

        def change(d: Design, name: str = fn.name) -> None:
            component(d, name, Function).provisioned_concurrency = None

        yield RULE.finding(
            graph, component=fn.name, fix=Fix(f"Remove provisioned concurrency from {fn.name!r}", change),
            message=f"{fn.name!r} expects unpredictable traffic but has provisioned concurrency, which fits a "
                    "steady baseline and is billed while idle.",
            hint="Use on-demand concurrency, or scale provisioned concurrency with Application Auto Scaling.",
        )


RULE = Rule(
    id="FN-32", title="Provisioned concurrency for unpredictable traffic", severity="info", area="function",
    checks="A function with provisioned concurrency declares an unpredictable traffic pattern.",
    fix="Remove provisioned concurrency.",
    source="000 optimization §Decision Framework (L2082)",
    check=check,
)
