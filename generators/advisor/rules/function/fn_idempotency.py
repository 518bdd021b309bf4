"""FN-29: at-least-once delivery into non-idempotent side effects."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import add_idempotency_table
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Design, Function


def check(graph: Graph) -> Iterator[Finding]:
    for fn in graph.of(Function):
        if fn.workload is None or not fn.workload.non_idempotent_side_effects:
            continue
        at_least_once = graph.ins(fn.name, "triggers") + graph.async_sources(fn)
        if not at_least_once or graph.idempotency_tables(fn):
            continue

        def change(d: Design, name: str = fn.name) -> None:
            add_idempotency_table(d, name)

        yield RULE.finding(
            graph, component=fn.name, fix=Fix(f"Add a Powertools idempotency table for {fn.name!r}", change),
            message=f"{fn.name!r} has side effects that must not run twice, but its events are delivered at least "
                    "once: a duplicate delivery repeats them.",
            hint="Make the handler idempotent with Powertools Idempotency backed by a DynamoDB table.",
        )


RULE = Rule(
    id="FN-29", title="Non-idempotent side effects without idempotency", severity="warning", area="function",
    checks="A function declared with non-idempotent side effects is triggered by an at-least-once source and "
           "writes to no idempotency table.",
    fix="Add (or reuse) an idempotency table and connect the function to it.",
    source="000 SKILL §Idempotency (L75); 000 event-sources §Overview (L444); 002 Interview Q (L733)",
    check=check,
)
