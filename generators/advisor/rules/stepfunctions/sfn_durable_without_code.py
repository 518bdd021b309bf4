"""SFN-19: a durable function whose workflow runs no code of its own: Step Functions calls those services itself."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.finding import Finding
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Function


def check(graph: Graph) -> Iterator[Finding]:
    for fn in graph.of(Function):
        if fn.durable is None:
            continue
        steps = [o for o in fn.durable.operations if o.type in ("step", "parallel")]
        if not steps or any(o.type == "parallel" or o.action == "code" for o in steps):
            continue
        yield RULE.finding(
            graph, component=fn.name,
            message=f"Every step of the durable function {fn.name!r} only calls an AWS service "
                    f"({', '.join(sorted({o.action for o in steps}))}): a function runs, and is billed, just to make "
                    "calls that Step Functions makes natively.",
            hint="Use the step-functions engine: its direct SDK integrations (9,000+ API actions) need no Lambda in "
                 "between, and its execution history is kept 90 days.",
        )


RULE = Rule(
    id="SFN-19", title="Durable function with no code of its own", severity="info", area="stepfunctions",
    checks="Every step of a durable function is a DynamoDB put, SNS publish or EventBridge put (no code steps).",
    fix=None,
    source="000 orchestration §Choosing an Orchestration Approach (L1110), §Durable functions vs Step Functions "
           "(L1121)",
    check=check,
)
