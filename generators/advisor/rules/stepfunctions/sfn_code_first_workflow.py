"""SFN-20: a state machine of Lambda tasks that waits for a human: business logic that could stay in code."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.finding import Finding
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import SdkStep, StateMachine, TaskStep


def check(graph: Graph) -> Iterator[Finding]:
    for sm in graph.of(StateMachine):
        tasks = [s for s in sm.steps if isinstance(s, TaskStep)]
        waits = [s.name for s in tasks if s.integration == "wait_for_callback"]
        code = [s for s in tasks if s.integration == "request_response"]
        sdk = [s for s in sm.steps if isinstance(s, SdkStep)]
        if sm.workflow_type != "STANDARD" or not waits or len(code) < 2 or len(code) < len(sdk):
            continue
        yield RULE.finding(
            graph, component=sm.name,
            message=f"Workflow {sm.name!r} is mostly your own Lambda code ({len(code)} function steps) with a long "
                    f"wait for a callback ({', '.join(waits)}): business logic split across a state machine and "
                    "one function per step.",
            hint="Consider a Lambda durable function (workflow engine durable-function): the same steps as code in "
                 "one function, checkpointed, waiting for the callback without compute charges.",
        )


RULE = Rule(
    id="SFN-20", title="Code-first workflow with a long wait", severity="info", area="stepfunctions",
    checks="A STANDARD state machine waits for a callback and has at least two Lambda task steps, no fewer than "
           "its SDK integration steps.",
    fix=None,
    source="000 orchestration §Durable functions vs Step Functions (L1121); 000 getting-started §Multi-Step "
           "Workflow or AI Pipeline (L215)",
    check=check,
)
