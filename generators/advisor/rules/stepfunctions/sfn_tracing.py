"""SFN-13: X-Ray tracing off on a state machine."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import component
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Design, StateMachine


def check(graph: Graph) -> Iterator[Finding]:
    for sm in graph.of(StateMachine):
        if sm.tracing:
            continue

        def change(d: Design, name: str = sm.name) -> None:
            component(d, name, StateMachine).tracing = True

        yield RULE.finding(
            graph, component=sm.name, fix=Fix(f"Turn on X-Ray tracing for {sm.name!r}", change),
            message=f"X-Ray tracing is off for {sm.name!r}: its executions are missing from end-to-end traces.",
            hint="Set Tracing.Enabled: true.",
        )


RULE = Rule(
    id="SFN-13", title="State machine tracing off", severity="warning", area="stepfunctions",
    checks="A state machine has tracing off.",
    fix="tracing = true.",
    source="000 step-functions §SAM Template (L1164), §Best Practices (L1363)",
    check=check,
)
