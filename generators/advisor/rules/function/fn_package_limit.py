"""FN-15: a package over the zip limits."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.finding import Finding
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Function

UNZIPPED_LIMIT_MB = 250


def check(graph: Graph) -> Iterator[Finding]:
    for fn in graph.of(Function):
        size = fn.workload.package_size_mb if fn.workload else None
        if size is not None and size > UNZIPPED_LIMIT_MB:
            yield RULE.finding(
                graph, component=fn.name,
                message=f"{fn.name!r} needs {size} MB of code and dependencies; a zip package (function + layers) "
                        "is limited to 250 MB unzipped.",
                hint="Ship it as a container image (up to 10 GB) built from the AWS Lambda base images, or move "
                     "large assets (models) to S3.",
            )


RULE = Rule(
    id="FN-15", title="Package over the zip limit", severity="error", area="function",
    checks="A function's declared package size exceeds 250 MB unzipped.",
    fix=None,
    source="000 SKILL §Lambda Limits (L81); 002 §ZIP vs Container Images (L101)",
    check=check,
)
