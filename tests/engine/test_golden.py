"""Golden trees: the default project of each type, per target, is pinned file by file under tests/golden/.

Regenerate after an intended change with `make golden` and review the diff like code.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generators.blueprints import BLUEPRINTS
from generators.renderers import RENDERERS, render
from generators.writer import write_directory
from tests.engine.variants import build

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
TARGETS = sorted(RENDERERS)


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("target", TARGETS, ids=[f"{iac}-{language}" for iac, language in TARGETS])
@pytest.mark.parametrize("blueprint", list(BLUEPRINTS))
def test_the_default_project_matches_its_golden_tree(blueprint: str, target: tuple[str, str]) -> None:
    iac, language = target
    tree = render(build(blueprint, {}, language=language, iac=iac, name="shop"))
    golden = GOLDEN / blueprint / f"{iac}-{language}"
    if UPDATE:
        shutil.rmtree(golden, ignore_errors=True)
        write_directory(tree, golden)
    expected = _files(golden)
    assert expected, f"no golden tree at {golden}; run `make golden`"
    actual = {path: tree[path].content for path in tree}
    assert sorted(actual) == sorted(expected), "the generated file list changed; run `make golden` and review"
    changed = [path for path in actual if actual[path] != expected[path]]
    assert changed == [], f"files differ from the golden tree: {changed}; run `make golden` and review the diff"
