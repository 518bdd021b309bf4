"""FN-25: an async-invoked function throttled to zero."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import component
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Design, Function


def check(graph: Graph) -> Iterator[Finding]:
    for fn in graph.of(Function):
        if fn.reserved_concurrency != 0 or not graph.async_sources(fn):
            continue

        def change(d: Design, name: str = fn.name) -> None:
            component(d, name, Function).reserved_concurrency = None

        yield RULE.finding(
            graph, component=fn.name, fix=Fix(f"Remove the reserved concurrency of 0 from {fn.name!r}", change),
            message=f"{fn.name!r} has reserved concurrency 0 but is invoked asynchronously: events are accepted, "
                    "throttled and retried for up to 6 hours, then dropped or sent to the DLQ.",
            hint="Remove the 0 (or pause the event source instead), and keep a DLQ.",
        )


RULE = Rule(
    id="FN-25", title="Async function with reserved concurrency 0", severity="warning", area="function",
    checks="A function invoked asynchronously has reserved concurrency 0.",
    fix="Remove the reserved concurrency.",
    source="000 troubleshooting §Async Invocations and Throttling (L2407)",
    check=check,
)
