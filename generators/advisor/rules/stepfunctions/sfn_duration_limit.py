"""SFN-18: a workflow expected to run longer than a year."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.finding import Finding
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import StateMachine

ONE_YEAR_S = 31536000


def check(graph: Graph) -> Iterator[Finding]:
    for sm in graph.of(StateMachine):
        expected = sm.workload.expected_duration_s if sm.workload else None
        if expected is not None and expected > ONE_YEAR_S:
            yield RULE.finding(
                graph, component=sm.name,
                message=f"{sm.name!r} is expected to run {expected / 86400:,.0f} days; Standard workflows (and "
                        "durable functions) run at most one year.",
                hint="Split the process into workflows that hand over state (e.g. one per period), started by a "
                     "schedule or an event.",
            )


RULE = Rule(
    id="SFN-18", title="Workflow longer than a year", severity="error", area="stepfunctions",
    checks="A state machine's declared expected duration exceeds one year.",
    fix=None,
    source="000 orchestration (L1121); 000 step-functions §Standard vs Express (L1142)",
    check=check,
)
