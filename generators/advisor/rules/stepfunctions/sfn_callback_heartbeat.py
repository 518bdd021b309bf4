"""SFN-04: a callback task with a heartbeat that nothing sends.

The seed catalog suggests HeartbeatSeconds on callback tasks so that a lost *worker* fails fast. The designer's
callback handler asks a human and returns at once: nothing calls SendTaskHeartbeat, so a heartbeat fails the step
with States.HeartbeatTimeout after heartbeat_s however long the approver was given. The step's timeout_s is what
bounds the wait."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.advisor.rules.stepfunctions._steps import draft_step, step_path, steps_of
from generators.model import Design, TaskStep


def check(graph: Graph) -> Iterator[Finding]:
    for sm, j, step in steps_of(graph, TaskStep):
        if step.integration != "wait_for_callback" or step.heartbeat_s is None:
            continue

        def change(d: Design, machine: str = sm.name, index: int = j) -> None:
            draft_step(d, machine, index, TaskStep).heartbeat_s = None

        yield RULE.finding(
            graph, component=sm.name, path=step_path(graph, sm, j),
            fix=Fix(f"Remove HeartbeatSeconds from {step.name!r} (its timeout of {step.timeout_s} s bounds the wait)",
                    change),
            message=f"Callback task {step.name!r} of {sm.name!r} has HeartbeatSeconds {step.heartbeat_s}, but its "
                    f"function {step.function!r} never sends a heartbeat: the step fails after {step.heartbeat_s} s "
                    f"instead of waiting for its timeout of {step.timeout_s} s.",
            hint="Remove heartbeat_s, or make the worker call SendTaskHeartbeat more often than that and silence "
                 "this finding with the reason.",
        )


RULE = Rule(
    id="SFN-04", title="Callback task heartbeat that nothing sends", severity="warning", area="stepfunctions",
    checks="A wait_for_callback task step has heartbeat_s, and the generated callback handler never calls "
           "SendTaskHeartbeat.",
    fix="heartbeat_s = None (timeout_s bounds the wait).",
    source="000 step-functions §Anti-Polling Pattern (L1319); 002 §Step Functions + Lambda Integration (L678)",
    check=check,
)
