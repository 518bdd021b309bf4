"""The one loading path: the CLI accepts every JSON the API accepts, and refuses hostile documents with exit 2
and a one-line message naming the field — never an internal error, a hang or a blow-up."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generators.cli import main
from generators.model import DesignInputError
from generators.model.io import design_from_data, load_design
from generators.model.messages import MAX_PROBLEMS, shown
from generators.model.patterns import pattern_problems

TOPIC = ("project: {name: shop}\ncomponents: [{kind: function, name: fn}, {kind: topic, name: events}]\n"
         "connections:\n  - kind: triggers\n    source: events\n    target: fn\n    filter_policy: %s\n")


def _run(tmp_path: Path, text: str | bytes, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    path = tmp_path / "design.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    status = main(["check", str(path)])
    return status, capsys.readouterr().err


def test_the_cli_reads_its_own_json_output_with_an_emoji_as_surrogate_pair_escapes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["design", "api", "--name", "shop", "--description", "Shop 😀 API", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    escaped = json.dumps(document, ensure_ascii=True, indent="\t")  # what a JSON client sends: \ud83d\ude00, tabs
    assert "\\ud83d\\ude00" in escaped
    assert "\t" in escaped
    assert load_design(escaped).project.description == "Shop 😀 API"


HOSTILE = [
    ("an alias bomb in a filter policy",
     TOPIC % "\n      a: &a [x, x, x, x, x, x, x, x, x]\n      b: [*a, *a, *a, *a, *a, *a, *a, *a, *a]",
     "YAML aliases (*a) are not allowed"),
    ("an unhashable key", "? [a, b]\n: 1\n", "keys must be text"),
    ("a number as a key", "project: {name: shop}\n1: x\n", "the key 1 is not text"),
    ("a python tag", "project: !!python/object/apply:os.system ['true']\n", "is not allowed"),
    ("two documents", "project: {name: a}\n---\nproject: {name: b}\n", "more than one YAML document"),
    ("a merge key", "components: [{<<: {kind: function}, name: fn}]\n", "merge keys ('<<') are not allowed"),
    ("nesting 500 deep in YAML", "project: " + "[" * 500 + "]" * 500 + "\n", "nested deeper than 24 levels"),
    ("nesting 5000 deep in JSON", '{"project": ' + "[" * 5000 + "]" * 5000 + "}", "nested deeper than 24 levels"),
    ("NaN in JSON", '{"project": {"name": "shop"}, "components": NaN}', "NaN is not a JSON number"),
    ("a duplicate key in JSON", '{"project": {"name": "a"}, "project": {"name": "b"}}', "duplicate key 'project'"),
    ("an integer of 5000 digits", "project: {name: shop}\nx: " + "9" * 5000 + "\n", "digits"),
    ("no components", "project: {name: shop}\ncomponents: []\n", "components: a design needs at least one"),
    ("six filter-policy keys", TOPIC % "{a: [1], b: [1], c: [1], d: [1], e: [1], f: [1]}", "SNS allows at most 5"),
    ("151 combinations", TOPIC % json.dumps({"a": list(range(10)), "b": list(range(16))}), "at most 150"),
    ("a nested attribute filter", TOPIC % "{a: {b: [1]}}", "needs filter_policy_scope MessageBody"),
    ("an unknown operator", TOPIC % "{a: [{regex: '.*'}]}", "unknown operator 'regex'"),
    ("invalid UTF-8", b"project: {name: \xff}\n", "not UTF-8 text"),
]


@pytest.mark.parametrize(("case", "text", "expected"), HOSTILE, ids=[c for c, _, _ in HOSTILE])
def test_a_hostile_design_file_is_exit_2_with_a_one_line_message(
        case: str, text: str | bytes, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, err = _run(tmp_path, text, capsys)
    assert status == 2, err
    assert expected in err
    assert "internal error" not in err


def test_a_twenty_megabyte_file_is_refused_for_its_size(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = '{"project": {"name": "x"}, "components": [' + ",".join(['{"kind": "function", "name": "fn"}'] * 600_000)
    status, err = _run(tmp_path, text + "]}", capsys)
    assert status == 2
    assert "at most 2,000,000 are allowed" in err


def test_a_megabyte_value_is_quoted_with_about_a_hundred_characters() -> None:
    with pytest.raises(DesignInputError) as refused:
        design_from_data({"project": {"name": "x" * 4000}, "components": [{"kind": "function", "name": "fn"}]})
    assert len(str(refused.value)) < 400
    assert shown("x" * 1_000_000).endswith("…")
    assert len(shown("x" * 1_000_000)) == 100


def test_problems_are_capped_with_a_count_of_the_rest() -> None:
    components = [{"kind": "function", "name": f"F{i}"} for i in range(60)]
    with pytest.raises(DesignInputError) as refused:
        design_from_data({"project": {"name": "shop"}, "components": components})
    assert len(refused.value.problems) == MAX_PROBLEMS + 1
    assert refused.value.problems[-1][1] == f"and {60 - MAX_PROBLEMS} more problems"


@pytest.mark.parametrize(("grammar", "pattern", "ok"), [
    ("eventbridge", {"detail-type": ["order.created"], "detail": {"amount": [{"numeric": [">", 10]}]}}, True),
    ("eventbridge", {"$or": [{"source": ["a"]}, {"source": ["b"]}]}, True),
    ("eventbridge", {"source": ["x" * 3000]}, False),
    ("lambda", {"body": {"status": [{"anything-but": ["done"]}]}}, True),
    ("lambda", {"body": {"k": ["v" * 4090]}}, False),
    ("sns", {"event_type": [{"prefix": "order."}], "amount": [{"numeric": [">=", 1, "<", 5]}]}, True),
    ("sns", {"amount": [{"numeric": [">", 2e9]}]}, False),
    ("sns", {"a": "not a list"}, False),
])
def test_free_form_mappings_follow_their_aws_grammar_and_limits(grammar: str, pattern: dict[str, object],
                                                                ok: bool) -> None:
    assert (pattern_problems("p", pattern, grammar) == []) is ok  # type: ignore[arg-type]


NESTED_CONDITIONS = """project: {name: shop}
components: [{kind: function, name: fn}, {kind: topic, name: events}, {kind: function, name: pub},
             {kind: event_bus, name: bus}, {kind: function, name: fn2}]
connections:
  - {kind: triggers, source: events, target: fn, filter_policy_scope: MessageBody,
     filter_policy: {event_type: {kind: [a]}}}
  - {kind: publishes, source: pub, target: events}
  - {kind: triggers, source: bus, target: fn2, event_pattern: {detail-type: {x: [a]}}}
"""


def test_nested_conditions_on_the_event_type_keys_render_in_every_target() -> None:
    """Found by the fuzz harness: a message-body filter or event pattern whose `event_type` / `detail-type` is a
    nested condition (valid for AWS) made the sample-event code of two renderers fail."""
    from tests.fuzz.harness import Case, run_case

    result = run_case(Case("nested", text=NESTED_CONDITIONS), seconds=30)
    assert result.outcome == "rendered", result.detail
