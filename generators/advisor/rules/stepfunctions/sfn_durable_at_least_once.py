"""SFN-21: a durable function with side effects that must not run twice: steps run at least once."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.finding import Finding
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Function


def check(graph: Graph) -> Iterator[Finding]:
    for fn in graph.of(Function):
        if fn.durable is None or not (fn.workload and fn.workload.non_idempotent_side_effects):
            continue
        if graph.idempotency_tables(fn):
            continue
        yield RULE.finding(
            graph, component=fn.name,
            message=f"The durable function {fn.name!r} has side effects that must not run twice, but durable "
                    "executions are at-least-once: a step interrupted before its checkpoint runs again on replay.",
            hint="Make those steps idempotent (Powertools Idempotency, conditional writes, idempotency keys), or use "
                 "the step-functions engine with a Standard workflow (exactly-once).",
        )


RULE = Rule(
    id="SFN-21", title="Durable function with non-idempotent side effects", severity="warning",
    area="stepfunctions",
    checks="A durable function declares non-idempotent side effects and has no idempotency table.",
    fix=None,
    source="000 orchestration §Durable functions vs Step Functions (L1121); 000 step-functions §Standard vs Express "
           "(L1142)",
    check=check,
)
