"""`python -m generators import` and `compare-templates`: design to stdout or --out, report to stderr, bad input
exit 2 with a message naming the place (never a traceback)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generators.cli import main
from generators.model import load_design

CORPUS = Path(__file__).parent / "corpus"

BAD = [
    ("invalid YAML names the line", "Resources:\n  A: [\n", "t.yaml:3:1: invalid YAML"),
    ("invalid JSON names the line", '{"Resources": {\n  "A": }\n', "t.yaml:2:8: invalid JSON"),
    ("a template without Resources", "Description: nothing\n", "Resources: the template has no Resources"),
    ("duplicate logical ids", "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n  Q:\n    Type: AWS::SNS::Topic\n",
     "t.yaml:4:3: duplicate key 'Q'"),
    ("an unresolvable reference", "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n"
     "      QueueName: !Sub '${Nowhere}-q'\n", "Resources.Q.Properties.QueueName: Sub names ${Nowhere}"),
    ("a resource without a Type", "Resources:\n  Q:\n    Properties: {}\n", "Resources.Q: a resource needs a Type"),
    ("a 5 MB template", "# padding\n" * 500_000, "CloudFormation accepts at most 1,000,000 bytes"),
]


@pytest.mark.parametrize(("case", "text", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_exits_2_naming_the_place(case: str, text: str, message: str, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(text)
    out = tmp_path / "design.yaml"
    assert main(["import", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert not out.exists()  # nothing written half-way


def test_it_writes_the_design_and_a_json_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "design.json"
    assert main(["import", str(CORPUS / "sns-fanout.yaml"), "--out", str(out), "--format", "json",
                 "--report", "json"]) == 0
    report = json.loads(capsys.readouterr().err)
    assert {"kind": "triggers", "source": "EventsTopic", "target": "AuditQueue",
            "where": "Resources.AuditSubscription"} in report["relationships"]["recovered"]
    assert report["verbatim"] == [{"logical_id": "AuditSubscription", "type": "AWS::SNS::Subscription",
                                   "why": "AWS::SNS::Subscription is not a component kind of the designer"}]
    design = load_design(out.read_text())
    assert design.imported is not None
    assert design.imported.original == (CORPUS / "sns-fanout.yaml").read_text()


def test_compare_templates_exits_1_and_names_the_difference(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    original = (CORPUS / "sqs-consumer.yaml").read_text()
    changed = tmp_path / "changed.yaml"
    changed.write_text(original.replace("BatchSize: 10", "BatchSize: 5"))
    assert main(["compare-templates", str(CORPUS / "sqs-consumer.yaml"), str(CORPUS / "sqs-consumer-json.json")]) == 0
    assert main(["compare-templates", str(CORPUS / "sqs-consumer.yaml"), str(changed)]) == 1
    assert "BatchSize: 10 != 5" in capsys.readouterr().out


def test_an_imported_design_refuses_cdk_in_words(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    design = tmp_path / "design.yaml"
    assert main(["import", str(CORPUS / "sqs-consumer.yaml"), "--out", str(design)]) == 0
    design.write_text(design.read_text().replace("iac: sam", "iac: cdk"))
    assert main(["render", str(design), "--out", str(tmp_path / "out")]) != 0
    assert "renders to SAM only for now" in capsys.readouterr().err
