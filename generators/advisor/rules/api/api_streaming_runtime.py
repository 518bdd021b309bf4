"""API-20: response streaming on a runtime that cannot stream."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import component
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Design, FunctionUrl


def check(graph: Graph) -> Iterator[Finding]:
    if graph.design.project.language == "typescript":
        return
    for url in graph.of(FunctionUrl):
        if url.invoke_mode != "RESPONSE_STREAM":
            continue

        def change(d: Design, name: str = url.name) -> None:
            component(d, name, FunctionUrl).invoke_mode = "BUFFERED"

        yield RULE.finding(
            graph, component=url.name, path=f"{graph.path(url.name)}.invoke_mode",
            fix=Fix(f"Use the BUFFERED invoke mode on {url.name!r}", change),
            message=f"{url.name!r} streams responses (RESPONSE_STREAM) but the project's handlers are Python; "
                    "the managed Python runtime cannot stream (streamifyResponse is Node.js-only).",
            hint="Use TypeScript for streaming handlers, run Python behind the Lambda Web Adapter, or buffer.",
        )


RULE = Rule(
    id="API-20", title="Streaming on a non-Node.js runtime", severity="error", area="api",
    checks="A function URL uses RESPONSE_STREAM in a Python project.",
    fix="invoke_mode = BUFFERED.",
    source="000 optimization §Lambda Side — streamifyResponse (L2108)",
    check=check,
)
