"""FN-07: x86_64 where arm64 would do (a cost lever)."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor import savings
from generators.advisor.edits import component
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Design, Function


def check(graph: Graph) -> Iterator[Finding]:
    for fn in graph.of(Function):
        if graph.architecture(fn) != "x86_64" or (fn.workload is not None and fn.workload.native_x86_deps):
            continue

        def change(d: Design, name: str = fn.name) -> None:
            component(d, name, Function).architecture = "arm64"

        saving = savings.arm64(graph, fn.name)
        yield RULE.finding(
            graph, component=fn.name, fix=Fix(f"Run {fn.name!r} on arm64", change), saving_usd_month=saving,
            message=f"{fn.name!r} runs on x86_64 and declares no x86-only native dependency; arm64 is ~20 % "
                    f"cheaper per GB-second (≈ ${saving:,.2f}/month at the assumed traffic).",
            hint="Set Architectures: [arm64] (keep x86_64 only for x86-only native binaries).",
        )


RULE = Rule(
    id="FN-07", title="x86_64 where arm64 fits", severity="info", area="function",
    checks="A function runs on x86_64 (its own setting or the project default) and does not declare x86-only "
           "native dependencies.",
    fix="Architecture = arm64.",
    source="000 optimization §Memory and CPU Right-Sizing (L1961); 002 §ARM64 (Graviton2) Savings (L567)",
    check=check,
)
