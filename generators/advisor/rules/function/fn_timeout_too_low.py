"""FN-01: a timeout too short for what the function does."""

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
        calls_out = bool(graph.effects(fn) or graph.outs(fn.name, "reads"))
        if expected is not None and fn.timeout_s < expected * 1.2:
            reason = f"leaves no buffer over its declared {expected:g} s duration"
        elif fn.timeout_s <= 3 and calls_out:
            reason = "is too short for a function that calls other services (3 s is Lambda's default)"
        else:
            continue
        target = suggested_timeout(fn)
        fix = None
        if target > fn.timeout_s:
            def change(d: Design, name: str = fn.name, value: int = target) -> None:
                component(d, name, Function).timeout_s = value

            fix = Fix(f"Set the timeout of {fn.name!r} to {target} s", change)
        yield RULE.finding(
            graph, component=fn.name, fix=fix,
            message=f"{fn.name!r} has a {fn.timeout_s} s timeout, which {reason}; a timed-out invocation fails "
                    "(and may be retried) although nothing else was wrong.",
            hint="Set the timeout to the expected duration plus a buffer (30 s when unsure).",
        )


RULE = Rule(
    id="FN-01", title="Timeout too low", severity="warning", area="function",
    checks="A function's timeout is ≤ 3 s while it calls other services, or below 1.2× its declared "
           "expected duration.",
    fix="Timeout = expected duration + buffer (30 s when unknown).",
    source="001 check «Very low timeout» (L753); 001 sharp edge timeouts (L503)",
    check=check,
)
