"""Every project type and main variant, rendered for CDK + TypeScript and CDK + Python, passes the real
validators: `cdk synth` in a subprocess with cdk-nag (AwsSolutions) wired in (zero unacknowledged findings, or
synth fails), cfn-lint with zero errors on every synthesized stack, a strict `tsc --noEmit` (TypeScript) or ruff,
ruff format and mypy (Python), and the project's own tests (handlers and stack assertions)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from generators.renderers import render
from generators.renderers.plan import organisation
from tests.engine import matrix
from tests.engine.validators import cfn_lint_problems
from tests.engine.variants import build

pytestmark = pytest.mark.matrix
TARGETS = ["cdk-typescript", "cdk-python"]
CASES = [(target, bp, options) for target in TARGETS for bp, options in matrix.CASES]
IDS = [f"{target}-{ident}" for target in TARGETS for ident in matrix.IDS]


def _ident(blueprint: str, options: dict[str, Any]) -> str:
    return matrix.IDS[matrix.CASES.index((blueprint, options))]


@pytest.mark.parametrize(("target", "blueprint", "options"), CASES, ids=IDS)
def test_the_app_synthesizes_with_cdk_nag_clean(target: str, blueprint: str, options: dict[str, Any]) -> None:
    step = matrix.runs(target)[_ident(blueprint, options)].step("synth")
    assert step.ok, step.output


@pytest.mark.parametrize(("target", "blueprint", "options"), CASES, ids=IDS)
def test_every_synthesized_stack_has_zero_cfn_lint_errors(target: str, blueprint: str,
                                                          options: dict[str, Any]) -> None:
    ident = _ident(blueprint, options)
    assert matrix.runs(target)[ident].step("synth").ok
    project = matrix.projects(target)[ident]
    environments = [p.name.split(".")[0].rsplit("-", 1)[1] for p in (project / "cdk.out").glob("*.template.json")]
    assert "prod" in environments
    for environment in environments:
        errors = [p for p in cfn_lint_problems(matrix.synthesized(project, environment)) if p.startswith("E")]
        assert errors == [], environment


@pytest.mark.parametrize(("target", "blueprint", "options"), CASES, ids=IDS)
def test_the_stack_assertion_tests_pass(target: str, blueprint: str, options: dict[str, Any]) -> None:
    ident = _ident(blueprint, options)
    step = (matrix.python_stack_tests()[ident] if target == "cdk-python"
            else matrix.runs(target)[ident].step("vitest"))
    assert step.ok, step.output


@pytest.mark.parametrize(("blueprint", "options"), matrix.CASES, ids=matrix.IDS)
def test_the_cdk_python_app_runs_without_cdk_context(blueprint: str, options: dict[str, Any]) -> None:
    """`python app.py` (or a test importing it) has no cdk.json context: the app builds the first environment."""
    step = matrix.python_apps_without_context()[_ident(blueprint, options)]
    assert step.ok, step.output


@pytest.mark.parametrize(("target", "blueprint", "options"), CASES, ids=IDS)
def test_the_handlers_and_their_tests_are_those_the_sam_matrix_runs(target: str, blueprint: str,
                                                                    options: dict[str, Any]) -> None:
    """The handler code, sample events and handler tests are the SAM target's, byte for byte: the SAM matrix
    type-checks/lints them and runs those tests; here the CDK project must hold exactly the same files."""
    language = matrix.TARGETS[target][1]
    cdk = render(build(blueprint, options, language=language, iac="cdk"))
    sam = render(build(blueprint, options, language=language, iac="sam"))
    shared = [p for p in sam if p.startswith(("src/", "events/", "tests/unit/", "tests/handlers/", "tests/helpers/"))
              or p in ("tests/conftest.py", "tests/support.py", "pyproject.toml", "tsconfig.json")]
    assert shared
    for path in shared:
        if path == "tsconfig.json":
            continue  # includes bin/ and lib/ besides; its compiler options are checked below
        assert cdk[path].content == sam[path].content, path
    if language == "typescript":
        options_of = {t: json.loads(tree["tsconfig.json"].text)["compilerOptions"] for t, tree in (("cdk", cdk),
                                                                                                ("sam", sam))}
        assert options_of["cdk"] == options_of["sam"]


@pytest.mark.parametrize(("blueprint", "options"), matrix.CASES, ids=matrix.IDS)
def test_the_cdk_typescript_type_checks_strictly(blueprint: str, options: dict[str, Any]) -> None:
    step = matrix.typecheck("cdk-typescript")[_ident(blueprint, options)]
    assert step.ok, step.output


@pytest.mark.parametrize(("blueprint", "options"), matrix.CASES, ids=matrix.IDS)
def test_the_cdk_python_passes_ruff_and_ruff_format(blueprint: str, options: dict[str, Any]) -> None:
    run = matrix.runs("cdk-python")[_ident(blueprint, options)]
    for name in ("ruff", "ruff-format"):
        assert run.step(name).ok, run.step(name).output


@pytest.mark.parametrize(("target", "blueprint", "options"), CASES, ids=IDS)
def test_the_stack_holds_the_designed_functions_with_tracing_and_retention(target: str, blueprint: str,
                                                                          options: dict[str, Any]) -> None:
    ident = _ident(blueprint, options)
    assert matrix.runs(target)[ident].step("synth").ok
    template = matrix.synthesized(matrix.projects(target)[ident])
    resources = template["Resources"]
    runtime = "python3.12" if target == "cdk-python" else "nodejs22.x"
    functions = [r for r in resources.values() if r["Type"] == "AWS::Lambda::Function"
                 and r["Properties"].get("Runtime") == runtime]
    assert functions
    design = build(blueprint, options)
    prod = organisation.environments(design)[-1].log_retention_days  # 90, or the organisation's minimum
    vpc = organisation.vpc(design)
    for function in functions:
        assert function["Properties"]["Architectures"] == ["arm64"]
        assert function["Properties"]["TracingConfig"] == {"Mode": "Active"}
        group = function["Properties"]["LoggingConfig"]["LogGroup"]["Ref"]
        assert resources[group]["Properties"]["RetentionInDays"] == prod
        if vpc is not None:
            assert function["Properties"]["VpcConfig"] == {"SubnetIds": vpc.subnet_ids,
                                                           "SecurityGroupIds": vpc.security_group_ids}
    for name, resource in resources.items():
        if resource["Type"] == "AWS::IAM::Role" and not name.startswith("BucketNotificationsHandler"):
            assert "ManagedPolicyArns" not in resource["Properties"], f"{name} uses a managed policy"
        if resource["Type"] == "AWS::IAM::Role":  # CDK's own roles too (the S3 notifications handler's)
            assert resource["Properties"].get("PermissionsBoundary") == organisation.boundary(design), name
