"""What a kind's own test (`test_kind_<kind>.py`) needs: its design on one target, and the real tools' verdict
over it.

A kind's hand-made parts (tests/engine/kind_designs.py) ride in the connection matrix's "grants" design, so the
real tools (SAM transform + cfn-lint with 0 errors and 0 warnings on the source and the transformed template, no IAM
wildcard beyond the ones AWS requires, ruff, mypy, tsc, cdk synth with cdk-nag, the generated unit tests) run
over them once per target, in the same run as every catalog pair; the kind tests read that run's results.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generators.model import Design, load_design
from tests.engine.connection_projects import TARGETS, failures, projects, runs, synthesized, wildcards
from tests.engine.validators import cfn_lint_problems, sam_transform

KIND_GROUP = "grants"  # the connection-matrix design that carries the kinds' hand-made parts

__all__ = ["KIND_GROUP", "cdk_problems", "design_for", "failures", "kind_project", "kind_steps", "sam_problems",
           "synthesized_kinds"]


def design_for(target: str, name: str, components: list[dict[str, Any]],
               connections: list[dict[str, Any]]) -> Design:
    iac, language = TARGETS[target]
    return load_design(json.dumps({"project": {"name": name, "iac": iac, "language": language},
                                   "components": components, "connections": connections}))


def kind_project(target: str) -> Path:
    return projects(target)[KIND_GROUP]


def kind_steps(target: str) -> list[Any]:
    return runs(target)[KIND_GROUP]


def synthesized_kinds(target: str) -> dict[str, Any]:
    return synthesized(target, KIND_GROUP)


def sam_problems(project: Path) -> list[str]:
    text = (project / "template.yaml").read_text()
    transformed = sam_transform(text)
    return [*cfn_lint_problems(text), *cfn_lint_problems(transformed), *wildcards(transformed)]


def cdk_problems(template: dict[str, Any]) -> list[str]:
    return [*(p for p in cfn_lint_problems(template) if p.startswith("E")), *wildcards(template)]
