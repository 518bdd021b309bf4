"""A design that uses every connection kind of the catalog, composed from blank with edit operations: the
browser test builds it with the keyboard; the engine test proves it in all four targets."""

from __future__ import annotations

from typing import Any

from generators.editing import apply_edits
from generators.model import Design

COMPONENTS = [("http_api", "api"), ("user_pool", "pool"), ("function", "web"), ("queue", "jobs"),
              ("function", "worker"), ("table", "orders"), ("function", "helper"), ("state_machine", "flow"),
              ("stream", "clicks"), ("pipe", "relay"), ("distribution", "site")]
# (source, kind, target): every connection kind at least once
CONNECTIONS = [("api", "routes", "web"), ("pool", "authorizes", "api"), ("site", "serves", "api"),
               ("jobs", "triggers", "worker"),
               ("web", "publishes", "jobs"), ("web", "reads", "orders"), ("web", "writes", "orders"),
               ("web", "invokes", "helper"), ("web", "starts", "flow"), ("flow", "integrates", "orders"),
               ("clicks", "pipes", "relay"), ("relay", "pipes", "jobs")]


def edits(prefix: str = "") -> list[dict[str, Any]]:
    """The edits the compose page makes for it (an authorizer sets the API's auth; the advisor's API-08 fix keeps
    the routed function under API Gateway's 29 s). `prefix` renames every component (to batch it with others)."""
    ops: list[dict[str, Any]] = [{"op": "add_component", "kind": k, "name": prefix + n} for k, n in COMPONENTS]
    ops += [{"op": "connect", "kind": k, "source": prefix + s, "target": prefix + t} for s, k, t in CONNECTIONS]
    ops += [{"op": "update_component", "name": prefix + "api", "settings": {"auth": "jwt"}},
            {"op": "update_component", "name": prefix + "web", "settings": {"timeout_s": 29}}]
    return ops


def all_connections_design(iac: str = "sam", language: str = "python", prefix: str = "") -> Design:
    return apply_edits({"project": {"name": "composed", "iac": iac, "language": language}}, edits(prefix))
