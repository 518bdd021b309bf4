"""An index over one design, built once per `advise` call, so that ~85 rules stay linear in the design size.

Rules receive a `Graph` rather than the bare `Design`: it answers "who triggers this function", "what does
this function write to" and similar questions from dictionaries instead of scanning every connection.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, TypeVar

from generators.model import (
    Component,
    Connection,
    Design,
    Function,
    Invokes,
    Table,
)

if TYPE_CHECKING:
    from generators.cost.estimate import Estimate
    from generators.cost.traffic import Traffic

T = TypeVar("T")

# Sources whose trigger invokes a function asynchronously (Lambda's internal queue, 2 retries, then DLQ).
ASYNC_TRIGGER_SOURCES = frozenset({"bucket", "topic", "event_bus", "schedule"})
# Sources read by an event source mapping (polled batches).
POLLED_SOURCES = frozenset({"queue", "table", "stream"})
STREAM_SOURCES = frozenset({"table", "stream"})
Edge = tuple[int, Connection]


class Graph:
    def __init__(self, design: Design, traffic: Traffic | None = None, estimate: Estimate | None = None) -> None:
        self.design = design
        self.traffic = traffic if traffic is not None or estimate is None else estimate.traffic
        self.by_name: dict[str, Component] = {}
        self.position: dict[str, int] = {}
        for i, component in enumerate(design.components):
            self.by_name[component.name] = component
            self.position[component.name] = i
        self._in: dict[str, list[Edge]] = defaultdict(list)
        self._out: dict[str, list[Edge]] = defaultdict(list)
        for i, conn in enumerate(design.connections):
            self._in[conn.target].append((i, conn))
            self._out[conn.source].append((i, conn))
        self._by_type: dict[type, list[Component]] = defaultdict(list)
        for component in design.components:
            self._by_type[type(component)].append(component)
        self._estimate: Estimate | None = estimate

    # -- components -------------------------------------------------------------------------------------------
    def of(self, cls: type[T]) -> list[T]:
        return self._by_type.get(cls, [])  # type: ignore[return-value]

    def get(self, name: str, cls: type[T]) -> T | None:
        component = self.by_name.get(name)
        return component if isinstance(component, cls) else None

    def kind(self, name: str) -> str:
        component = self.by_name.get(name)
        return component.kind if component is not None else ""

    def path(self, name: str) -> str:
        return f"components[{self.position[name]}]"

    # -- connections ------------------------------------------------------------------------------------------
    def ins(self, name: str, kind: str | None = None) -> list[Edge]:
        edges = self._in.get(name, [])
        return edges if kind is None else [e for e in edges if e[1].kind == kind]

    def outs(self, name: str, kind: str | None = None) -> list[Edge]:
        edges = self._out.get(name, [])
        return edges if kind is None else [e for e in edges if e[1].kind == kind]

    def edge_label(self, index: int) -> str:
        conn = self.design.connections[index]
        return f"{conn.source} -{conn.kind}-> {conn.target}"

    # -- questions many rules ask -----------------------------------------------------------------------------
    def architecture(self, fn: Function) -> str:
        return fn.architecture or self.design.project.architecture

    def has_environment(self, name: str) -> bool:
        return any(e.name == name for e in self.design.project.environments)

    def async_sources(self, fn: Function) -> list[Edge]:
        """Edges that invoke `fn` asynchronously: S3, SNS, EventBridge rules, Scheduler, `invokes(async)`."""
        edges: list[Edge] = []
        for i, conn in self.ins(fn.name):
            by_trigger = conn.kind == "triggers" and self.kind(conn.source) in ASYNC_TRIGGER_SOURCES
            by_invoke = (isinstance(conn, Invokes) and conn.invocation == "async"
                         and self.kind(conn.source) == "function")
            if by_trigger or by_invoke:
                edges.append((i, conn))
        return edges

    def polled_triggers(self, fn: Function, sources: frozenset[str] = POLLED_SOURCES) -> list[Edge]:
        return [(i, c) for i, c in self.ins(fn.name, "triggers") if self.kind(c.source) in sources]

    def is_routed(self, fn: Function) -> bool:
        return bool(self.ins(fn.name, "routes"))

    def routed_by_gateway(self, fn: Function) -> list[Edge]:
        """Routes into `fn` from API Gateway (HTTP or REST API), whose integration timeout is 29 s."""
        return [(i, c) for i, c in self.ins(fn.name, "routes") if self.kind(c.source) in ("http_api", "rest_api")]

    def idempotency_tables(self, fn: Function) -> list[Table]:
        writes = {c.target for _, c in self.outs(fn.name, "writes")}
        return [t for t in self.of(Table) if t.purpose == "idempotency" and t.name in writes]

    def effects(self, fn: Function) -> list[Edge]:
        """What `fn` does to other components (writes, publishes, invokes, starts)."""
        return [(i, c) for i, c in self.outs(fn.name) if c.kind in ("writes", "publishes", "invokes", "starts")]

    # -- cost -------------------------------------------------------------------------------------------------
    @property
    def estimate(self) -> Estimate:
        """The monthly cost estimate of this design (computed on first use, for the cost-lever rules)."""
        if self._estimate is None:
            from generators.cost.estimate import estimate

            self._estimate = estimate(self.design, self.traffic)
        return self._estimate
