"""FN-08: arm64 with x86-only native dependencies."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import component
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Design, Function


def check(graph: Graph) -> Iterator[Finding]:
    for fn in graph.of(Function):
        if graph.architecture(fn) != "arm64" or fn.workload is None or not fn.workload.native_x86_deps:
            continue

        def change(d: Design, name: str = fn.name) -> None:
            component(d, name, Function).architecture = "x86_64"

        yield RULE.finding(
            graph, component=fn.name, fix=Fix(f"Run {fn.name!r} on x86_64", change),
            message=f"{fn.name!r} runs on arm64 but depends on x86-only native binaries; it will fail to import "
                    "them at run time.",
            hint="Build the native dependencies for ARM (in a container), or run this function on x86_64.",
        )


RULE = Rule(
    id="FN-08", title="arm64 with x86-only native dependencies", severity="warning", area="function",
    checks="A function on arm64 declares x86-only native dependencies.",
    fix="Architecture = x86_64.",
    source="000 optimization §Memory and CPU Right-Sizing (L1961); 002 §ARM64 (L567)",
    check=check,
)
