"""`python -m generators contract export|import|diff`, run in process through the CLI's `main`."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest

from generators.cli import main
from generators.contracts import contract_from_schema, contract_schema, invalid_samples, valid_samples
from generators.model import dump_design
from generators.model.contracts import EventContract
from tests.engine.contracts.designs import ORDER_CREATED, fan_out, with_contracts
from tests.engine.variants import build

CONTRACT = EventContract.model_validate(ORDER_CREATED)


def _design_file(tmp_path: Path, name: str, *contracts: dict[str, object]) -> Path:
    path = tmp_path / name
    path.write_text(dump_design(with_contracts(build("fan-out", {}), *contracts)))
    return path


def test_the_exported_schema_is_valid_draft_2020_12_and_accepts_every_valid_sample() -> None:
    schema = contract_schema(CONTRACT)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())

    for name, event in valid_samples(CONTRACT, "shop").items():
        assert list(validator.iter_errors(event)) == [], name
    for name, event in invalid_samples(CONTRACT, "shop").items():
        assert not validator.is_valid(event), name


def test_one_invalid_sample_per_required_field() -> None:
    required = [f.name.replace("_", "-") for f in CONTRACT.fields if f.required]

    assert sorted(invalid_samples(CONTRACT, "shop")) == sorted(
        [f"invalid-missing-{name}" for name in required] + ["invalid-missing-metadata-id"])


def test_export_then_import_gives_the_same_contract() -> None:
    assert contract_from_schema(json.loads(json.dumps(contract_schema(CONTRACT)))) == CONTRACT


def test_export_prints_the_schema_and_import_reads_it_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    design = _design_file(tmp_path, "design.yaml", ORDER_CREATED)

    assert main(["contract", "export", str(design), "--out", str(tmp_path / "schemas")]) == 0
    schema_file = tmp_path / "schemas" / "OrderCreated.v1.schema.json"
    assert json.loads(schema_file.read_text())["x-event-type"] == "order.created"
    capsys.readouterr()
    assert main(["contract", "import", str(schema_file)]) == 0
    assert "name: order.created" in capsys.readouterr().out


def test_import_names_what_a_contract_cannot_represent(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    schema = tmp_path / "s.json"
    schema.write_text(json.dumps({"title": "thing", "type": "object", "properties": {
        "a": {"type": "string", "pattern": "^x"}, "b": {"type": "null"}}}))

    assert main(["contract", "import", str(schema), "--channel", "events"]) == 2
    err = capsys.readouterr().err
    assert "properties.a.pattern: 'pattern' is not supported" in err
    assert "properties.b.type: 'null' is not supported" in err


@pytest.mark.parametrize(("case", "change", "expected", "code"), [
    ("removing a required field is breaking", lambda c: c["fields"].pop(0),
     "breaking: order.created.order_id: required field removed", 1),
    ("changing a type is breaking", lambda c: c["fields"][3].update(type="string"),
     "breaking: order.created.quantity: type changed from integer to string", 1),
    ("making an optional field required is breaking", lambda c: c["fields"][4].update(required=True),
     "breaking: order.created.gift: optional -> required", 1),
    ("a nested field removed is breaking", lambda c: c["fields"][8]["items"]["fields"].pop(),
     "breaking: order.created.lines[].count: required field removed", 1),
    ("adding an optional field is compatible",
     lambda c: c["fields"].append({"name": "note", "type": "string", "required": False}),
     "compatible: order.created.note: optional field added", 0),
])
def test_diff_classifies_each_change(case: str, change: object, expected: str, code: int, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    new = copy.deepcopy(ORDER_CREATED)
    change(new)  # type: ignore[operator]
    old_file, new_file = _design_file(tmp_path, "old.yaml", ORDER_CREATED), _design_file(tmp_path, "new.yaml", new)

    assert main(["contract", "diff", str(old_file), str(new_file)]) == code
    assert expected in capsys.readouterr().out


def test_diff_compares_a_design_with_an_exported_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    schema = tmp_path / "old.schema.json"
    schema.write_text(json.dumps(contract_schema(CONTRACT)))

    assert main(["contract", "diff", str(schema), str(_design_file(tmp_path, "d.yaml", ORDER_CREATED))]) == 0
    assert "0 breaking" in capsys.readouterr().out


def test_export_says_when_a_design_has_no_contracts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(dump_design(fan_out().model_copy(update={"contracts": []})))

    assert main(["contract", "export", str(path)]) == 2
    assert "the design has no contracts" in capsys.readouterr().err
