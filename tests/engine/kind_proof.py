"""Prove one design in all four targets with the real tools, the way the connection matrix does for its batches.

A kind's own test (`test_kind_<kind>.py`) builds one design with every pair of the kind (and the handler shapes
it meets), writes it once per target and runs: SAM transform + cfn-lint (0 errors, 0 warnings) on the source and
the transformed template, no IAM wildcard beyond the ones AWS requires, and the project's own tools (ruff, mypy,
tsc, cdk synth with cdk-nag, the generated unit tests).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generators.model import Design, load_design
from tests.engine.node import Step, run_all
from tests.engine.projects import write_project
from tests.engine.test_connection_matrix import TARGETS, _checks, _wildcards
from tests.engine.validators import cfn_lint_problems, sam_transform


def design_for(target: str, name: str, components: list[dict[str, Any]],
               connections: list[dict[str, Any]]) -> Design:
    iac, language = TARGETS[target]
    return load_design(json.dumps({"project": {"name": name, "iac": iac, "language": language},
                                   "components": components, "connections": connections}))


def write_all(root: Path, name: str, components: list[dict[str, Any]],
              connections: list[dict[str, Any]]) -> dict[str, Path]:
    return {target: write_project(design_for(target, name, components, connections), root / target)
            for target in TARGETS}


def run_tools(projects: dict[str, Path]) -> dict[str, list[Step]]:
    """Every target's tools, run once (two at a time, as the matrix does)."""
    by_path = {path: target for target, path in projects.items()}
    results = run_all(projects.values(), lambda project: _checks(by_path[project], project))
    return {by_path[path]: result.steps for path, result in results.items()}


def failures(steps: list[Step]) -> list[str]:
    return [f"--- {s.name} (exit {s.returncode})\n{s.output}" for s in steps if not s.ok]


def sam_problems(project: Path) -> list[str]:
    text = (project / "template.yaml").read_text()
    transformed = sam_transform(text)
    return [*cfn_lint_problems(text), *cfn_lint_problems(transformed), *_wildcards(transformed)]


def synthesized(project: Path) -> dict[str, Any]:
    [path] = list((project / "cdk.out").glob("*-prod.template.json"))
    template: dict[str, Any] = json.loads(path.read_text())
    return template


def cdk_problems(project: Path) -> list[str]:
    template = synthesized(project)
    return [*(p for p in cfn_lint_problems(template) if p.startswith("E")), *_wildcards(template)]
