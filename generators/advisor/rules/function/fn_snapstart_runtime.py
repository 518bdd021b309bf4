"""FN-37: SnapStart on a runtime that does not support it."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import component
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Design, Function


def check(graph: Graph) -> Iterator[Finding]:
    if graph.design.project.language != "typescript":
        return
    for fn in graph.of(Function):
        if not fn.snap_start:
            continue

        def change(d: Design, name: str = fn.name) -> None:
            component(d, name, Function).snap_start = None

        yield RULE.finding(
            graph, component=fn.name, fix=Fix(f"Turn SnapStart off for {fn.name!r}", change),
            message=f"{fn.name!r} would run on Node.js, which SnapStart does not support (Java 11+, Python 3.12+, "
                    ".NET 8+ only).",
            hint="Turn SnapStart off; use provisioned concurrency if cold starts matter.",
        )


RULE = Rule(
    id="FN-37", title="SnapStart on an unsupported runtime", severity="error", area="function",
    checks="A function of a TypeScript (Node.js) project has SnapStart on.",
    fix="Turn SnapStart off.",
    source="000 optimization §Lambda SnapStart (L2027); seed catalog conflict C7",
    check=check,
)
