"""Table-stream and Kinesis → function triggers, shared by the stream rules."""

from __future__ import annotations

from generators.advisor.graph import STREAM_SOURCES, Graph
from generators.model import Function, Triggers


def stream_triggers(graph: Graph) -> list[tuple[int, Triggers, Function]]:
    found: list[tuple[int, Triggers, Function]] = []
    for fn in graph.of(Function):
        for i, conn in graph.polled_triggers(fn, STREAM_SOURCES):
            if isinstance(conn, Triggers):
                found.append((i, conn, fn))
    return sorted(found, key=lambda item: item[0])
