"""API-10: file uploads sent through API Gateway and Lambda."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.finding import Finding
from generators.advisor.graph import Graph
from generators.advisor.helpers import MIB, mb
from generators.advisor.rule import Rule
from generators.model import Function, Routes


def check(graph: Graph) -> Iterator[Finding]:
    for fn in graph.of(Function):
        size = fn.workload.payload_bytes if fn.workload else None
        if size is None or size < MIB:
            continue
        uploads = [c for _, c in graph.ins(fn.name, "routes") if isinstance(c, Routes)
                   and c.method in ("POST", "PUT", "PATCH", "ANY")]
        buckets = [c.target for _, c in graph.outs(fn.name, "writes") if graph.kind(c.target) == "bucket"]
        if uploads and buckets:
            yield RULE.finding(
                graph, component=fn.name,
                message=f"{fn.name!r} receives bodies of {mb(size)} through the API and stores them in "
                        f"{', '.join(sorted(buckets))}: Lambda pays for moving every byte and the 6 MB limit caps "
                        "the file size.",
                hint="Return a presigned S3 upload URL instead and let clients upload straight to the bucket.",
            )


RULE = Rule(
    id="API-10", title="Uploads through Lambda", severity="warning", area="api",
    checks="A function routed with POST/PUT/PATCH/ANY writes to a bucket and declares payloads of 1 MB or more.",
    fix=None,
    source="001 sharp edge «Returning large responses» (L645); 002 Interview Q «100,000 file uploads» (L762)",
    check=check,
)
