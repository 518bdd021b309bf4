"""API-06: a function URL open to the internet without authentication."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import component
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Design, FunctionUrl


def check(graph: Graph) -> Iterator[Finding]:
    for url in graph.of(FunctionUrl):
        if url.auth != "none":
            continue

        def change(d: Design, name: str = url.name) -> None:
            component(d, name, FunctionUrl).auth = "iam"

        yield RULE.finding(
            graph, component=url.name, path=f"{graph.path(url.name)}.auth",
            fix=Fix(f"Require IAM (SigV4) on {url.name!r}", change),
            message=f"Function URL {url.name!r} has AuthType NONE: anyone on the internet can invoke it.",
            hint="Use AWS_IAM with SigV4 for service callers; keep NONE only for public webhooks that check a "
                 "signature in code (then silence this rule with that reason).",
        )


RULE = Rule(
    id="API-06", title="Public function URL", severity="warning", area="api",
    checks="A function URL has auth 'none'.",
    fix="auth = iam.",
    source="000 §Lambda Function URLs (L267); 002 §Auth Types (L872)",
    check=check,
)
