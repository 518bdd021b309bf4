"""Every allowed (connection kind, source kind, target kind) of the catalog, proven in all four targets.

The triples are batched into three designs (front doors, event deliveries, grants), each rendered once per
target and checked with the real tools: SAM transform and cfn-lint with zero problems on the source and the
transformed template, no IAM wildcard beyond the ones AWS requires, `cdk synth` with cdk-nag, ruff, mypy, tsc
strict and the generated projects' own tests. A new pair in the catalog is covered without editing this file.
"""

from __future__ import annotations

import json
import os
import time
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from generators.catalog import triples
from generators.renderers.sam.policies import REQUIRED_WILDCARDS
from tests.engine.matrix import BIN, CDK_SYNTH, _python_env
from tests.engine.node import Step, link_node_modules, npx, run, run_all
from tests.engine.pairs import batched_design
from tests.engine.projects import write_project
from tests.engine.validators import cfn_lint_problems, sam_transform

pytestmark = pytest.mark.matrix

GROUPS: dict[str, list[tuple[str, str, str]]] = {
    "fronts": [t for t in triples() if t[0] in ("routes", "authorizes")],
    "events": [t for t in triples() if t[0] == "triggers"],
    "grants": [t for t in triples() if t[0] not in ("routes", "authorizes", "triggers")],
}
TARGETS = {"sam-python": ("sam", "python"), "sam-typescript": ("sam", "typescript"),
           "cdk-typescript": ("cdk", "typescript"), "cdk-python": ("cdk", "python")}
CASES = [(target, group) for target in TARGETS for group in GROUPS]
TIMINGS: dict[str, float] = {}


def test_the_groups_cover_every_allowed_triple_exactly_once() -> None:
    covered = [t for group in GROUPS.values() for t in group]
    assert sorted(covered) == sorted(triples())


@cache
def _projects(tmp: str, target: str) -> dict[str, Path]:
    iac, language = TARGETS[target]
    return {group: write_project(batched_design(members, name=f"m{index}-{group}", iac=iac, language=language),
                                 Path(tmp) / target / group)
            for index, (group, members) in enumerate(GROUPS.items())}


def _checks(target: str, project: Path) -> list[Step]:
    if target == "sam-python":
        env = _python_env()
        return [
            run("ruff", [str(BIN / "ruff"), "check", "--no-cache", "."], project, env),
            run("ruff-format", [str(BIN / "ruff"), "format", "--check", "--no-cache", "."], project, env),
            run("mypy", [str(BIN / "mypy"), "--cache-dir", str(project / ".mypy_cache"), "src", "tests"], project,
                env),
            run("tests", [str(BIN / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider"], project, env),
        ]
    if target == "cdk-python":
        env = _python_env()
        env["PYTHONPATH"] = str(project)
        stack = next(p.name for p in project.iterdir() if (p / "stack.py").is_file())
        return [
            run("ruff", [str(BIN / "ruff"), "check", "--no-cache", "."], project, env),
            run("ruff-format", [str(BIN / "ruff"), "format", "--check", "--no-cache", "."], project, env),
            run("mypy-stack", [str(BIN / "mypy"), "--cache-dir", str(project / ".mypy_cache"), "--strict",
                               "--ignore-missing-imports", "app.py", stack], project, env),
            run("synth", [npx("cdk"), *CDK_SYNTH, "-c", "environment=prod", "--app", f"{BIN / 'python'} app.py"],
                project, env),
            run("tests", [str(BIN / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider"], project, env,
                timeout=1200),
        ]
    link_node_modules(project)
    steps = [run("tsc", [npx("tsc"), "--noEmit", "-p", "."], project, timeout=900)]
    if target == "cdk-typescript":
        steps.append(run("synth", [npx("cdk"), *CDK_SYNTH, "-c", "environment=prod"], project))
    steps.append(run("vitest", [npx("vitest"), "run", "--reporter=dot"], project, timeout=900))
    return steps


@cache
def _runs(tmp: str, target: str) -> dict[str, list[Step]]:
    projects = _projects(tmp, target)
    started = time.monotonic()
    results = run_all(projects.values(), lambda project: _checks(target, project))
    TIMINGS[target] = time.monotonic() - started
    return {group: results[path].steps for group, path in projects.items()}


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("connection-matrix"))


def _wildcards(template: dict[str, Any]) -> list[str]:
    """IAM statements with a `*` action or resource, other than the actions AWS only authorizes on `*`."""
    found = []
    for logical_id, resource in template["Resources"].items():
        documents = []
        if resource["Type"] == "AWS::IAM::Role":
            documents = [p["PolicyDocument"] for p in resource["Properties"].get("Policies", [])]
        if resource["Type"] == "AWS::IAM::Policy":
            documents.append(resource["Properties"]["PolicyDocument"])
        for document in documents:
            for statement in document["Statement"]:
                actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
                resources = statement["Resource"] if isinstance(statement["Resource"], list) else [
                    statement["Resource"]]
                if any(a == "*" or a.endswith(":*") for a in actions):
                    found.append(f"{logical_id}: action {actions}")
                if "*" in resources and not all(a in REQUIRED_WILDCARDS or a.startswith("xray:") for a in actions):
                    found.append(f"{logical_id}: resource * for {actions}")
    return found


@pytest.mark.parametrize("group", list(GROUPS))
@pytest.mark.parametrize("language", ["python", "typescript"])
def test_the_sam_template_transforms_and_lints_clean(group: str, language: str, workdir: str) -> None:
    project = _projects(workdir, f"sam-{language}")[group]
    text = (project / "template.yaml").read_text()
    assert cfn_lint_problems(text) == []
    transformed = sam_transform(text)
    assert cfn_lint_problems(transformed) == []
    assert _wildcards(transformed) == []


@pytest.mark.parametrize(("target", "group"), CASES, ids=[f"{t}-{g}" for t, g in CASES])
def test_the_project_passes_its_tools(target: str, group: str, workdir: str) -> None:
    steps = _runs(workdir, target)[group]
    failed = [f"--- {s.name} (exit {s.returncode})\n{s.output}" for s in steps if not s.ok]
    assert failed == [], "\n".join(failed)


@pytest.mark.parametrize("group", list(GROUPS))
@pytest.mark.parametrize("language", ["python", "typescript"])
def test_the_synthesized_cdk_stack_lints_clean_without_wildcards(group: str, language: str, workdir: str) -> None:
    target = f"cdk-{language}"
    steps = _runs(workdir, target)[group]
    if not all(s.ok for s in steps if s.name == "synth"):
        pytest.fail("synth failed (see test_the_project_passes_its_tools)")
    project = _projects(workdir, target)[group]
    [path] = list((project / "cdk.out").glob("*-prod.template.json"))
    template = json.loads(path.read_text())
    assert [p for p in cfn_lint_problems(template) if p.startswith("E")] == []
    assert _wildcards(template) == []


def test_timings_are_reported(workdir: str) -> None:
    """Not a check: prints the wall time per target (pytest -s) so CI time stays visible."""
    for target, seconds in TIMINGS.items():
        print(f"connection matrix {target}: {len(GROUPS)} projects in {seconds:.0f} s")
    assert os.environ.get("CI_TIMINGS_OFF") != "fail"
