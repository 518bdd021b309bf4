"""The workflow blueprint's durable-function engine (and SnapStart, on the API starter) on SAM + Python and
CDK + Python: the SAM template passes the
SAM transform and cfn-lint for every trigger (the CDK app: synth with cdk-nag, cfn-lint, its stack tests), with
DurableConfig, the published `live` alias everything invokes, python3.13 and
checkpoint permissions on the function's own executions only. The generated code (ruff, mypy, its own tests with
the durable execution SDK's local runner, the human-approval callback included) is proven in
test_python_handlers.py (variant `DURABLE_WORKFLOW`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generators.model import Design, DesignInputError
from generators.renderers import render
from tests.engine import matrix
from tests.engine.advisor.scenarios import change
from tests.engine.node import npx, run
from tests.engine.projects import write_project
from tests.engine.validators import cfn_lint_problems, sam_transform
from tests.engine.variants import DURABLE_WORKFLOW, build

TRIGGERS = ["api", "schedule", "eventbridge"]


def design(trigger: str, iac: str = "sam") -> Design:
    """The durable workflow; behind the API its starter also uses SnapStart (Python 3.12), proven alongside."""
    built = build("workflow", {**DURABLE_WORKFLOW, "trigger": trigger}, iac=iac)
    return change(built, "starter", snap_start=True) if trigger == "api" else built


@pytest.fixture(scope="module")
def templates() -> dict[str, tuple[str, dict[str, Any]]]:
    """trigger -> (template.yaml, the transformed template)."""
    found = {}
    for trigger in TRIGGERS:
        text = render(design(trigger))["template.yaml"].text
        found[trigger] = (text, sam_transform(text))
    return found


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_the_template_transforms_and_lints_clean(trigger: str, templates: dict[str, tuple[str, Any]]) -> None:
    text, transformed = templates[trigger]
    assert cfn_lint_problems(text) == []
    assert cfn_lint_problems(transformed) == []


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_the_orchestrator_is_one_durable_function_on_python_3_13_behind_a_live_alias(
        trigger: str, templates: dict[str, tuple[str, Any]]) -> None:
    resources = templates[trigger][1]["Resources"]
    workflow = resources["Workflow"]["Properties"]
    assert workflow["DurableConfig"] == {"ExecutionTimeout": 604800, "RetentionPeriodInDays": 14}
    assert workflow["Runtime"] == "python3.13"
    assert resources["WorkflowAliaslive"]["Type"] == "AWS::Lambda::Alias"
    assert not [r for r in resources.values() if r["Type"] == "AWS::Serverless::StateMachine"
                or r["Type"] == "AWS::StepFunctions::StateMachine"]


def test_checkpointing_is_allowed_on_the_functions_own_executions_only(
        templates: dict[str, tuple[str, Any]]) -> None:
    resources = templates["api"][1]["Resources"]
    policy = resources["WorkflowCheckpointPolicy"]["Properties"]
    assert policy["Roles"] == [{"Ref": "WorkflowRole"}]
    [statement] = policy["PolicyDocument"]["Statement"]
    assert statement["Action"] == ["lambda:CheckpointDurableExecution", "lambda:GetDurableExecutionState"]
    assert statement["Resource"] == {"Fn::Sub": "${Workflow.Arn}:*"}


def _alias_ref(value: Any) -> bool:
    return value == {"Ref": "WorkflowAliaslive"}


def test_every_caller_invokes_the_alias_not_the_unqualified_function(
        templates: dict[str, tuple[str, Any]]) -> None:
    api = templates["api"][1]["Resources"]
    starter = api["StarterRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
    assert {"Sid": "StartExecutions", "Effect": "Allow", "Action": ["lambda:InvokeFunction"],
            "Resource": {"Fn::Sub": "${Workflow.Arn}:live"}} in starter
    schedule = templates["schedule"][1]["Resources"]
    assert _alias_ref(schedule["Schedule"]["Properties"]["Target"]["Arn"])
    rule_targets = [r["Properties"]["Targets"] for r in templates["eventbridge"][1]["Resources"].values()
                    if r["Type"] == "AWS::Events::Rule"]
    assert [_alias_ref(t[0]["Arn"]) for t in rule_targets] == [True]
    permissions = [r["Properties"] for r in templates["eventbridge"][1]["Resources"].values()
                   if r["Type"] == "AWS::Lambda::Permission"]
    assert permissions
    assert all(_alias_ref(p["FunctionName"]) for p in permissions)


def test_snapstart_applies_to_published_versions_of_a_python_3_12_function_behind_its_alias(
        templates: dict[str, tuple[str, Any]]) -> None:
    resources = templates["api"][1]["Resources"]
    starter = resources["Starter"]["Properties"]
    assert starter["SnapStart"] == {"ApplyOn": "PublishedVersions"}
    assert starter["Runtime"] == "python3.12"
    assert resources["StarterAliaslive"]["Properties"]["FunctionVersion"]["Fn::GetAtt"][1] == "Version"


def test_the_step_functions_engine_stays_the_default() -> None:
    design = build("workflow", {})
    assert [c.kind for c in design.components if c.kind == "state_machine"] == ["state_machine"]
    assert all(getattr(c, "durable", None) is None for c in design.components)


@pytest.mark.parametrize("iac", ["sam", "cdk"])
def test_typescript_projects_are_refused_with_a_message_naming_the_option(iac: str) -> None:
    with pytest.raises(DesignInputError) as caught:
        build("workflow", {"engine": "durable-function"}, language="typescript", iac=iac)
    assert caught.value.problems[0][0] == "engine"
    assert "Python projects so far" in caught.value.problems[0][1]


@pytest.mark.matrix
def test_the_cdk_python_app_synthesizes_with_cdk_nag_and_its_stack_tests_pass(tmp_path: Path) -> None:
    """One project, the whole durable workflow behind the API: `cdk synth` with cdk-nag, cfn-lint on the synthesized
    stack (alias, python3.13, DurableConfig, checkpoint policy), ruff and the project's own stack tests."""
    project = write_project(design("api", iac="cdk"), tmp_path / "project")
    env = matrix._python_env()
    synth = run("synth", [npx("cdk"), *matrix.CDK_SYNTH, "-c", "environment=prod", "--app",
                          f"{matrix.BIN / 'python'} app.py"], project, env)
    assert synth.ok, synth.output
    template = matrix.synthesized(project, "prod")
    assert [p for p in cfn_lint_problems(template) if p.startswith("E")] == []
    functions = {k: r["Properties"] for k, r in template["Resources"].items() if r["Type"] == "AWS::Lambda::Function"}
    durable = [p for p in functions.values() if "DurableConfig" in p]
    assert [(p["Runtime"], p["DurableConfig"]) for p in durable] == [
        ("python3.13", {"ExecutionTimeout": 604800, "RetentionPeriodInDays": 14})]
    assert [p["SnapStart"] for p in functions.values() if "SnapStart" in p] == [{"ApplyOn": "PublishedVersions"}]
    assert len([r for r in template["Resources"].values() if r["Type"] == "AWS::Lambda::Alias"]) == 2
    starter = next(r["Properties"]["PolicyDocument"]["Statement"] for k, r in template["Resources"].items()
                   if r["Type"] == "AWS::IAM::Policy" and k.startswith("StarterRole"))
    invoke = [s for s in starter if s["Action"] == "lambda:InvokeFunction"]
    assert [s["Resource"]["Ref"].startswith("WorkflowAlias") for s in invoke] == [True]
    own = [str(p) for p in (project / "app.py", project / "shop", project / "tests" / "test_stack.py")]
    for name, command in (("ruff", ["check", "--no-cache", *own]),
                          ("format", ["format", "--check", "--no-cache", *own])):
        step = run(name, [str(matrix.BIN / "ruff"), *command], project, env)
        assert step.ok, step.output
    env["PYTHONPATH"] = str(project)
    tests = run("tests", [str(matrix.BIN / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider", "--noconftest",
                          "tests/test_stack.py"], project, env, timeout=900)
    assert tests.ok, tests.output
