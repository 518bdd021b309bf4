"""SFN-08: an Express workflow using .sync or .waitForTaskToken."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import component
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.advisor.rules.stepfunctions._steps import uses_callback_or_sync
from generators.model import Design, StateMachine


def make_standard(name: str) -> Fix:
    def change(d: Design) -> None:
        component(d, name, StateMachine).workflow_type = "STANDARD"

    return Fix(f"Make {name!r} a Standard workflow", change)


def check(graph: Graph) -> Iterator[Finding]:
    for sm in graph.of(StateMachine):
        if sm.workflow_type != "EXPRESS":
            continue
        steps = uses_callback_or_sync(sm)
        if steps:
            yield RULE.finding(
                graph, component=sm.name, fix=make_standard(sm.name),
                message=f"Express workflow {sm.name!r} has step(s) {', '.join(steps)} that wait for a callback "
                        "(.waitForTaskToken) or a job (.sync); Express workflows support neither.",
                hint="Use a Standard workflow (or a Standard parent that runs the Express part).",
            )


RULE = Rule(
    id="SFN-08", title="Express workflow with .sync or .waitForTaskToken", severity="error", area="stepfunctions",
    checks="An EXPRESS state machine has a wait_for_callback or sync task.",
    fix="workflow_type = STANDARD.",
    source="000 step-functions §Standard vs Express (L1142)",
    check=check,
)
