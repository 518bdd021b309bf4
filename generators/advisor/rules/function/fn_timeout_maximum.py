"""FN-02: the 900 s maximum timeout on a function that runs for far less."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import component
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.helpers import expected_duration, suggested_timeout
from generators.advisor.rule import Rule
from generators.model import Design, Function


def check(graph: Graph) -> Iterator[Finding]:
    for fn in graph.of(Function):
        expected = expected_duration(fn)
        if fn.timeout_s != 900 or expected is None or expected >= 300:
            continue
        target = suggested_timeout(fn)

        def change(d: Design, name: str = fn.name, value: int = target) -> None:
            component(d, name, Function).timeout_s = value

        yield RULE.finding(
            graph, component=fn.name, fix=Fix(f"Set the timeout of {fn.name!r} to {target} s", change),
            message=f"{fn.name!r} has the maximum 900 s timeout but is expected to run {expected:g} s: a hung "
                    "invocation is billed for 15 minutes before it fails.",
            hint="Timeout = the real maximum duration plus a buffer, not 900 s.",
        )


RULE = Rule(
    id="FN-02", title="Maximum timeout on a short function", severity="info", area="function",
    checks="Timeout is 900 s while the declared expected duration is under 300 s.",
    fix="Timeout = expected duration + buffer.",
    source="000 optimization §Key Cost Levers (L2089); 002 §Red Flags (L996)",
    check=check,
)
