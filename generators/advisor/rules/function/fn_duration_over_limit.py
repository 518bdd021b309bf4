"""FN-03: work that cannot fit in Lambda's 15 minutes."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.finding import Finding
from generators.advisor.graph import Graph
from generators.advisor.helpers import expected_duration
from generators.advisor.rule import Rule
from generators.model import Function


def check(graph: Graph) -> Iterator[Finding]:
    for fn in graph.of(Function):
        expected = expected_duration(fn)
        if expected is not None and expected > 900:
            yield RULE.finding(
                graph, component=fn.name,
                message=f"{fn.name!r} is expected to run {expected:g} s; Lambda's maximum timeout is 900 s "
                        "(15 minutes).",
                hint="Split the work into checkpointed chunks, or run it as a Step Functions workflow, a durable "
                     "function, Fargate or Batch.",
            )


RULE = Rule(
    id="FN-03", title="Expected duration over 15 minutes", severity="error", area="function",
    checks="A function's declared expected duration exceeds 900 s.",
    fix=None,
    source="000 SKILL §Lambda Limits (L81); 002 §Red Flags (L996); 001 (L503)",
    check=check,
)
