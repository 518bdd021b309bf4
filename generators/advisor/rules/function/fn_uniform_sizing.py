"""FN-06: every function sized alike, whatever it does."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.finding import Finding
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Function


def check(graph: Graph) -> Iterator[Finding]:
    functions = graph.of(Function)
    sizes = {(fn.memory_mb, fn.timeout_s) for fn in functions}
    if len(functions) >= 3 and len(sizes) == 1:
        memory, timeout = sizes.pop()
        yield RULE.finding(
            graph, path="components",
            message=f"All {len(functions)} functions have {memory} MB and a {timeout} s timeout, whatever their "
                    "workload.",
            hint="Size each function from its own workload profile (Power Tuning per function).",
        )


RULE = Rule(
    id="FN-06", title="Same memory and timeout everywhere", severity="info", area="function",
    checks="Three or more functions all have the same memory and timeout.",
    fix=None,
    source="000 SKILL §Best Practices › Project Setup (L60)",
    check=check,
)
