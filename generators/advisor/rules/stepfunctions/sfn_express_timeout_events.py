"""SFN-12: an Express workflow whose timeout nobody will hear about."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.finding import Finding
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import StateMachine


def check(graph: Graph) -> Iterator[Finding]:
    for sm in graph.of(StateMachine):
        if sm.workflow_type == "EXPRESS" and sm.timeout_s is not None:
            yield RULE.finding(
                graph, component=sm.name,
                message=f"Express workflow {sm.name!r} sets a {sm.timeout_s} s timeout, but Express executions do "
                        "not publish TIMED_OUT events to EventBridge: nothing reacts when it fires.",
                hint="Run it from a Standard parent workflow that handles the child's timeout, or alarm on the "
                     "ExecutionsTimedOut metric.",
            )


RULE = Rule(
    id="SFN-12", title="Express timeout without handling", severity="info", area="stepfunctions",
    checks="An EXPRESS state machine sets an execution timeout (the design has no Standard parent).",
    fix=None,
    source="000 step-functions §Timeout Handling (L1349)",
    check=check,
)
