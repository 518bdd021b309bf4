"""User text in every free-text field (descriptions, environment values, SNS filter values, event pattern values) either
renders into a template that passes cfn-lint with zero errors and warnings (SAM source and transformed), or is
refused by the model naming the field. Tags, names and route paths take a strict alphabet already.

A description holding `${AWS::Region}` used to be accepted and then broke the template (cfn-lint E1029): anything
CloudFormation reads inside a string (a substitution `${...}`, a dynamic reference `{{resolve:...}}`) is refused.
To keep the runtime bounded, all the accepted hostile strings go into a few designs at once (one per delivery
kind), each string in every field kind."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generators.model import DesignInputError
from generators.model.io import design_from_data, design_to_data
from generators.renderers import render
from tests.engine import matrix
from tests.engine.node import link_node_modules, npx, run
from tests.engine.projects import write_project
from tests.engine.validators import cfn_lint_problems, sam_transform
from tests.engine.variants import build

ACCEPTED = [
    "it's", 'say "hi"', "back\\slash \\n", "# not a comment", "key: value", "- item", "!Ref Api", "!Sub x",
    "!GetAtt Api.Arn", "{{7*7}}", "{% raw %}", "*/ /* <!-- -->", '"""', "'''", "</script>", "%s %d %(x)s",
    "café ✓ 😀", "$5 {x}", "$HOME $(id)", "&anchor *alias", "| >", "@at `tick`", " spaces around ", "~", "null",
    "true", "0x1F", "1e3", "[a, b]", "{a: b}", "?", "Fn::Sub", "a" * 200,
]
REFUSED = ["${AWS::Region}", "in ${Api} we trust", "${!Literal}", "{{resolve:ssm:/shop/secret}}"]
DESIGNS = {"api": ("api", {}), "sns": ("fan-out", {}), "eventbridge": ("fan-out", {"channel": "eventbridge"})}


def _hostile(data: dict[str, Any], strings: list[str]) -> dict[str, Any]:
    """The design with every free-text field set to the strings (rotating through them)."""
    data["project"]["description"] = strings[0]
    for index, component in enumerate(data["components"]):
        component["description"] = strings[index % len(strings)]
        if component["kind"] == "function":
            component["environment"] = {f"HOSTILE_{j}": text for j, text in enumerate(strings)}
    for connection in data["connections"]:
        if connection.get("filter_policy") is not None:
            connection["filter_policy"] = {**connection["filter_policy"], "hostile": strings[:10]}
        if connection.get("event_pattern") is not None:
            detail = {**connection["event_pattern"].get("detail", {}), "hostile": strings[:10]}
            connection["event_pattern"] = {**connection["event_pattern"], "detail": detail}
    return data


@pytest.mark.parametrize("kind", DESIGNS)
def test_hostile_text_in_every_field_keeps_the_sam_template_lint_clean(kind: str) -> None:
    blueprint, options = DESIGNS[kind]
    data = _hostile(design_to_data(build(blueprint, options)), ACCEPTED)
    design = design_from_data(data)
    assert any(c.get("filter_policy") or c.get("event_pattern") for c in data["connections"]) or kind == "api"
    tree = render(design)
    template = tree.text("template.yaml")
    assert cfn_lint_problems(template) == []
    assert cfn_lint_problems(sam_transform(template)) == []
    for path in tree:
        if path.endswith(".py"):
            compile(tree.text(path), path, "exec")  # user text in a docstring or string stays text


FIELDS: dict[str, Callable[[dict[str, Any], str], None]] = {
    "project.description": lambda d, s: d["project"].__setitem__("description", s),
    "description": lambda d, s: d["components"][0].__setitem__("description", s),
    "environment": lambda d, s: next(c for c in d["components"] if c["kind"] == "function").__setitem__(
        "environment", {"GREETING": s}),
    "filter_policy": lambda d, s: next(c for c in d["connections"] if c.get("filter_policy") is not None).__setitem__(
        "filter_policy", {"type": [s]}),
}
REFUSAL_CASES = [(field, text) for field in FIELDS for text in REFUSED]


@pytest.mark.parametrize(("field", "text"), REFUSAL_CASES)
def test_cloudformation_syntax_in_user_text_is_refused_naming_the_field(field: str, text: str) -> None:
    data = design_to_data(build("fan-out", {}))
    FIELDS[field](data, text)
    with pytest.raises(DesignInputError) as error:
        design_from_data(data)
    assert field in str(error.value)
    assert "CloudFormation reads as a substitution" in str(error.value)


def test_an_event_pattern_value_with_a_substitution_is_refused() -> None:
    data = design_to_data(build("fan-out", {"channel": "eventbridge"}))
    rule = next(c for c in data["connections"] if c.get("event_pattern") is not None)
    rule["event_pattern"] = {**rule["event_pattern"], "source": ["${AWS::AccountId}"]}
    with pytest.raises(DesignInputError, match=r"event_pattern: .*CloudFormation reads as a substitution"):
        design_from_data(data)


@pytest.mark.matrix
def test_hostile_text_keeps_the_cdk_typescript_stack_synthesizing_lint_clean(tmp_path: Path) -> None:
    """One batched design (every hostile string in every field of an SNS fan-out): cdk synth with cdk-nag, then
    cfn-lint on the synthesized stack (zero errors, as the CDK matrix asks)."""
    data = _hostile(design_to_data(build("fan-out", {}, language="typescript", iac="cdk")), ACCEPTED)
    project = write_project(design_from_data(data), tmp_path / "project")
    link_node_modules(project)
    step = run("synth", [npx("cdk"), *matrix.CDK_SYNTH, "-c", "environment=prod"], project)
    assert step.ok, step.output
    errors = [p for p in cfn_lint_problems(matrix.synthesized(project)) if p.startswith("E")]
    assert errors == []
