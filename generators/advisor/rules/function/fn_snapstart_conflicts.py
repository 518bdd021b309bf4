"""FN-36: SnapStart combined with what it does not support."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import component
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Design, Function


def check(graph: Graph) -> Iterator[Finding]:
    for fn in graph.of(Function):
        if not fn.snap_start:
            continue
        conflicts = []
        if fn.provisioned_concurrency:
            conflicts.append("provisioned concurrency")
        if fn.ephemeral_storage_mb > 512:
            conflicts.append(f"{fn.ephemeral_storage_mb} MB of /tmp")
        if not conflicts:
            continue

        def change(d: Design, name: str = fn.name) -> None:
            component(d, name, Function).snap_start = None

        yield RULE.finding(
            graph, component=fn.name, fix=Fix(f"Turn SnapStart off for {fn.name!r}", change),
            message=f"{fn.name!r} uses SnapStart together with {' and '.join(conflicts)}, which SnapStart does not "
                    "support: the deployment fails.",
            hint="Drop one of them: SnapStart is not supported with provisioned concurrency, EFS, more than 512 MB "
                 "of ephemeral storage, or container images.",
        )


RULE = Rule(
    id="FN-36", title="SnapStart with an unsupported setting", severity="error", area="function",
    checks="A function with SnapStart also has provisioned concurrency or more than 512 MB of /tmp.",
    fix="Turn SnapStart off.",
    source="000 optimization §Lambda SnapStart (L2027); 000 troubleshooting (L2517)",
    check=check,
)
