"""Queue → function triggers, shared by the SQS rules."""

from __future__ import annotations

from generators.advisor.graph import Graph
from generators.model import Function, Queue, Triggers

SQS_DEFAULT_BATCH = 10


def consumers(graph: Graph) -> list[tuple[int, Triggers, Queue, Function]]:
    """(connection index, trigger, queue, function) for every queue that triggers a function."""
    found: list[tuple[int, Triggers, Queue, Function]] = []
    for queue in graph.of(Queue):
        for i, conn in graph.outs(queue.name, "triggers"):
            fn = graph.get(conn.target, Function)
            if fn is not None and isinstance(conn, Triggers):
                found.append((i, conn, queue, fn))
    return found


def batch_size(trigger: Triggers) -> int:
    return trigger.batch_size or SQS_DEFAULT_BATCH
