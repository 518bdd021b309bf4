"""SFN-01: a Lambda task without Retry on transient Lambda errors."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.advisor.rules.stepfunctions._steps import draft_step, step_path, steps_of
from generators.model import Design, TaskStep


def check(graph: Graph) -> Iterator[Finding]:
    for sm, j, step in steps_of(graph, TaskStep):
        if step.retry and step.retry_max_attempts > 0:
            continue

        def change(d: Design, machine: str = sm.name, index: int = j) -> None:
            s = draft_step(d, machine, index, TaskStep)
            s.retry = True
            s.retry_max_attempts = max(s.retry_max_attempts, 3)

        yield RULE.finding(
            graph, component=sm.name, path=step_path(graph, sm, j),
            fix=Fix(f"Retry step {step.name!r} on transient Lambda errors (3 attempts, backoff 2)", change),
            message=f"Task {step.name!r} of {sm.name!r} invokes {step.function!r} without retrying "
                    "Lambda.ServiceException, Lambda.AWSLambdaException and Lambda.TooManyRequestsException: a "
                    "transient error fails the whole execution.",
            hint="Retry {IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2} on the transient Lambda errors.",
        )


RULE = Rule(
    id="SFN-01", title="Lambda task without Retry", severity="warning", area="stepfunctions",
    checks="A task step has retry off (or 0 attempts).",
    fix="retry = true, retry_max_attempts ≥ 3.",
    source="000 step-functions §Best Practices (L1363), §ASL (L1193); 000 SKILL §Troubleshooting Quick "
           "Reference (L100)",
    check=check,
)
