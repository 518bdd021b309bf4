"""FN-04: 128 MB on a function that does real work."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import component
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Design, Function


def check(graph: Graph) -> Iterator[Finding]:
    for fn in graph.of(Function):
        if fn.memory_mb != 128:
            continue
        if not (graph.effects(fn) or graph.outs(fn.name, "reads") or graph.is_routed(fn)):
            continue

        def change(d: Design, name: str = fn.name) -> None:
            component(d, name, Function).memory_mb = 512

        yield RULE.finding(
            graph, component=fn.name, fix=Fix(f"Give {fn.name!r} 512 MB", change),
            message=f"{fn.name!r} has 128 MB, the smallest size, although it serves requests or calls other "
                    "services; memory also sets the CPU share, so it may be slow and cost more per request.",
            hint="Start at 512 MB for API handlers and tune with AWS Lambda Power Tuning.",
        )


RULE = Rule(
    id="FN-04", title="128 MB on a non-trivial handler", severity="info", area="function",
    checks="Memory is 128 MB on a function that is routed to, reads, writes, publishes or invokes.",
    fix="Memory = 512 MB.",
    source="001 check «Default 128MB» (L750); 000 optimization §Memory and CPU Right-Sizing (L1961)",
    check=check,
)
