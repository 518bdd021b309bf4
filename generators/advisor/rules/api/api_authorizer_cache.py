"""API-05: a Lambda authorizer without result caching."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import component
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Design, RestApi

TTL = 300


def check(graph: Graph) -> Iterator[Finding]:
    for api in graph.of(RestApi):
        if api.auth != "lambda" or api.authorizer_ttl_s != 0:
            continue

        def change(d: Design, name: str = api.name) -> None:
            component(d, name, RestApi).authorizer_ttl_s = TTL

        yield RULE.finding(
            graph, component=api.name, path=f"{graph.path(api.name)}.authorizer_ttl_s",
            fix=Fix(f"Cache authorizer results of {api.name!r} for {TTL} s", change),
            message=f"The Lambda authorizer of {api.name!r} does not cache its results: every request pays an "
                    "extra invocation and its latency.",
            hint="Set ReauthorizeEvery (authorizer_ttl_s) to 300 s.",
        )


RULE = Rule(
    id="API-05", title="Lambda authorizer without caching", severity="warning", area="api",
    checks="A REST API with a Lambda authorizer has authorizer_ttl_s = 0.",
    fix="authorizer_ttl_s = 300.",
    source="000 §Lambda Authorizer (L394), §Auth Best Practices (L430)",
    check=check,
)
