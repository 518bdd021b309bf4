"""The design composed from blank with every connection kind (the browser test's) passes the real validators in
all four targets: it rides, renamed, in the connection matrix's "fronts" design (SAM transform + cfn-lint,
ruff/mypy/pytest, tsc/vitest, cdk synth with cdk-nag run there once per target); this test checks it is there
whole and that those runs passed."""

from __future__ import annotations

import pytest

from generators.catalog import CONNECTIONS as CATALOG
from tests.engine.connection_projects import COMPOSED_PREFIX, TARGETS, failures, group_design, runs
from tests.engine.editing.all_connections import CONNECTIONS, all_connections_design


def test_the_design_uses_every_connection_kind() -> None:
    assert {kind for _, kind, _ in CONNECTIONS} == set(CATALOG)


def test_the_matrix_fronts_design_holds_the_composed_design_whole() -> None:
    composed = all_connections_design(prefix=COMPOSED_PREFIX)
    fronts = group_design("fronts")
    by_name = {c.name: c for c in fronts.components}
    assert all(by_name.get(c.name) == c for c in composed.components)
    assert all(c in fronts.connections for c in composed.connections)


@pytest.mark.matrix
@pytest.mark.parametrize("target", list(TARGETS))
def test_the_composed_design_passes_the_validators(target: str) -> None:
    failed = failures(runs(target)["fronts"])
    assert failed == [], "\n".join(failed)
