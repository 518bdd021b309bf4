"""Every project type and main variant, rendered for SAM + TypeScript, passes the real validators: the same SAM
checks as SAM + Python (transform, cfn-lint with zero errors and warnings on source and transformed), a strict
`tsc --noEmit`, and its own vitest suite. Projects run two at a time against the shared npm toolchain."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cfnlint.decode.cfn_yaml import loads as cfn_yaml_loads

from tests.engine import matrix
from tests.engine.node import ProjectRun, Step
from tests.engine.validators import cfn_lint_problems, sam_transform
from tests.engine.variants import variant_id

pytestmark = pytest.mark.matrix
CASES = matrix.CASES
IDS = matrix.IDS


@pytest.fixture(scope="module")
def projects() -> dict[str, Path]:
    return matrix.projects("sam-typescript")


@pytest.fixture(scope="module")
def runs() -> dict[str, ProjectRun]:
    return matrix.runs("sam-typescript")


@pytest.fixture(scope="module")
def typecheck() -> dict[str, Step]:
    return matrix.typecheck("sam-typescript")


@pytest.mark.parametrize(("blueprint", "options"), CASES, ids=IDS)
def test_the_template_transforms_and_lints_clean(blueprint: str, options: dict[str, Any],
                                                  projects: dict[str, Path]) -> None:
    text = (projects[variant_id(blueprint, options)] / "template.yaml").read_text()
    assert cfn_lint_problems(text) == []
    transformed = sam_transform(text)
    assert cfn_lint_problems(transformed) == []
    functions = [r for r in transformed["Resources"].values() if r["Type"] == "AWS::Lambda::Function"]
    assert functions
    for function in functions:
        assert function["Properties"]["Runtime"] == "nodejs22.x"
        assert function["Properties"]["Architectures"] == ["arm64"]
        assert function["Properties"]["TracingConfig"] == {"Mode": "Active"}


@pytest.mark.parametrize(("blueprint", "options"), CASES, ids=IDS)
def test_every_function_is_an_esbuild_bundle_of_an_existing_handler(blueprint: str, options: dict[str, Any],
                                                                    projects: dict[str, Path]) -> None:
    project = projects[variant_id(blueprint, options)]
    template = cfn_yaml_loads((project / "template.yaml").read_text())
    for name, resource in template["Resources"].items():
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        metadata = resource["Metadata"]
        assert metadata["BuildMethod"] == "esbuild", name
        [entry] = metadata["BuildProperties"]["EntryPoints"]
        module = Path(entry).stem
        assert resource["Properties"]["Handler"] == f"{module}.handler", name
        assert (project / entry).is_file(), name
        assert (project / "events" / f"{module}.json").is_file(), name
        assert (project / "tests" / "handlers" / f"{module}.test.ts").is_file(), name


@pytest.mark.parametrize(("blueprint", "options"), CASES, ids=IDS)
def test_package_json_pins_exact_versions_that_the_lockfile_holds(blueprint: str, options: dict[str, Any],
                                                                  projects: dict[str, Path]) -> None:
    project = projects[variant_id(blueprint, options)]
    manifest = json.loads((project / "package.json").read_text())
    lock = json.loads((project / "package-lock.json").read_text())
    declared = {**manifest["dependencies"], **manifest["devDependencies"]}
    assert declared
    for name, version in declared.items():
        assert version[0].isdigit(), f"{name} is not pinned exactly: {version}"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version, name
    assert lock["packages"][""]["dependencies"] == manifest["dependencies"]


@pytest.mark.parametrize(("blueprint", "options"), CASES, ids=IDS)
def test_the_typescript_type_checks_strictly(blueprint: str, options: dict[str, Any],
                                             typecheck: dict[str, Step]) -> None:
    step = typecheck[variant_id(blueprint, options)]
    assert step.ok, step.output


@pytest.mark.parametrize(("blueprint", "options"), CASES, ids=IDS)
def test_the_generated_unit_tests_pass(blueprint: str, options: dict[str, Any],
                                       runs: dict[str, ProjectRun]) -> None:
    step = runs[variant_id(blueprint, options)].step("vitest")
    assert step.ok, step.output
