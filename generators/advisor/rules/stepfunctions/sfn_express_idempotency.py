"""SFN-10: at-least-once Express executions with non-idempotent steps."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.finding import Finding
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.advisor.rules.stepfunctions.sfn_express_callback import make_standard
from generators.model import Function, StateMachine


def check(graph: Graph) -> Iterator[Finding]:
    for sm in graph.of(StateMachine):
        if sm.workflow_type != "EXPRESS":
            continue
        risky = [c.target for _, c in graph.outs(sm.name, "invokes")
                 if (fn := graph.get(c.target, Function)) is not None and fn.workload is not None
                 and fn.workload.non_idempotent_side_effects and not graph.idempotency_tables(fn)]
        declared = sm.workload is not None and bool(sm.workload.non_idempotent_side_effects)
        if not risky and not declared:
            continue
        what = f"step function(s) {', '.join(sorted(risky))}" if risky else "its steps"
        yield RULE.finding(
            graph, component=sm.name, fix=make_standard(sm.name),
            message=f"Express workflow {sm.name!r} runs at least once per start (asynchronous starts may repeat), "
                    f"but {what} have side effects that must not run twice.",
            hint="Use a Standard workflow (exactly-once), or make those steps idempotent (Powertools Idempotency).",
        )


RULE = Rule(
    id="SFN-10", title="Express workflow with non-idempotent steps", severity="warning", area="stepfunctions",
    checks="An EXPRESS state machine declares non-idempotent side effects, or invokes a function that does and "
           "has no idempotency table.",
    fix="workflow_type = STANDARD.",
    source="000 step-functions §Standard vs Express (L1142), §Best Practices (L1363); seed catalog conflict C9",
    check=check,
)
