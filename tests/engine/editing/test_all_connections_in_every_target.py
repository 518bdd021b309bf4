"""The design composed from blank with every connection kind (the browser test's) passes the real validators in
all four targets: SAM transform + cfn-lint, ruff/mypy/pytest, tsc/vitest, cdk synth with cdk-nag."""

from __future__ import annotations

from pathlib import Path

import pytest

from generators.catalog import CONNECTIONS as CATALOG
from tests.engine.editing.all_connections import CONNECTIONS, all_connections_design
from tests.engine.projects import write_project
from tests.engine.test_connection_matrix import TARGETS, _checks
from tests.engine.validators import cfn_lint_problems, sam_transform


def test_the_design_uses_every_connection_kind() -> None:
    assert {kind for _, kind, _ in CONNECTIONS} == set(CATALOG)


@pytest.mark.matrix
@pytest.mark.parametrize("target", list(TARGETS))
def test_the_composed_design_passes_the_validators(target: str, tmp_path: Path) -> None:
    iac, language = TARGETS[target]
    project = write_project(all_connections_design(iac, language), tmp_path / target)
    if iac == "sam":
        assert cfn_lint_problems(sam_transform((project / "template.yaml").read_text())) == []
    failed = [f"--- {s.name} (exit {s.returncode})\n{s.output}" for s in _checks(target, project) if not s.ok]
    assert failed == [], "\n".join(failed)
