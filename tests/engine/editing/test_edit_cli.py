"""`python -m generators edit DESIGN OPS`: the edited design, or exit status 2 naming `edits[i].field`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generators.cli import main
from generators.model import load_design

OPS = [
    {"op": "add_component", "kind": "queue", "name": "jobs"},
    {"op": "add_component", "kind": "function", "name": "worker"},
    {"op": "connect", "kind": "triggers", "source": "jobs", "target": "worker", "settings": {"batch_size": 5}},
    {"op": "connect", "kind": "publishes", "source": "router", "target": "jobs"},
]


@pytest.fixture
def design_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert main(["design", "api", "--name", "shop"]) == 0
    path = tmp_path / "design.yaml"
    path.write_text(capsys.readouterr().out)
    return path


def test_edit_writes_the_edited_design_to_a_file(design_file: Path, tmp_path: Path) -> None:
    ops = tmp_path / "ops.json"
    ops.write_text(json.dumps(OPS))
    out = tmp_path / "edited.yaml"
    assert main(["edit", str(design_file), str(ops), "--out", str(out)]) == 0
    edited = load_design(out.read_text())
    assert edited.triggers_from("jobs")[0].target == "worker"
    assert [c.source for c in edited.incoming("jobs")] == ["router"]


def test_edit_in_place_accepts_an_object_with_edits(design_file: Path, tmp_path: Path) -> None:
    ops = tmp_path / "ops.json"
    ops.write_text(json.dumps({"edits": [{"op": "rename_component", "name": "router", "new_name": "handler"}]}))
    assert main(["edit", str(design_file), str(ops), "--in-place"]) == 0
    edited = load_design(design_file.read_text())
    assert "handler" in {c.name for c in edited.components}
    assert all(c.source != "router" for c in edited.connections)


def test_a_refused_edit_exits_2_naming_the_edit_and_writes_nothing(design_file: Path, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    ops = tmp_path / "ops.json"
    ops.write_text(json.dumps([OPS[0], {"op": "connect", "kind": "reads", "source": "jobs", "target": "router"}]))
    before = design_file.read_text()
    assert main(["edit", str(design_file), str(ops), "--in-place"]) == 2
    err = capsys.readouterr().err
    assert "edits[1].kind: a 'reads' connection cannot go from a queue" in err
    assert "allowed for this pair: triggers" in err
    assert "Traceback" not in err
    assert design_file.read_text() == before


def test_ops_that_are_not_a_list_are_a_usage_error(design_file: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    ops = tmp_path / "ops.json"
    ops.write_text('"add a queue"')
    assert main(["edit", str(design_file), str(ops)]) == 2
    assert "a list of edit operations is expected" in capsys.readouterr().err
