"""API-15: no request validation at the gateway."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.finding import Finding
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import RestApi


def check(graph: Graph) -> Iterator[Finding]:
    for api in graph.of(RestApi):
        writes = [c for _, c in graph.outs(api.name, "routes") if getattr(c, "method", "") != "GET"]
        if writes:
            yield RULE.finding(
                graph, component=api.name,
                message=f"{api.name!r} accepts request bodies ({len(writes)} non-GET routes) without a gateway "
                        "request validator: malformed requests still invoke (and bill) Lambda.",
                hint="Add a request validator and JSON schema models to the REST API, or validate in the "
                     "handler with Powertools Parser.",
            )


RULE = Rule(
    id="API-15", title="No gateway request validation", severity="info", area="api",
    checks="A REST API has routes that take a body (non-GET) and no request validator (the design has none).",
    fix=None,
    source="000 optimization §API Gateway Optimization (L2095)",
    check=check,
)
