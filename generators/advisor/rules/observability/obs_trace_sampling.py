"""OBS-12: default X-Ray sampling on a very busy function."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.finding import Finding
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.cost.estimate import sampled_traces
from generators.cost.prices import PRICES, SECONDS_PER_MONTH
from generators.model import Function

VERY_HIGH_RPS = 1000


def check(graph: Graph) -> Iterator[Finding]:
    for fn in graph.of(Function):
        rate = fn.workload.expected_rps if fn.workload else None
        if not fn.tracing or rate is None or rate < VERY_HIGH_RPS:
            continue
        traces = sampled_traces(rate * SECONDS_PER_MONTH)
        usd = PRICES["xray.traces"].cost(traces)
        yield RULE.finding(
            graph, component=fn.name,
            message=f"{fn.name!r} expects {rate:,.0f} requests/s; X-Ray's default sampling (1/s + 5 %) records "
                    f"≈ {traces / 1e6:,.0f}M traces a month (≈ ${usd:,.0f}).",
            hint="Add an X-Ray sampling rule with a lower fixed rate for this service.",
        )


RULE = Rule(
    id="OBS-12", title="Default trace sampling at very high rates", severity="info", area="observability",
    checks="A traced function declares ≥ 1,000 requests/s (the design has no custom sampling rule).",
    fix=None,
    source="000 observability §Distributed Tracing (L1656), §Cost Management (L1938)",
    check=check,
)
