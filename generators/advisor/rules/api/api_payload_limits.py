"""API-09: payloads over the synchronous (6 MB) or asynchronous (1 MB) invocation limits."""

from __future__ import annotations

from collections.abc import Iterator

from generators.advisor.edits import component, unique_name
from generators.advisor.finding import Finding, Fix
from generators.advisor.graph import Graph
from generators.advisor.helpers import ASYNC_PAYLOAD_LIMIT, STREAMED_RESPONSE_LIMIT, SYNC_PAYLOAD_LIMIT, mb
from generators.advisor.rule import Rule
from generators.model import Bucket, Design, Function, FunctionUrl, Invokes, Workload, Writes


def presigned_responses(fn_name: str) -> Fix:
    """Large bodies move to S3: the function writes them to a bucket and returns a presigned URL."""

    def change(d: Design) -> None:
        fn = component(d, fn_name, Function)
        bucket = unique_name(d, f"{fn_name}-responses")
        d.components.append(Bucket(name=bucket, description=f"Large bodies of {fn_name}, served by presigned URL"))
        d.connections.append(Writes(source=fn_name, target=bucket))
        facts = fn.workload.model_dump() if fn.workload else {}
        facts["object_bytes"] = max(facts.get("object_bytes") or 0, facts.get("payload_bytes") or 0)
        facts["payload_bytes"] = None  # the invocation now carries a URL, not the body
        fn.workload = Workload(**facts)

    return Fix(f"Store large bodies of {fn_name!r} in a new bucket and return presigned URLs", change)


def _sync_limit(graph: Graph, fn: Function) -> int | None:
    """The tightest payload limit on the synchronous paths into `fn` (None when nothing waits for it)."""
    limits: list[int] = []
    for _, conn in graph.ins(fn.name, "routes"):
        url = graph.get(conn.source, FunctionUrl)
        streamed = url is not None and url.invoke_mode == "RESPONSE_STREAM"
        limits.append(STREAMED_RESPONSE_LIMIT if streamed else SYNC_PAYLOAD_LIMIT)
    for _, conn in graph.ins(fn.name, "invokes"):
        if isinstance(conn, Invokes) and conn.invocation == "sync" and graph.kind(conn.source) == "function":
            limits.append(SYNC_PAYLOAD_LIMIT)
    return min(limits) if limits else None


def _async_event_paths(graph: Graph, fn: Function) -> bool:
    """Asynchronous paths whose event carries the payload (S3 and schedule events only carry metadata)."""
    return any(graph.kind(c.source) in ("topic", "event_bus", "function") for _, c in graph.async_sources(fn))


def check(graph: Graph) -> Iterator[Finding]:
    for fn in graph.of(Function):
        size = fn.workload.payload_bytes if fn.workload else None
        if size is None:
            continue
        limit = _sync_limit(graph, fn)
        if limit is not None and size > limit:
            yield RULE.finding(
                graph, component=fn.name, fix=presigned_responses(fn.name),
                message=f"{fn.name!r} handles payloads of {mb(size)} on a synchronous path limited to "
                        f"{mb(limit)}: callers get 413 or a malformed response.",
                hint="Return an S3 presigned URL for large responses, or stream the response (up to 200 MB) "
                     "through a function URL.",
            )
        elif size > ASYNC_PAYLOAD_LIMIT and _async_event_paths(graph, fn):
            yield RULE.finding(
                graph, component=fn.name,
                message=f"{fn.name!r} receives events of {mb(size)} asynchronously; an asynchronous invocation "
                        "carries at most 1 MB.",
                hint="Put the payload in S3 and send its key (claim-check pattern).",
            )


RULE = Rule(
    id="API-09", title="Payload over the invocation limit", severity="error", area="api",
    checks="A function's declared payload exceeds 6 MB on a synchronous path (200 MB for a streamed function "
           "URL) or 1 MB on an asynchronous event path (SNS, EventBridge, async invoke).",
    fix="Synchronous path: write large bodies to a new bucket and return a presigned URL (the declared payload "
        "becomes an object size).",
    source="000 SKILL §Lambda Limits (L81); 000 §Lambda Function URLs (L267); 001 sharp edge «Returning large "
           "responses» (L645)",
    check=check,
)
