"""COST-04: steady, very high load on default Lambda compute."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.finding import Finding
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Function

HIGH_STEADY_RPS = 500


def check(graph: Graph) -> Iterator[Finding]:
    for fn in graph.of(Function):
        w = fn.workload
        if w is None or w.traffic_pattern != "steady" or w.expected_rps is None or w.expected_rps < HIGH_STEADY_RPS:
            continue
        yield RULE.finding(
            graph, component=fn.name,
            message=f"{fn.name!r} expects a steady {w.expected_rps:,.0f} requests/s; at a constant high rate "
                    "per-request Lambda pricing can exceed always-on compute.",
            hint="Compare with Lambda Managed Instances (EC2 price + 15 % + $0.20/M requests, Savings Plans apply) "
                 "or a Fargate service.",
        )


RULE = Rule(
    id="COST-04", title="Steady high load on default Lambda", severity="info", area="cost",
    checks="A function declares a steady traffic pattern at ≥ 500 requests/s.",
    fix=None,
    source="000 optimization §Lambda Managed Instances (L2059); 002 Interview Q «Lambda pricing» (L753)",
    check=check,
)
