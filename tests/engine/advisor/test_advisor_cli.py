"""`python -m generators check` and `python -m generators rules`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generators.advisor.registry import ALL_RULES
from generators.cli import main
from generators.model import dump_design
from tests.engine.advisor.broken import broken_design
from tests.engine.advisor.scenarios import bp, change

ROOT = Path(__file__).resolve().parents[3]


def write(tmp_path: Path, design, name: str = "design.yaml") -> str:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text(dump_design(design), encoding="utf-8")
    return str(path)


def test_a_clean_design_passes_with_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", write(tmp_path, bp("api"))]) == 0
    assert "shop: 0 errors, 0 warnings, 0 info" in capsys.readouterr().out


def test_a_design_with_errors_exits_1_and_lists_hints_and_fixes(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", write(tmp_path, broken_design())]) == 1
    out = capsys.readouterr().out
    assert "ERROR    SQS-02   jobs: Visibility timeout below the function timeout" in out
    assert "hint: Set the visibility timeout to 6 × the function timeout." in out
    assert "fix:  Set the visibility timeout of 'jobs' to 180 s" in out


def test_warnings_alone_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    design = change(bp("scheduled-job"), "job", tracing=False)
    assert main(["check", write(tmp_path, design)]) == 0
    assert "1 warning" in capsys.readouterr().out


def test_json_output_holds_every_finding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", write(tmp_path, broken_design()), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["design"] == "shop"
    assert data["summary"]["error"] >= 6
    first = data["findings"][0]
    assert set(first) >= {"rule", "severity", "component", "path", "message", "hint", "source", "fix", "silenced"}


def test_silenced_findings_are_listed_apart(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = dump_design(bp("api", front_door="function-url", auth="none"))
    text += "silenced:\n- rule: API-06\n  reason: Public webhook that verifies a signature\n"
    path = tmp_path / "webhook.yaml"
    path.write_text(text.replace("silenced: []\n", ""), encoding="utf-8")
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "(1 silenced)" in out
    assert "API-06   api: Public webhook that verifies a signature" in out


@pytest.mark.parametrize(("scenario", "args", "message"), [
    ("a missing file", ["check", "nowhere.yaml"], "nowhere.yaml: no such file"),
    ("a design with a bad field", None, "components[0] (api): unknown kind 'http_apii'"),
    ("a bad --set key", ["check", "DESIGN", "--set", "speed=3"], "--set speed: unknown key"),
    ("a bad --format", ["check", "DESIGN", "--format", "xml"], "invalid choice: 'xml'"),
])
def test_bad_input_exits_2_with_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str], scenario: str,
                                          args: list[str] | None, message: str) -> None:
    good = write(tmp_path, bp("api"))
    if args is None:
        bad = tmp_path / "bad.yaml"
        bad.write_text(Path(good).read_text().replace("kind: http_api", "kind: http_apii"), encoding="utf-8")
        args = ["check", str(bad)]
    args = [good if a == "DESIGN" else a for a in args]
    assert main(args) == 2
    assert message in capsys.readouterr().err


def test_rules_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    assert all(f"{rule.id:8} {rule.severity:8} {rule.title}" in out for rule in ALL_RULES)
    assert f"{len(ALL_RULES)} rules" in out


def test_rules_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data) == len(ALL_RULES) >= 80
    assert data[0] == {"id": ALL_RULES[0].id, "title": ALL_RULES[0].title, "severity": ALL_RULES[0].severity,
                       "area": ALL_RULES[0].area, "checks": ALL_RULES[0].checks, "fix": ALL_RULES[0].fix,
                       "source": ALL_RULES[0].source}


def test_the_module_entry_point_returns_the_exit_codes(tmp_path: Path) -> None:
    def run(design) -> int:  # type: ignore[no-untyped-def]
        return subprocess.run([sys.executable, "-m", "generators", "check", write(tmp_path, design)], cwd=ROOT,
                              capture_output=True, text=True, timeout=60).returncode

    assert (run(bp("api")), run(broken_design())) == (0, 1)
