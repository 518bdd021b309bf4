"""The import corpus end to end: every template imports, renders back byte-identical and semantically equal,
an edit keeps the untouched resources and comments, and the relationships recovered are measured."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generators.importing import import_template
from generators.importing.compare import compare_templates, transformed
from generators.importing.writeback import WriteBackError, render_imported_template
from generators.model import Design
from tests.engine.validators import cfn_lint_problems

HERE = Path(__file__).parent
CORPUS = sorted((HERE / "corpus").iterdir())
EXPECTED: dict[str, list[list[str]]] = json.loads((HERE / "expected.json").read_text())
RECOVERY_FLOOR = 0.95  # measured 105/110 = 0.955; the misses are listed by test_it_reports_the_relationships_it_missed


def test_the_corpus_has_at_least_fifty_templates_with_expectations() -> None:
    assert len(CORPUS) >= 50
    assert {p.name for p in CORPUS} == set(EXPECTED)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_every_template_imports_and_renders_back_byte_identical(path: Path) -> None:
    text = path.read_text()
    result = import_template(text, path.name, advise_design=False)
    design = Design.model_validate_json(result.design.model_dump_json())  # survives a save and a load
    assert render_imported_template(design) == text


def test_every_template_renders_back_semantically_equal() -> None:
    unequal = {}
    for path in CORPUS:
        text = path.read_text()
        rendered = render_imported_template(import_template(text, path.name, advise_design=False).design)
        found = compare_templates(text, rendered)
        if found:
            unequal[path.name] = found
    assert unequal == {}


def _recovery() -> tuple[int, int, list[str]]:
    found = total = 0
    misses = []
    for path in CORPUS:
        report = import_template(path.read_text(), path.name, advise_design=False).report
        recovered = {(k, s, t) for k, s, t, _ in report.recovered}
        for kind, source, target in EXPECTED[path.name]:
            total += 1
            if (kind, source, target) in recovered:
                found += 1
            else:
                misses.append(f"{path.name}: {source} -{kind}-> {target}")
    return found, total, misses


def test_it_recovers_the_relationships_a_reader_would_draw() -> None:
    found, total, misses = _recovery()
    print(f"relationships recovered: {found}/{total} = {found / total:.1%}; missed: {misses}")
    assert found / total >= RECOVERY_FLOOR


def test_it_reports_the_relationships_it_missed() -> None:
    """Every expected relationship not recovered as a connection is named in the report's `missed` list."""
    for path in CORPUS:
        report = import_template(path.read_text(), path.name, advise_design=False).report
        named = {(k, s, t) for k, s, t, _ in report.missed}
        recovered = {(k, s, t) for k, s, t, _ in report.recovered}
        for kind, source, target in EXPECTED[path.name]:
            if (kind, source, target) not in recovered:
                assert any((s, t) == (source, target) for _, s, t in named), (path.name, kind, source, target)


def _edited(design: Design) -> Design:
    data: dict[str, Any] = design.model_dump(mode="json", exclude_none=True)
    function = next(c for c in data["components"] if c["kind"] == "function")
    data["components"].append({"kind": "topic", "name": "added-events"})
    data["connections"].append({"kind": "publishes", "source": function["name"], "target": "added-events"})
    return Design.model_validate(data)


EDITED = [p for p in CORPUS if (p.suffix == ".json" and p.name.startswith("sqs")) or (
    p.suffix == ".yaml" and "-" not in p.stem.replace("api-table", "x").replace("sqs-consumer", "x")
    .replace("sns-fanout", "x").replace("s3-processor", "x").replace("hand-role-connector", "x")
    .replace("raw-apigw-custom", "x").replace("kinesis-dynamodb-stream", "x").replace("pipes-secrets", "x"))]


def _error_rules(problems: list[str]) -> set[str]:
    return {p.split()[0] for p in problems if p.startswith("E")}


@pytest.mark.parametrize("path", EDITED, ids=lambda p: p.name)
def test_an_edit_keeps_untouched_resources_and_comments_and_stays_valid(path: Path) -> None:
    text = path.read_text()
    design = import_template(text, path.name, advise_design=False).design
    function_id = next(r.logical_id for r in design.imported.resources  # type: ignore[union-attr]
                       if r.type.endswith("Function") and r.component)
    out = render_imported_template(_edited(design))
    plain_in, plain_out = transformed(text), transformed(out)
    assert "AddedEvents" in plain_out["Resources"]
    original_resources = json.loads(json.dumps(import_template(text, path.name, advise_design=False)
                                               .template.plain["Resources"]))
    from generators.importing.parse import parse_template

    after = parse_template(out).plain["Resources"]
    role = original_resources[function_id].get("Properties", {}).get("Role", {})
    edited_ids = {function_id, *(role.get("Fn::GetAtt", [])[:1] if isinstance(role, dict) else [])}
    for lid, resource in original_resources.items():
        if lid not in edited_ids:  # the function and its hand-written role get the new permission
            assert after[lid] == resource, lid  # untouched resources are kept as they were
    if path.suffix == ".yaml":
        for line in text.splitlines():
            if "#" in line:
                assert line in out.splitlines(), line  # comments of untouched parts survive verbatim
    assert set(plain_in["Resources"]) <= set(plain_out["Resources"])
    assert _error_rules(cfn_lint_problems(out)) <= _error_rules(cfn_lint_problems(text))


