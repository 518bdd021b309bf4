"""SFN-11: a Standard workflow started at high frequency (a cost lever, and a throughput limit)."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import component
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.advisor.rules.stepfunctions._steps import uses_callback_or_sync
from generators.cost.estimate import estimate
from generators.model import ChoiceStep, Design, StateMachine

STANDARD_MAX_RATE = 2000
HIGH_RATE = 100
EXPRESS_MAX_S = 300


def _fits_express(sm: StateMachine) -> bool:
    expected = sm.workload.expected_duration_s if sm.workload else None
    return (not uses_callback_or_sync(sm) and (expected is None or expected <= EXPRESS_MAX_S)
            and all(isinstance(s, ChoiceStep) or s.timeout_s <= EXPRESS_MAX_S for s in sm.steps))


def check(graph: Graph) -> Iterator[Finding]:
    for sm in graph.of(StateMachine):
        rate = sm.workload.starts_per_second if sm.workload else None
        if sm.workflow_type != "STANDARD" or rate is None:
            continue
        over_limit = rate > STANDARD_MAX_RATE
        if not over_limit and not (rate >= HIGH_RATE and _fits_express(sm)):
            continue
        fix = None
        saving = None
        if _fits_express(sm):
            def change(d: Design, name: str = sm.name) -> None:
                component(d, name, StateMachine).workflow_type = "EXPRESS"

            fix = Fix(f"Make {sm.name!r} an Express workflow", change)
            after = estimate(fix.apply(graph.design), graph.traffic).component(sm.name)
            before = graph.estimate.component(sm.name)
            if after is not None and before is not None:
                saving = before.usd - after.usd
        reason = ("above the 2,000 executions/s a Standard workflow can start" if over_limit
                  else "a high-frequency short flow billed per state transition ($0.025 per 1,000)")
        yield RULE.finding(
            graph, component=sm.name, fix=fix, saving_usd_month=saving,
            message=f"Standard workflow {sm.name!r} is expected to start {rate:g} times a second: {reason}"
                    + (f"; Express would cost ≈ ${saving:,.2f}/month less at the assumed traffic." if saving
                       else "."),
            hint="Use Express for high-frequency flows under 5 minutes (make the steps idempotent: Express is "
                 "at-least-once).",
        )


RULE = Rule(
    id="SFN-11", title="Standard workflow at high frequency", severity="warning", area="stepfunctions",
    checks="A STANDARD state machine declares more than 2,000 starts/s, or ≥ 100 starts/s while it could run as "
           "Express (no callbacks, nothing over 5 minutes).",
    fix="workflow_type = EXPRESS (when it fits Express).",
    source="000 step-functions §Standard vs Express (L1142); 002 §Red Flags (L996)",
    check=check,
)
