"""Designs made of catalog pairs: two components with (nearly) only kind and name, and one connection.

`pair_parts` gives the components and connections of one (connection kind, source kind, target kind) triple under
a name prefix, adding only what the graph rules require (a table stream to trigger from, an event pattern for a
rule, a route to give an API a function, the API's auth mode for an authorizer). `batched_design` puts many
triples into one design so that one project proves them all.
"""

from __future__ import annotations

import json
from typing import Any

from generators.model import Design, load_design

EXTERNAL_FIELDS: dict[str, dict[str, Any]] = {
    "msk_cluster": {"cluster_arn": "arn:aws:kafka:us-east-1:123456789012:cluster/pairs/0a1b2c3d-1", "topic": "tp"},
    "kafka_cluster": {"bootstrap_servers": ["kafka.example.com:9096"], "topic": "tp"},
    "mq_broker": {"broker_arn": "arn:aws:mq:us-east-1:123456789012:broker:pairs:b-0a1b2c3d", "queue": "q"},
    "docdb_cluster": {"cluster_arn": "arn:aws:rds:us-east-1:123456789012:cluster:pairs", "database": "d"},
}


def pair_parts(kind: str, source: str, target: str, prefix: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    src, dst = f"{prefix}-s", f"{prefix}-t"
    components: list[dict[str, Any]] = [{"kind": source, "name": src}, {"kind": target, "name": dst}]
    connection: dict[str, Any] = {"kind": kind, "source": src, "target": dst}
    connections = [connection]
    if source == "table" and kind in ("triggers", "pipes"):
        components[0]["stream"] = "NEW_IMAGE"
    if source in EXTERNAL_FIELDS and kind == "triggers":  # where the source is and how the poller signs in
        components[0].update(EXTERNAL_FIELDS[source])
        if source != "msk_cluster":
            components.append({"kind": "secret", "name": f"{prefix}-c", "username": "consumer"})
            components[0]["secret"] = f"{prefix}-c"
    if source == "event_bus" and kind == "triggers":
        connection["event_pattern"] = {"source": [f"{prefix}.app"]}
    if kind == "authorizes":
        components[1]["auth"] = "jwt" if source == "user_pool" else "lambda"
    # a pipe reads exactly one source and delivers to exactly one target: add the side the pair lacks
    pipe = src if source == "pipe" else dst if target == "pipe" else None
    if pipe is not None and not (kind == "pipes" and source != "pipe"):
        components.append({"kind": "queue", "name": f"{prefix}-q"})
        connections.append({"kind": "pipes", "source": f"{prefix}-q", "target": pipe})
    if pipe is not None and not (kind == "pipes" and source == "pipe"):
        components.append({"kind": "function", "name": f"{prefix}-f"})
        connections.append({"kind": "pipes", "source": pipe, "target": f"{prefix}-f"})
    for role, component in (("source", components[0]), ("target", components[1])):
        if component["kind"] in ("http_api", "rest_api", "function_url") and kind != "routes":
            backend = f"{prefix}-b" if role == "target" else f"{prefix}-c"
            components.append({"kind": "function", "name": backend})
            connections.append({"kind": "routes", "source": component["name"], "target": backend})
    return components, connections


def batched_design(triples: list[tuple[str, str, str]], *, name: str, iac: str = "sam",
                   language: str = "python") -> Design:
    components: list[dict[str, Any]] = []
    connections: list[dict[str, Any]] = []
    for index, (kind, source, target) in enumerate(triples):
        parts = pair_parts(kind, source, target, f"p{index}")
        components += parts[0]
        connections += parts[1]
    return load_design(json.dumps({"project": {"name": name, "iac": iac, "language": language},
                                   "components": components, "connections": connections}))
