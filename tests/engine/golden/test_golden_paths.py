"""Golden paths in the engine: the document, its parameters as Options, locks, the three-way merge and the CLI."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from generators.cli import main
from generators.golden import (
    golden_design,
    golden_path_from_data,
    lock_violations,
    merge_designs,
    options_model,
)
from generators.golden.paths import MISSING, get_value, set_value
from generators.model import DesignInputError
from generators.model.io import design_from_data, design_to_data
from generators.options_info import describe_options
from tests.engine.golden.paths_fixture import golden_v1, golden_v2


def _problems(data: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(DesignInputError) as caught:
        golden_path_from_data(data)
    return list(caught.value.problems)


def _with(change: dict[str, Any]) -> dict[str, Any]:
    data = golden_v1()
    data.update(change)
    return data


@pytest.mark.parametrize(("case", "change", "field", "words"), [
    ("a parameter on a component that is not there", {"parameters": [{"name": "m", "path": "components[x].memory_mb"}]},
     "parameters[0].path", "not a setting of the design"),
    ("a parameter that is also locked", {"parameters": [{"name": "r", "path": "project.tags.CostCenter"}]},
     "parameters[0].path", "both a parameter and locked"),
    ("two parameters with one name", {"parameters": [{"name": "m", "path": "components[processor].memory_mb"},
                                                      {"name": "m", "path": "components[processor].timeout_s"}]},
     "parameters[1].name", "duplicate"),
    ("a path that is not a path", {"locked": [{"path": "components[[x", "reason": "because"}]},
     "locked[0].path", "setting path"),
    ("a design that does not validate", {"design": {"project": {"name": "x"}, "components": []}},
     "design.components", "at least one component"),
    ("an unknown field", {"owner": "me"}, "owner", "unknown field"),
    ("the project's name as a parameter", {"parameters": [{"name": "n", "path": "project.name"}]},
     "parameters[0].path", "the design's own name"),
    ("a lock on the whole project", {"locked": [{"path": "project", "reason": "all of it"}]},
     "locked[0].path", "the design's own name"),
    ("a bad id", {"id": "Not A Name"}, "id", "not a valid name"),
])
def test_a_bad_golden_path_document_is_refused_naming_the_field(case: str, change: dict[str, Any], field: str,
                                                                 words: str) -> None:
    problems = _problems(_with(change))
    assert any(path == field and words in message for path, message in problems), problems


@pytest.mark.parametrize(("case", "parameter", "field", "words"), [
    ("a maximum above the model's", {"name": "m", "path": "components[processor].memory_mb", "maximum": 20000},
     "parameters[0].maximum", "20000 is above the model's maximum 10240"),
    ("a default outside the choices", {"name": "l", "path": "project.language", "choices": ["typescript"]},
     "parameters[0].default", "'python' is not one of the choices 'typescript'"),
    ("a default outside the range", {"name": "m", "path": "components[processor].memory_mb", "minimum": 1024},
     "parameters[0].default", "the default 512 is out of range; allowed: at least 1024"),
    ("a default the model refuses", {"name": "m", "path": "components[processor].memory_mb", "default": "big"},
     "parameters[0].default", "the defaults do not give a valid design: Input should be a valid integer"),
])
def test_a_parameter_that_cannot_work_is_refused_when_published(case: str, parameter: dict[str, Any], field: str,
                                                                words: str) -> None:
    from generators.golden import parameter_problems

    problems = parameter_problems(golden_path_from_data(_with({"parameters": [parameter]})))
    assert any(path == field and words in message for path, message in problems), problems


def test_parameters_are_an_options_model_with_defaults_ranges_and_help() -> None:
    infos = {i.name: i for i in describe_options(options_model(golden_path_from_data(golden_v1())))}

    assert (infos["memory_mb"].default, infos["memory_mb"].minimum, infos["memory_mb"].maximum) == (512, 256, 2048)
    assert infos["memory_mb"].help == "Memory of the processor (MB)"
    assert infos["batch_size"].minimum == 1
    assert infos["batch_size"].maximum == 100
    assert infos["batch_size"].help.startswith("Records per batch")  # the model's help when the path gives none
    assert infos["language"].choices == ("python", "typescript")


def test_a_parameter_value_is_applied_and_the_rest_is_the_golden_design() -> None:
    golden = golden_path_from_data(golden_v1())
    design = golden_design(golden, {"memory_mb": 1024, "language": "typescript"}, name="shop-ingest")

    assert design.project.name == "shop-ingest"
    assert design.project.language == "typescript"
    assert design.component("processor").memory_mb == 1024
    assert design.project.tags == {"CostCenter": "platform", "Owner": "team-a"}


@pytest.mark.parametrize(("case", "values", "field", "words"), [
    ("a value above the path's own maximum", {"memory_mb": 4096}, "memory_mb", "allowed: 256 to 2048"),
    ("the same as text, as the CLI sends it", {"memory_mb": "4096"}, "memory_mb", "allowed: 256 to 2048"),
    ("a value outside the choices", {"language": "java"}, "language", "must be one of 'python' or 'typescript'"),
    ("a locked setting by its name", {"log_retention_days": 1}, "log_retention_days",
     "locked by golden path acme-events v1: security keeps prod logs for audits"),
    ("a locked setting by its path", {"project.tags.CostCenter": "x"}, "project.tags.CostCenter",
     "finance bills by cost centre"),
    ("an unknown parameter", {"timeout_s": 3}, "timeout_s", "parameters: batch_size, language, memory_mb"),
])
def test_a_bad_value_is_refused_naming_the_parameter(case: str, values: dict[str, Any], field: str,
                                                     words: str) -> None:
    with pytest.raises(DesignInputError) as caught:
        golden_design(golden_path_from_data(golden_v1()), values, name="shop-ingest")

    assert any(path == field and words in message for path, message in caught.value.problems), caught.value.problems


def test_changing_a_locked_setting_is_a_violation_with_the_reason() -> None:
    golden = golden_path_from_data(golden_v1())
    data = design_to_data(golden_design(golden, {}, name="shop-ingest"))
    assert lock_violations(golden, data) == []
    data["project"]["tags"]["CostCenter"] = "marketing"
    data["project"]["tags"]["Extra"] = "fine"  # other tags are the user's

    assert lock_violations(golden, data) == [
        ("project.tags.CostCenter", "locked by golden path acme-events v1: finance bills by cost centre "
                                    "(it must stay 'platform')")]


def test_paths_name_items_by_name_not_position() -> None:
    data = design_to_data(golden_design(golden_path_from_data(golden_v1()), {}, name="x"))
    assert get_value(data, "connections[triggers:input-queue->processor].batch_size") == 10
    assert get_value(data, "components[nope].memory_mb") is MISSING
    set_value(data, "project.tags[cost.centre]", "a")
    assert data["project"]["tags"]["cost.centre"] == "a"
    with pytest.raises(KeyError, match="components\\[nope\\]"):
        set_value(data, "components[nope].memory_mb", 1)


def _three(edit: Any = None) -> tuple[Any, Any, Any, Any]:
    v1, v2 = golden_path_from_data(golden_v1()), golden_path_from_data(golden_v2())
    base = golden_design(v1, {"memory_mb": 1024}, name="shop-ingest")
    theirs = golden_design(v2, {"memory_mb": 1024}, name="shop-ingest")
    mine = design_to_data(base)
    if edit:
        edit(mine)
    return base, design_from_data(mine), theirs, v2


def _processor(data: dict[str, Any]) -> dict[str, Any]:
    return next(c for c in data["components"] if c["name"] == "processor")


def test_an_unedited_design_becomes_the_new_version() -> None:
    base, mine, theirs, v2 = _three()
    merged = merge_designs(base, mine, theirs, new_version=v2)

    assert merged.ok
    assert merged.conflicts == []
    assert merged.design == theirs


def test_the_users_own_edits_survive_the_upgrade() -> None:
    def edit(data: dict[str, Any]) -> None:
        data["components"].append({"name": "done", "kind": "topic"})
        data["connections"].append({"kind": "publishes", "source": "processor", "target": "done"})
        _processor(data)["environment"] = {"MODE": "fast"}

    base, mine, theirs, v2 = _three(edit)
    merged = merge_designs(base, mine, theirs, new_version=v2)

    assert merged.ok, merged.conflicts
    assert merged.design is not None
    names = [c.name for c in merged.design.components]
    assert names == ["input-queue", "processor", "done", "audit-queue"]  # mine, then what the new version adds
    assert merged.design.component("processor").environment == {"MODE": "fast"}
    assert merged.design.component("processor").timeout_s == 60  # the new version's change, untouched by the user
    assert merged.design.project.environments[2].log_retention_days == 365


def test_a_conflicting_edit_is_a_conflict_resolved_either_way() -> None:
    base, mine, theirs, v2 = _three(lambda d: _processor(d).update(timeout_s=45))
    merged = merge_designs(base, mine, theirs, new_version=v2)

    assert [c.as_dict() for c in merged.conflicts] == [
        {"path": "components[processor].timeout_s", "base": 30, "mine": 45, "theirs": 60, "mine_removed": False,
         "theirs_removed": False, "resolution": None}]
    assert not merged.ok
    for side, timeout in (("mine", 45), ("theirs", 60)):
        resolved = merge_designs(base, mine, theirs, new_version=v2,
                                 resolutions={"components[processor].timeout_s": side})  # type: ignore[dict-item]
        assert resolved.ok
        assert resolved.design is not None
        assert resolved.design.component("processor").timeout_s == timeout


def test_locked_settings_are_taken_from_the_new_version_even_when_the_user_changed_them() -> None:
    def edit(data: dict[str, Any]) -> None:
        data["project"]["environments"][2]["log_retention_days"] = 30
        data["project"]["tags"]["CostCenter"] = "mine"

    base, mine, theirs, v2 = _three(edit)
    merged = merge_designs(base, mine, theirs, new_version=v2)

    assert merged.ok
    assert merged.design is not None
    assert merged.design.project.environments[2].log_retention_days == 365
    assert merged.design.project.tags["CostCenter"] == "platform"
    assert sorted(merged.locked) == ["project.tags.CostCenter"]  # the retention lock was resolved by the merge


def test_a_component_removed_by_the_new_version_but_edited_by_the_user_is_a_conflict() -> None:
    v2_data = golden_v1()
    v2_data["version"] = 2
    v2_data["design"]["components"].append({"name": "spare", "kind": "topic"})
    v1 = golden_path_from_data(copy.deepcopy(v2_data))
    v2_data["version"] = 3
    v2_data["design"]["components"].pop()
    v2 = golden_path_from_data(v2_data)
    base = golden_design(v1, {}, name="x")
    mine = design_to_data(base)
    next(c for c in mine["components"] if c["name"] == "spare")["description"] = "mine now"
    merged = merge_designs(base, design_from_data(mine), golden_design(v2, {}, name="x"), new_version=v2)

    assert [(c.path, c.theirs) for c in merged.conflicts] == [("components[spare]", MISSING)]


# ------------------------------------------------------------------------------------------------------ CLI
def test_the_cli_makes_a_project_from_an_exported_golden_path(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text(yaml.safe_dump(golden_v1()))
    out = tmp_path / "shop"

    code = main(["new", "--path", str(path), "--name", "shop-ingest", "--set", "memory_mb=1024",
                 "--language", "typescript", "--out", str(out)])

    assert code == 0, capsys.readouterr().err
    assert "MemorySize: 1024" in (out / "template.yaml").read_text()
    assert 'CostCenter=\\"platform\\"' in (out / "samconfig.toml").read_text()
    assert (out / "package.json").exists()  # --language went to the golden path's language parameter


@pytest.mark.parametrize(("case", "args", "words"), [
    ("a locked setting", ["--set", "log_retention_days=1"],
     "--set log_retention_days: project.environments[prod].log_retention_days is locked by golden path "
     "acme-events v1: security keeps prod logs for audits"),
    ("a value outside the path's range", ["--set", "memory_mb=4096"], "--set memory_mb: 4096 is out of range; "
                                                                      "allowed: 256 to 2048"),
    ("a project setting the path fixes", ["--iac", "cdk"], "--iac: golden path acme-events does not let you "
                                                           "choose it; parameters: memory_mb, batch_size, language"),
    ("a type as well as a path", ["api"], "give either a project type or --path FILE"),
])
def test_the_cli_refuses_what_the_golden_path_does_not_allow(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                             case: str, args: list[str], words: str) -> None:
    path = tmp_path / "acme.json"
    path.write_text(json.dumps(golden_v1()))

    code = main(["new", "--path", str(path), "--name", "shop-ingest", "--out", str(tmp_path / "o"), *args])

    assert code == 2
    assert words in capsys.readouterr().err


def test_the_cli_names_the_field_of_a_bad_golden_path_file(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(_with({"parameters": [{"name": "m", "path": "components[x].memory_mb"}]})))

    assert main(["new", "--path", str(path), "--out", str(tmp_path / "o")]) == 2
    assert f"{path}: parameters[0].path: components[x].memory_mb is not a setting of the design" \
        in capsys.readouterr().err
