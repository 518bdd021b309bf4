"""FN-27: declared load close to the regional concurrency limit."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.finding import Finding
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Function

ACCOUNT_CONCURRENCY = 1000
THRESHOLD = 0.8


def check(graph: Graph) -> Iterator[Finding]:
    needs: list[tuple[float, str]] = []
    for fn in graph.of(Function):
        w = fn.workload
        if w is not None and w.expected_rps is not None and w.expected_duration_s is not None:
            needs.append((w.expected_rps * min(w.expected_duration_s, fn.timeout_s), fn.name))
    total = sum(n for n, _ in needs)
    if total <= THRESHOLD * ACCOUNT_CONCURRENCY:
        return
    top = ", ".join(f"{name} ≈ {n:,.0f}" for n, name in sorted(needs, reverse=True)[:3])
    yield RULE.finding(
        graph, path="components",
        message=f"Declared load needs ≈ {total:,.0f} concurrent executions (rate × duration: {top}), over 80 % "
                "of the default regional limit of 1,000; requests will be throttled.",
        hint="Request a quota increase, give critical functions reserved concurrency, or buffer with SQS.",
    )


RULE = Rule(
    id="FN-27", title="Near the regional concurrency limit", severity="warning", area="function",
    checks="Σ(expected rate × expected duration) over functions that declare both exceeds 800.",
    fix=None,
    source="000 troubleshooting §Throttling and Concurrency Limits (L2414); 002 §Concurrency Model (L73)",
    check=check,
)
