"""FN-05: CPU-bound work below one full vCPU."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import component
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Design, Function

FULL_VCPU_MB = 1769


def check(graph: Graph) -> Iterator[Finding]:
    for fn in graph.of(Function):
        if fn.workload is None or not fn.workload.cpu_bound or fn.memory_mb >= FULL_VCPU_MB:
            continue

        def change(d: Design, name: str = fn.name) -> None:
            component(d, name, Function).memory_mb = FULL_VCPU_MB

        yield RULE.finding(
            graph, component=fn.name, fix=Fix(f"Give {fn.name!r} {FULL_VCPU_MB} MB", change),
            message=f"{fn.name!r} is CPU-bound but has {fn.memory_mb} MB; below 1,769 MB it shares one vCPU.",
            hint="Set memory to at least 1,769 MB (one full vCPU) and tune with Power Tuning.",
        )


RULE = Rule(
    id="FN-05", title="CPU-bound function below one vCPU", severity="info", area="function",
    checks="A function declared CPU-bound has less than 1,769 MB.",
    fix="Memory = 1,769 MB.",
    source="000 optimization §Memory and CPU Right-Sizing (L1961); 002 §Memory / CPU Relationship (L87)",
    check=check,
)
