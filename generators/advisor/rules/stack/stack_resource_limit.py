"""STACK-01: a design whose stack would hold more than CloudFormation's 500 resources."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.finding import Finding
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.renderers.sam.stack_size import MAX_STACK_RESOURCES, stack_resource_count


def check(graph: Graph) -> Iterator[Finding]:
    design = graph.design
    if design.imported is not None:  # an imported design prints the team's own template back; cfn-lint judges it
        return
    count = stack_resource_count(design)
    if count > MAX_STACK_RESOURCES:
        yield RULE.finding(
            graph, path="components",
            message=f"The design's stack would hold {count} CloudFormation resources ({len(design.components)} "
                    f"components, {len(design.connections)} connections); one stack holds at most "
                    f"{MAX_STACK_RESOURCES}, so the deployment would fail.",
            hint="Split the design into two or more designs (for example one per bounded context, connected "
                 "through a bus or topic ARN), or remove components.",
        )


RULE = Rule(
    id="STACK-01", title="Stack over 500 resources", severity="error", area="stack",
    checks="The design's stack, after the SAM transform expands it, holds more than 500 resources.",
    fix=None,
    source="AWS CloudFormation quotas (500 resources per stack); cfn-lint E3010",
    check=check,
)
