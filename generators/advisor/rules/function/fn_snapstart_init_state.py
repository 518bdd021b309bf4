"""FN-38: a SnapStart function that creates unique values or connections during INIT."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.finding import Finding
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Function


def check(graph: Graph) -> Iterator[Finding]:
    for fn in graph.of(Function):
        if not fn.snap_start or not (fn.workload and fn.workload.init_unique_state):
            continue
        yield RULE.finding(
            graph, component=fn.name,
            message=f"{fn.name!r} uses SnapStart and creates unique values or connections at module level: they are "
                    "captured in the snapshot and every restored environment reuses the same UUIDs, random seed and "
                    "timestamps, and finds its connections stale.",
            hint="Create UUIDs, random values and timestamps inside the handler; re-open connections and re-seed "
                 "random generators in an after-restore hook (Python: `snapshot_restore_py.register_after_restore`, "
                 "package snapshot-restore-py).",
        )


RULE = Rule(
    id="FN-38", title="SnapStart captures unique state", severity="warning", area="function",
    checks="A function with SnapStart declares that it creates unique values or connections during INIT.",
    fix=None,
    source="000 optimization §Lambda SnapStart (L2027); 000 troubleshooting §Stale unique values / §Stale database "
           "connection (L2509-2516); 002 §What to Avoid in SnapStart (L859)",
    check=check,
)
