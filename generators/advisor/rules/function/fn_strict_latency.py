"""FN-34: a strict latency budget on a synchronous API without provisioned concurrency."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import component
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Design, Function

STRICT_MS = 100
WARM = 2


def check(graph: Graph) -> Iterator[Finding]:
    for fn in graph.of(Function):
        tolerance = fn.workload.cold_start_tolerance_ms if fn.workload else None
        if tolerance is None or tolerance >= STRICT_MS or fn.provisioned_concurrency or not graph.is_routed(fn):
            continue

        def change(d: Design, name: str = fn.name) -> None:
            target = component(d, name, Function)
            target.snap_start = None  # SnapStart and provisioned concurrency exclude each other (FN-36)
            target.provisioned_concurrency = WARM

        yield RULE.finding(
            graph, component=fn.name,
            fix=Fix(f"Keep {WARM} environments of {fn.name!r} warm (provisioned concurrency on 'live')", change),
            message=f"Callers of {fn.name!r} tolerate {tolerance} ms of cold-start latency; a Python or Node.js "
                    "cold start takes 200-500 ms and SnapStart restores in 100-200 ms.",
            hint="Use provisioned concurrency on the 'live' alias (< 10 ms), sized to the steady baseline.",
        )


RULE = Rule(
    id="FN-34", title="Strict latency without provisioned concurrency", severity="info", area="function",
    checks="A routed function declares a cold-start tolerance under 100 ms and has no provisioned concurrency.",
    fix="Provisioned concurrency = 2 (SnapStart off).",
    source="000 optimization §Lambda SnapStart (L2027)",
    check=check,
)
