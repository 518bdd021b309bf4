"""The hand-made parts of the kind proofs: components and connections that show what a kind does beyond its bare
catalog pairs (a pipe with a filter, batching and an enrichment function; secrets read by an API handler and a
queue consumer). The kind tests look at them rendered; the connection matrix batches them into its designs, so
the real tools run over them once, in the same projects as every catalog pair."""

from __future__ import annotations

from typing import Any

from generators.catalog import triples
from tests.engine.pairs import pair_parts

Parts = tuple[list[dict[str, Any]], list[dict[str, Any]]]


def pipe_parts() -> Parts:
    components: list[dict[str, Any]] = [
        {"kind": "queue", "name": "orders"},
        {"kind": "pipe", "name": "orders-pipe", "batch_size": 20, "batching_window_s": 5,
         "filter_patterns": [{"body": {"status": ["paid"]}}]},
        {"kind": "function", "name": "fulfil"},
        {"kind": "function", "name": "enrich"},
        {"kind": "table", "name": "audit", "stream": "NEW_AND_OLD_IMAGES"},
        {"kind": "pipe", "name": "audit-pipe", "starting_position": "LATEST"},
        {"kind": "state_machine", "name": "flow"},
        {"kind": "stream", "name": "clicks"},
        {"kind": "pipe", "name": "clicks-pipe"},
        {"kind": "topic", "name": "alerts"},
    ]
    connections: list[dict[str, Any]] = [
        {"kind": "pipes", "source": "orders", "target": "orders-pipe"},
        {"kind": "pipes", "source": "orders-pipe", "target": "fulfil"},
        {"kind": "invokes", "source": "orders-pipe", "target": "enrich"},
        {"kind": "pipes", "source": "audit", "target": "audit-pipe"},
        {"kind": "pipes", "source": "audit-pipe", "target": "flow"},
        {"kind": "pipes", "source": "clicks", "target": "clicks-pipe"},
        {"kind": "pipes", "source": "clicks-pipe", "target": "alerts"},
    ]
    return components, connections


def secret_parts() -> Parts:
    components: list[dict[str, Any]] = [
        {"kind": "secret", "name": "api-key"},
        {"kind": "secret", "name": "db-password", "password_length": 64, "exclude_punctuation": False},
        {"kind": "function", "name": "worker"},
        {"kind": "http_api", "name": "front"},
        {"kind": "function", "name": "api-fn"},
        {"kind": "queue", "name": "jobs"},
        {"kind": "function", "name": "consumer"},
    ]
    connections: list[dict[str, Any]] = [
        {"kind": "reads", "source": "worker", "target": "api-key"},
        {"kind": "routes", "source": "front", "target": "api-fn", "method": "POST", "path": "/orders"},
        {"kind": "reads", "source": "api-fn", "target": "api-key"},
        {"kind": "reads", "source": "api-fn", "target": "db-password"},
        {"kind": "triggers", "source": "jobs", "target": "consumer"},
        {"kind": "reads", "source": "consumer", "target": "db-password"},
    ]
    return components, connections


def with_kind_pairs(parts: Parts, kind: str) -> Parts:
    """The parts plus every catalog pair that has `kind` at one end (what a kind test renders on its own)."""
    components, connections = list(parts[0]), list(parts[1])
    for index, (connection, source, target) in enumerate(t for t in triples() if kind in t[1:]):
        pair = pair_parts(connection, source, target, f"p{index}")
        components += pair[0]
        connections += pair[1]
    return components, connections
