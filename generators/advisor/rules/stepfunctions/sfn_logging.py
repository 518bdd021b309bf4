"""SFN-14: workflow logging off, or logging everything in production."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import component
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Design, StateMachine


def check(graph: Graph) -> Iterator[Finding]:
    prod = graph.has_environment("prod")
    for sm in graph.of(StateMachine):
        if sm.log_level == "OFF":
            problem = "logging is off: failed executions leave no trace" + (
                " (and Express executions have no other history)" if sm.workflow_type == "EXPRESS" else "")
        elif sm.log_level == "ALL" and prod:
            problem = "it logs ALL events, also in production, which costs more than it helps"
        else:
            continue

        def change(d: Design, name: str = sm.name) -> None:
            component(d, name, StateMachine).log_level = "ERROR"

        yield RULE.finding(
            graph, component=sm.name, path=f"{graph.path(sm.name)}.log_level",
            fix=Fix(f"Log {sm.name!r} at ERROR", change),
            message=f"For {sm.name!r}, {problem}.",
            hint="Log at ERROR in production and ALL only while debugging (IncludeExecutionData to see input and "
                 "output).",
        )


RULE = Rule(
    id="SFN-14", title="Workflow logging off or ALL in production", severity="info", area="stepfunctions",
    checks="A state machine's log level is OFF, or ALL while the project has a prod environment.",
    fix="log_level = ERROR.",
    source="000 step-functions §SAM Template (L1164), §Best Practices (L1363)",
    check=check,
)
