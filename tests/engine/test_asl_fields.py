"""Every field of every generated Amazon States Language document is justified: it is on the allow-list of its
state type, and each field that is not structural is tied to the design option it comes from. A field emitted by
default that nothing in the generated project honours (`HeartbeatSeconds: 3600` on a human-approval step that no
code ever heartbeats, failing the step after an hour instead of its day) is the class of defect this closes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from generators.model import Design, ParallelStep, SdkStep, StateMachine, TaskStep
from generators.renderers import render
from tests.engine.variants import VARIANTS, build

# The workflow variants the matrix validates, and option combinations that reach every step kind and setting.
WORKFLOWS: list[dict[str, Any]] = [*VARIANTS["workflow"],
                                   {"human_approval": True},
                                   {"human_approval": True, "workflow_type": "standard", "trigger": "api"},
                                   {"steps": [{"name": "a"}, {"name": "b", "action": "dynamodb-put"},
                                              {"name": "c", "action": "sns-publish"},
                                              {"name": "d", "action": "eventbridge-put"}],
                                    "parallel_branches": ["x", "y"], "human_approval": True}]
CASES = [(language, options) for language in ("python", "typescript") for options in WORKFLOWS]
IDS = [f"{language}-{index}" for language in ("python", "typescript") for index in range(len(WORKFLOWS))]

STRUCTURAL = {"Type", "Next", "End"}
ALLOWED: dict[str, set[str]] = {
    # Resource/Arguments/Output: the step's action; TimeoutSeconds: step.timeout_s; Retry: step.retry;
    # Catch: step.catch; HeartbeatSeconds: step.heartbeat_s, and only where generated code sends heartbeats
    "Task": {"Resource", "Arguments", "Output", "TimeoutSeconds", "HeartbeatSeconds", "Retry", "Catch"},
    "Choice": {"Choices", "Default"},  # step.condition, when_true, otherwise
    "Parallel": {"Branches", "Output", "Catch"},  # step.branches, step.catch
    "Fail": {"Error", "Cause"},  # the one failure state every Catch goes to
}
DOCUMENT = {"Comment", "QueryLanguage", "StartAt", "States", "TimeoutSeconds"}


def states(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, state in document["States"].items():
        yield name, state
        for branch in state.get("Branches", []):
            yield from states(branch)


def machines(design: Design) -> list[StateMachine]:
    return [c for c in design.components if isinstance(c, StateMachine)]


def steps_by_name(machine: StateMachine) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for step in machine.steps:
        found[step.name] = step
        if isinstance(step, ParallelStep):
            for branch in step.branches:
                for function in branch:
                    # a branch task retries as a task; its failure is caught by the Parallel state
                    found[function] = TaskStep(name=function, function=function, timeout_s=step.timeout_s,
                                               catch=False)
    return found


@pytest.mark.parametrize(("language", "options"), CASES, ids=IDS)
def test_every_asl_field_is_on_the_allow_list_and_tied_to_its_option(language: str,
                                                                     options: dict[str, Any]) -> None:
    design = build("workflow", options, language=language)
    tree = render(design)
    code = "\n".join(tree.text(p) for p in tree if p.startswith("src/"))
    sends_heartbeats = "SendTaskHeartbeat" in code or "send_task_heartbeat" in code
    for machine in machines(design):
        document = json.loads(tree.text(f"statemachine/{machine.name}.asl.json"))
        assert set(document) <= DOCUMENT
        assert ("TimeoutSeconds" in document) == (machine.timeout_s is not None)
        steps = steps_by_name(machine)
        for name, state in states(document):
            assert set(state) - STRUCTURAL <= ALLOWED[state["Type"]], (name, set(state) - ALLOWED[state["Type"]])
            if state["Type"] == "Fail":
                continue
            step = steps[name]
            if state["Type"] == "Task":
                assert isinstance(step, TaskStep | SdkStep)
                assert state["TimeoutSeconds"] == step.timeout_s, name
                assert ("Retry" in state) == (step.retry and step.retry_max_attempts > 0), name
                heartbeat = getattr(step, "heartbeat_s", None)
                assert state.get("HeartbeatSeconds") == heartbeat, name
                assert "HeartbeatSeconds" not in state or sends_heartbeats, (
                    f"{name}: HeartbeatSeconds but no generated code sends a heartbeat")
            if state["Type"] in ("Task", "Parallel"):
                assert ("Catch" in state) == step.catch, name


def test_a_human_approval_waits_for_its_timeout_without_a_heartbeat() -> None:
    design = build("workflow", {"human_approval": True})
    [machine] = machines(design)
    document = json.loads(render(design).text(f"statemachine/{machine.name}.asl.json"))
    approval = document["States"]["approval"]
    assert approval["Resource"].endswith(".waitForTaskToken")
    assert approval["TimeoutSeconds"] == 86400
    assert "HeartbeatSeconds" not in approval
