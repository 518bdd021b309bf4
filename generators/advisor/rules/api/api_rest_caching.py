"""API-14: a read-heavy REST API without caching."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.finding import Finding
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import RestApi, Routes


def check(graph: Graph) -> Iterator[Finding]:
    for api in graph.of(RestApi):
        routes = [c for _, c in graph.outs(api.name, "routes") if isinstance(c, Routes)]
        reads = [r for r in routes if r.method == "GET"]
        if routes and len(reads) * 2 > len(routes):
            yield RULE.finding(
                graph, component=api.name,
                message=f"{api.name!r} is mostly GET routes ({len(reads)} of {len(routes)}) and has no stage "
                        "cache: every read invokes Lambda.",
                hint="Turn on API caching for read-heavy GETs (from 0.5 GB), or use an HTTP API and cache in "
                     "CloudFront.",
            )


RULE = Rule(
    id="API-14", title="Read-heavy REST API without caching", severity="info", area="api",
    checks="More than half of a REST API's routes are GET (the design has no stage cache).",
    fix=None,
    source="000 optimization §API Gateway Optimization (L2095)",
    check=check,
)
