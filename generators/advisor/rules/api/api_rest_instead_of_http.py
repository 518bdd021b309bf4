"""API-02: a REST API where an HTTP API would do (a cost lever)."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor import savings
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Design, HttpApi, RestApi


def check(graph: Graph) -> Iterator[Finding]:
    for api in graph.of(RestApi):
        def change(d: Design, name: str = api.name) -> None:
            old = d.component(name)
            assert isinstance(old, RestApi)
            index = d.components.index(old)
            d.components[index] = HttpApi(
                name=old.name, description=old.description, cors_allow_origins=old.cors_allow_origins,
                auth=old.auth, throttling_rate_limit=old.throttling_rate_limit,
                throttling_burst_limit=old.throttling_burst_limit,
            )

        saving = savings.http_api(graph, api.name)
        yield RULE.finding(
            graph, component=api.name, fix=Fix(f"Make {api.name!r} an HTTP API", change), saving_usd_month=saving,
            message=f"{api.name!r} is a REST API but uses no REST-only feature (WAF, caching, usage plans, request "
                    f"validation, private endpoint); an HTTP API is 60-70 % cheaper (≈ ${saving:,.2f}/month at "
                    "the assumed traffic) with lower latency.",
            hint="Use an HTTP API unless you need a REST-only feature.",
        )


RULE = Rule(
    id="API-02", title="REST API where an HTTP API fits", severity="info", area="api",
    checks="A REST API is used; the design holds none of the REST-only features (WAF, caching, usage plans, "
           "request validation, private endpoint, streaming).",
    fix="Convert it to an HTTP API (same routes, auth, CORS and throttling).",
    source="000 §API Endpoint Options (L260); 000 optimization §API Gateway Optimization (L2095); 002 (L148); "
           "seed catalog conflict C5",
    check=check,
)
