"""SFN-02: a step whose failure is not caught."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import component
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.advisor.rules.stepfunctions._steps import step_path, steps_of
from generators.model import Design, ParallelStep, SdkStep, StateMachine, TaskStep


def check(graph: Graph) -> Iterator[Finding]:
    steps: list[tuple[StateMachine, int, TaskStep | SdkStep | ParallelStep]] = [
        *steps_of(graph, TaskStep), *steps_of(graph, SdkStep), *steps_of(graph, ParallelStep)]
    for sm, j, step in sorted(steps, key=lambda item: (graph.position[item[0].name], item[1])):
        if step.catch:
            continue

        def change(d: Design, machine: str = sm.name, index: int = j) -> None:
            target = component(d, machine, StateMachine).steps[index]
            if isinstance(target, TaskStep | SdkStep | ParallelStep):
                target.catch = True

        yield RULE.finding(
            graph, component=sm.name, path=step_path(graph, sm, j),
            fix=Fix(f"Catch States.ALL on {step.name!r} and go to the failure state", change),
            message=f"Step {step.name!r} of {sm.name!r} has no Catch: its errors end the execution without "
                    "passing through the workflow's error handling.",
            hint="Catch States.ALL → the workflow's failure-handling state.",
        )


RULE = Rule(
    id="SFN-02", title="Step without Catch", severity="warning", area="stepfunctions",
    checks="A task, SDK or parallel step has catch off.",
    fix="catch = true.",
    source="000 step-functions §Best Practices (L1363)",
    check=check,
)
