"""The stack-size count the advisor's STACK-01 relies on equals the real SAM transform's count, for every variant of
every project type (both languages) and every connection-matrix design; and a design over CloudFormation's 500
resources per stack is refused by the gate every way out of the designer passes, naming the count."""

from __future__ import annotations

import pytest

from benchmarks.compose_bench import large_design
from generators.advisor import ErrorFindings, advise, require_no_errors
from generators.model import Design
from generators.renderers.sam.stack_size import MAX_STACK_RESOURCES, stack_resource_count
from generators.renderers.sam.template import render_template
from tests.engine.connection_projects import GROUPS, group_design
from tests.engine.validators import cfn_lint_problems, sam_transform
from tests.engine.variants import all_variants, build, variant_id

DESIGNS: dict[str, Design] = {
    **{f"{variant_id(bp, options)}:{language}": build(bp, options, language=language)
       for bp, options in all_variants() for language in ("python", "typescript")},
    **{f"connections:{group}": group_design(group) for group in GROUPS},
    "composed:100": large_design(100),
}


@pytest.mark.parametrize("name", list(DESIGNS))
def test_the_count_equals_the_sam_transforms(name: str) -> None:
    design = DESIGNS[name]
    assert stack_resource_count(design) == len(sam_transform(render_template(design))["Resources"])


def test_a_design_over_500_resources_is_refused_naming_the_count_and_one_under_it_passes_cfn_lint() -> None:
    over = large_design(200)
    count = len(sam_transform(render_template(over))["Resources"])
    assert count > MAX_STACK_RESOURCES
    with pytest.raises(ErrorFindings) as refused:
        require_no_errors(over)
    assert f"STACK-01 (components): The design's stack would hold {count} CloudFormation resources" in str(
        refused.value)

    under = large_design(150)
    assert stack_resource_count(under) <= MAX_STACK_RESOURCES
    assert "STACK-01" not in {f.rule for f in advise(under)}
    assert cfn_lint_problems(sam_transform(render_template(under))) == []
