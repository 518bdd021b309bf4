"""API-08: work behind API Gateway that can outlast its 29 s integration timeout."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import component
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.helpers import API_GATEWAY_TIMEOUT_S, expected_duration
from generators.advisor.rule import Rule
from generators.model import Design, Function


def check(graph: Graph) -> Iterator[Finding]:
    for fn in graph.of(Function):
        routes = graph.routed_by_gateway(fn)
        if not routes:
            continue
        expected = expected_duration(fn)
        too_slow = expected is not None and expected > API_GATEWAY_TIMEOUT_S
        if fn.timeout_s <= API_GATEWAY_TIMEOUT_S and not too_slow:
            continue
        apis = ", ".join(sorted({c.source for _, c in routes}))
        fix = None
        if not too_slow:
            def change(d: Design, name: str = fn.name) -> None:
                component(d, name, Function).timeout_s = API_GATEWAY_TIMEOUT_S

            fix = Fix(f"Set the timeout of {fn.name!r} to {API_GATEWAY_TIMEOUT_S} s", change)
        what = f"is expected to run {expected:g} s" if too_slow else f"has a {fn.timeout_s} s timeout"
        yield RULE.finding(
            graph, component=fn.name, fix=fix,
            message=f"{fn.name!r} {what} behind API Gateway ({apis}), whose integration timeout is 29 s: callers "
                    "get a 504 while the function keeps running.",
            hint="Keep API handlers under 29 s; for longer work use a function URL or response streaming, or start "
                 "an asynchronous job and let the client poll or receive a callback.",
        )


RULE = Rule(
    id="API-08", title="Longer than the API Gateway timeout", severity="error", area="api",
    checks="A function routed from an HTTP or REST API has a timeout, or a declared expected duration, over 29 s.",
    fix="Timeout = 29 s (when the expected duration fits).",
    source="000 §Lambda Function URLs (L267); 000 optimization §Key Limits (L2172)",
    check=check,
)
