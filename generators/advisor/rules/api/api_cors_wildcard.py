"""API-01: CORS open to every origin."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Design, FunctionUrl, HttpApi, RestApi


def check(graph: Graph) -> Iterator[Finding]:
    if not graph.has_environment("prod"):
        return
    apis: list[HttpApi | RestApi | FunctionUrl] = [*graph.of(HttpApi), *graph.of(RestApi), *graph.of(FunctionUrl)]
    for api in apis:
        if "*" not in api.cors_allow_origins:
            continue
        others = [o for o in api.cors_allow_origins if o != "*"]
        fix = None
        if others:
            def change(d: Design, name: str = api.name, keep: tuple[str, ...] = tuple(others)) -> None:
                target = d.component(name)
                if isinstance(target, HttpApi | RestApi | FunctionUrl):
                    target.cors_allow_origins = list(keep)

            fix = Fix(f"Allow only {', '.join(others)} on {api.name!r}", change)
        yield RULE.finding(
            graph, component=api.name, path=f"{graph.path(api.name)}.cors_allow_origins", fix=fix,
            message=f"{api.name!r} allows CORS requests from any origin ('*') and is deployed to production.",
            hint="List your frontend's origin(s), e.g. https://app.example.com, instead of '*'.",
        )


RULE = Rule(
    id="API-01", title="CORS allows every origin", severity="warning", area="api",
    checks="An API or function URL lists '*' in its CORS origins and the project has a prod environment.",
    fix="Drop '*' when explicit origins are listed too (otherwise name your frontend's origin).",
    source="000 web-app-deployment §CORS (L290); 000 troubleshooting §CORS Errors (L2439); seed catalog "
           "conflict C10",
    check=check,
)
