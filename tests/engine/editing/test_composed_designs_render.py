"""Designs only composition reaches (issue 12) render and pass the validators: a POST route on a function that
sends to a queue or a stream (it crashed the Python API handler: `'None' has no attribute 'kind'`), and a
200-component design (its printers work; its stack is over CloudFormation's limit, which the advisor refuses)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.compose_bench import large_design
from generators.editing import apply_edits
from generators.renderers import render
from generators.renderers.sam.template import render_template
from tests.engine.projects import check_python_project, write_project
from tests.engine.validators import cfn_lint_problems, sam_transform


@pytest.mark.parametrize("sink", ["queue", "stream"])
def test_an_api_route_on_a_function_that_sends_to_a_queue_or_stream_renders_a_valid_project(
        sink: str, tmp_path: Path) -> None:
    design = apply_edits({"project": {"name": "shop"}}, [
        {"op": "add_component", "kind": "http_api", "name": "api"},
        {"op": "add_component", "kind": "function", "name": "intake"},
        {"op": "add_component", "kind": sink, "name": "out"},
        {"op": "connect", "kind": "routes", "source": "api", "target": "intake",
         "settings": {"method": "POST", "path": "/orders"}},
        {"op": "connect", "kind": "publishes", "source": "intake", "target": "out"},
    ])
    project = write_project(design, tmp_path / "shop")
    assert cfn_lint_problems(sam_transform((project / "template.yaml").read_text())) == []
    assert check_python_project(project) == []


def test_a_design_of_200_components_renders_in_every_target() -> None:
    design = large_design(200)
    assert len(design.components) == 200
    for iac, language in (("sam", "python"), ("sam", "typescript"), ("cdk", "python"), ("cdk", "typescript")):
        target = design.model_copy(update={"project": design.project.model_copy(
            update={"iac": iac, "language": language})})
        assert "template.yaml" in render(target) or iac == "cdk"
    # 200 components make more than CloudFormation's 500 resources per stack: the only thing cfn-lint says, and
    # what the advisor's STACK-01 refuses before any way out (tests/engine/test_stack_size.py)
    problems = cfn_lint_problems(sam_transform(render_template(design)))
    assert [p.split(" ")[0] for p in problems] == ["E3010"]


def test_a_design_of_50_components_passes_cfn_lint() -> None:
    assert cfn_lint_problems(sam_transform(render_template(large_design(50)))) == []
