"""SFN-04: a callback task without a heartbeat."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.advisor.rules.stepfunctions._steps import draft_step, step_path, steps_of
from generators.model import Design, TaskStep

HEARTBEAT_S = 3600


def check(graph: Graph) -> Iterator[Finding]:
    for sm, j, step in steps_of(graph, TaskStep):
        if step.integration != "wait_for_callback" or step.heartbeat_s is not None:
            continue
        fix = None
        if step.timeout_s > 1:
            value = min(HEARTBEAT_S, step.timeout_s - 1)

            def change(d: Design, machine: str = sm.name, index: int = j, beat: int = value) -> None:
                draft_step(d, machine, index, TaskStep).heartbeat_s = beat

            fix = Fix(f"Set HeartbeatSeconds {value} on {step.name!r}", change)
        yield RULE.finding(
            graph, component=sm.name, path=step_path(graph, sm, j), fix=fix,
            message=f"Callback task {step.name!r} of {sm.name!r} waits for a task token without a heartbeat: if "
                    "the worker is lost, the execution waits for the full timeout.",
            hint="Set HeartbeatSeconds (e.g. 3600) and have the worker send heartbeats.",
        )


RULE = Rule(
    id="SFN-04", title="Callback task without heartbeat", severity="warning", area="stepfunctions",
    checks="A wait_for_callback task step has no heartbeat_s.",
    fix="heartbeat_s = min(3600, timeout − 1).",
    source="000 step-functions §Anti-Polling Pattern (L1319); 002 §Step Functions + Lambda Integration (L678)",
    check=check,
)
