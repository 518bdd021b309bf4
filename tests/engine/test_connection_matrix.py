"""Every allowed (connection kind, source kind, target kind) of the catalog, proven in all four targets.

The triples are batched into three designs (front doors, event deliveries, grants; see connection_projects.py),
each rendered once per target and checked with the real tools: SAM transform and cfn-lint with zero problems on
the source and the transformed template, no IAM wildcard beyond the ones AWS requires, `cdk synth` with cdk-nag,
ruff, mypy, tsc strict and the generated projects' own tests. A new pair in the catalog is covered without editing
this file.
"""

from __future__ import annotations

import pytest

from generators.catalog import triples
from tests.engine.connection_projects import (
    GROUPS,
    TARGETS,
    failures,
    group_design,
    projects,
    runs,
    synthesized,
    wildcards,
)
from tests.engine.validators import cfn_lint_problems, sam_transform

pytestmark = pytest.mark.matrix

CASES = [(target, group) for target in TARGETS for group in GROUPS]


def test_the_groups_cover_every_allowed_triple_exactly_once() -> None:
    covered = [t for group in GROUPS.values() for t in group]
    assert sorted(covered) == sorted(triples())


def test_each_group_design_holds_every_pair_of_its_group() -> None:
    for group, members in GROUPS.items():
        design = group_design(group)
        kinds = {c.name: c.kind for c in design.components}
        found = {(c.kind, kinds[c.source], kinds[c.target]) for c in design.connections}
        assert set(members) <= found, group


@pytest.mark.parametrize("group", list(GROUPS))
@pytest.mark.parametrize("language", ["python", "typescript"])
def test_the_sam_template_transforms_and_lints_clean(group: str, language: str) -> None:
    project = projects(f"sam-{language}")[group]
    text = (project / "template.yaml").read_text()
    assert cfn_lint_problems(text) == []
    transformed = sam_transform(text)
    assert cfn_lint_problems(transformed) == []
    assert wildcards(transformed) == []


@pytest.mark.parametrize(("target", "group"), CASES, ids=[f"{t}-{g}" for t, g in CASES])
def test_the_project_passes_its_tools(target: str, group: str) -> None:
    failed = failures(runs(target)[group])
    assert failed == [], "\n".join(failed)


@pytest.mark.parametrize("group", list(GROUPS))
@pytest.mark.parametrize("language", ["python", "typescript"])
def test_the_synthesized_cdk_stack_lints_clean_without_wildcards(group: str, language: str) -> None:
    template = synthesized(f"cdk-{language}", group)
    assert [p for p in cfn_lint_problems(template) if p.startswith("E")] == []
    assert wildcards(template) == []