def test_an_edit_through_the_editing_operations_renders_through_the_sam_target() -> None:
    """The wizard's path: typed edit operations on the imported design, then `render` (the SAM project)."""
    from generators.editing import apply_edits
    from generators.renderers import render

    text = (HERE / "corpus" / "sqs-consumer-sections.yaml").read_text()
    design = import_template(text, "template.yaml", advise_design=False).design
    edited = apply_edits(design, [
        {"op": "add_component", "kind": "table", "name": "results"},
        {"op": "connect", "kind": "writes", "source": "worker-function", "target": "results"},
    ])
    out = render(edited).text("template.yaml")
    resources = transformed(out)["Resources"]
    assert resources["Results"]["Type"] == "AWS::DynamoDB::Table"
    assert "RESULTS_NAME" in json.dumps(resources["WorkerFunction"])
    assert "dynamodb:PutItem" in json.dumps(resources["WorkerFunctionRole"])  # the grant, in SAM's role
    assert "# 6 x the function timeout" in out
    assert "    DeletionPolicy: Retain" in out  # the untouched first resource keeps its attributes


def test_removing_a_component_removes_only_its_resource() -> None:
    from generators.editing import apply_edits

    text = (HERE / "corpus" / "s3-processor.yaml").read_text()
    design = import_template(text, "template.yaml", advise_design=False).design
    edited = apply_edits(design, [{"op": "update_component", "name": "resize-function",
                                   "settings": {"memory_mb": 2048}}])
    out = render_imported_template(edited)
    assert "      MemorySize: 2048\n" in out  # the changed property, in place
    assert out.replace("MemorySize: 2048", "MemorySize: 1024") == text  # and nothing else
    trimmed = render_imported_template(apply_edits(design, [{"op": "remove_component", "name": "thumbnails-bucket"}]))
    assert "ThumbnailsBucket:\n" not in trimmed
    assert "  UploadsBucket:\n    Type: AWS::S3::Bucket\n" in trimmed


def test_an_imported_pipe_becomes_a_component_between_its_source_and_target() -> None:
    design = import_template((HERE / "corpus" / "pipes-secrets.yaml").read_text(), "t.yaml",
                             advise_design=False).design
    kinds = {c.name: c.kind for c in design.components}
    assert kinds["queue-pipe"] == "pipe"
    assert {(c.kind, c.source, c.target) for c in design.connections} >= {
        ("pipes", "source-queue", "queue-pipe"), ("pipes", "queue-pipe", "target-function")}


def test_an_edit_the_template_has_no_place_for_is_refused_by_name_not_dropped() -> None:
    text = (HERE / "corpus" / "pipes-secrets.yaml").read_text()
    data = import_template(text, "t.yaml", advise_design=False).design.model_dump(mode="json", exclude_none=True)
    pipe = next(c for c in data["components"] if c["kind"] == "pipe")
    pipe["batch_size"] = 5  # lives under a source-specific key the write-back does not map
    with pytest.raises(WriteBackError) as error:
        render_imported_template(Design.model_validate(data))
    assert "queue-pipe" in str(error.value)
    assert "batch_size" in str(error.value)


def test_an_imported_secret_writes_its_generated_length_back() -> None:
    text = (HERE / "corpus" / "pipes-secrets.yaml").read_text().replace("ApiKeySecret", "ApiKey")
    data = import_template(text, "t.yaml", advise_design=False).design.model_dump(mode="json", exclude_none=True)
    secret = next(c for c in data["components"] if c["kind"] == "secret")
    assert secret["password_length"] == 32
    secret["password_length"] = 48
    rendered = render_imported_template(Design.model_validate(data))
    assert "PasswordLength: 48" in rendered
    assert rendered.replace("PasswordLength: 48", "PasswordLength: 32") == text


def test_a_hand_written_rest_api_method_becomes_a_route_with_its_method_and_path() -> None:
    design = import_template((HERE / "corpus" / "raw-apigw-custom.yaml").read_text(), "t.yaml",
                             advise_design=False).design
    [route] = design.connections
    assert (route.kind, route.source, route.target) == ("routes", "rest-api", "hello-function")
    assert (route.method, route.path) == ("GET", "/hello")
