"""SFN-09: an Express workflow that may run past 5 minutes."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.finding import Finding
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.advisor.rules.stepfunctions.sfn_express_callback import make_standard
from generators.model import ChoiceStep, StateMachine

EXPRESS_MAX_S = 300


def check(graph: Graph) -> Iterator[Finding]:
    for sm in graph.of(StateMachine):
        if sm.workflow_type != "EXPRESS":
            continue
        reasons = []
        if sm.timeout_s is not None and sm.timeout_s > EXPRESS_MAX_S:
            reasons.append(f"a {sm.timeout_s} s execution timeout")
        expected = sm.workload.expected_duration_s if sm.workload else None
        if expected is not None and expected > EXPRESS_MAX_S:
            reasons.append(f"an expected duration of {expected:g} s")
        long_steps = [s.name for s in sm.steps if not isinstance(s, ChoiceStep) and s.timeout_s > EXPRESS_MAX_S]
        if long_steps:
            reasons.append(f"step(s) allowed more than 300 s ({', '.join(long_steps)})")
        if reasons:
            yield RULE.finding(
                graph, component=sm.name, fix=make_standard(sm.name),
                message=f"Express workflow {sm.name!r} has {'; '.join(reasons)}, but Express executions stop "
                        "after 5 minutes.",
                hint="Use a Standard workflow for anything that can run longer than 5 minutes.",
            )


RULE = Rule(
    id="SFN-09", title="Express workflow longer than 5 minutes", severity="error", area="stepfunctions",
    checks="An EXPRESS state machine has an execution timeout, an expected duration or a step timeout over 300 s.",
    fix="workflow_type = STANDARD.",
    source="000 step-functions §Standard vs Express (L1142); 002 (L678)",
    check=check,
)
