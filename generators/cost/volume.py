"""How much load reaches each component in a month, propagated from the entry points through the graph.

Simplifications (each printed with the estimate): API requests split evenly across an API's routes; every
subscription or rule receives every message (filters are not applied); a function performs one write, read or
publish per record it handles on each such connection; polled batches are full; a workflow invokes each of
its task functions once per execution. A loop in the graph (a function feeding its own trigger) is counted
once: its recursion is unbounded and is the advisor's business (S3-01, S3-02).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from generators.cost.prices import DAYS_PER_MONTH, HOURS_PER_MONTH
from generators.cost.traffic import Traffic
from generators.model import (
    Component,
    Connection,
    Design,
    Function,
    ParallelStep,
    RestApi,
    Schedule,
    SdkStep,
    StateMachine,
    TaskStep,
    Triggers,
)

DEFAULT_BATCH = {"queue": 10, "table": 100, "stream": 100}
_CARRIERS = frozenset({"queue", "topic", "event_bus", "stream", "bucket"})
_ENTRY_KINDS = frozenset({"http_api", "rest_api", "function_url"})


@dataclass
class Volumes:
    """Monthly counts per component name."""

    requests: dict[str, float] = field(default_factory=dict)      # APIs and function URLs
    messages: dict[str, float] = field(default_factory=dict)      # queues, topics, buses, streams; bucket objects
    records: dict[str, float] = field(default_factory=dict)       # records a function handles
    invocations: dict[str, float] = field(default_factory=dict)   # function invocations
    executions: dict[str, float] = field(default_factory=dict)    # state machines and schedules
    reads: dict[str, float] = field(default_factory=dict)         # table / bucket / stream reads
    writes: dict[str, float] = field(default_factory=dict)        # table writes, bucket puts
    entry_points: list[str] = field(default_factory=list)
    loops: list[str] = field(default_factory=list)


def propagate(design: Design, traffic: Traffic) -> Volumes:
    first = _Propagation(design, traffic)
    volumes = first.run()
    if not first.loop_carriers:
        return volumes
    # A loop: let outside traffic enter at the loop's carriers once, and do not follow the loop back.
    second = _Propagation(design, traffic, seeds=frozenset(first.loop_carriers))
    volumes = second.run()
    volumes.loops = sorted(set(first.v.loops) | first.loop_carriers)
    return volumes


class _Propagation:
    def __init__(self, design: Design, traffic: Traffic, seeds: frozenset[str] = frozenset()) -> None:
        self.design = design
        self.traffic = traffic
        self.seeds = seeds
        self.loop_carriers: set[str] = set()
        self._stack: list[str] = []
        self.by_name: dict[str, Component] = {c.name: c for c in design.components}
        self.ins: dict[str, list[Connection]] = {}
        self.outs: dict[str, list[Connection]] = {}
        for conn in design.connections:
            self.ins.setdefault(conn.target, []).append(conn)
            self.outs.setdefault(conn.source, []).append(conn)
        self.v = Volumes()
        self._sdk_steps: dict[str, list[tuple[StateMachine, int]]] = {}
        self._task_steps: dict[tuple[str, str], int] = {}
        for sm in design.components:
            if not isinstance(sm, StateMachine):
                continue
            for step in sm.steps:
                if isinstance(step, SdkStep):
                    self._sdk_steps.setdefault(step.target, []).append((sm, 1))
                elif isinstance(step, TaskStep):
                    key = (sm.name, step.function)
                    self._task_steps[key] = self._task_steps.get(key, 0) + 1
                elif isinstance(step, ParallelStep):
                    for branch in step.branches:
                        for fn in branch:
                            key = (sm.name, fn)
                            self._task_steps[key] = self._task_steps.get(key, 0) + 1

    def run(self) -> Volumes:
        for component in self.design.components:
            if isinstance(component, Function):
                self.records(component.name)
            elif isinstance(component, StateMachine):
                self.executions(component.name)
            elif component.kind in _ENTRY_KINDS:
                self.requests(component.name)
            elif component.kind in _CARRIERS and not self._site_only(component.name):
                self.messages(component.name)
        for component in self.design.components:
            if component.kind in ("table", "bucket", "stream"):
                self._data_ops(component.name)
        return self.v

    def _site_only(self, name: str) -> bool:
        """A static site: a bucket only a distribution reads (uploads happen at deploy time; CloudFront's origin
        fetches are cache misses, not estimated)."""
        ins = self.ins.get(name, [])
        return bool(ins) and all(c.kind == "serves" for c in ins) and not self.outs.get(name)

    def _enter(self, name: str) -> bool:
        """Push `name`; True (and the loop recorded) when it is already being computed further up."""
        if name in self._stack:
            cycle = self._stack[self._stack.index(name):]
            self.v.loops.append(name)
            self.loop_carriers.update(n for n in cycle if self.by_name[n].kind in _CARRIERS | {"table"})
            return True
        self._stack.append(name)
        return False

    # -- entry points -------------------------------------------------------------------------------------
    def requests(self, name: str) -> float:
        if name not in self.v.requests:
            self.v.requests[name] = self.traffic.requests(name)
            self.v.entry_points.append(name)
        return self.v.requests[name]

    def messages(self, name: str) -> float:
        """Messages, events, records or objects entering a carrier."""
        if name in self.v.messages:
            return self.v.messages[name]
        if self._enter(name):
            return 0.0
        total = 0.0
        produced = name in self.seeds  # a loop's carrier: outside traffic only, the loop is not followed back
        for conn in ([] if produced else self.ins.get(name, [])):
            if conn.kind in ("publishes", "writes"):
                total += self.records(conn.source)
                produced = True
            elif conn.kind == "triggers":
                total += self.messages(conn.source)
                produced = True
            elif conn.kind == "integrates":
                produced = True
        for sm, count in ([] if name in self.seeds else self._sdk_steps.get(name, [])):
            total += self.executions(sm.name) * count
            produced = True
        if not produced or name in self.seeds:
            total = self.traffic.requests(name)
            self.v.entry_points.append(name)
        self._stack.pop()
        self.v.messages[name] = total
        return total

    def executions(self, name: str) -> float:
        if name in self.v.executions:
            return self.v.executions[name]
        component = self.by_name[name]
        if isinstance(component, Schedule):
            runs = runs_per_month(component.expression) if component.enabled else 0.0
            self.v.executions[name] = runs
            self.v.entry_points.append(name)
            return runs
        if self._enter(name):
            return 0.0
        total = 0.0
        for conn in self.ins.get(name, []):
            if conn.kind == "starts":
                total += self.records(conn.source)
            elif conn.kind == "triggers":
                total += self._source_events(conn)
        self._stack.pop()
        self.v.executions[name] = total
        return total

    # -- functions ----------------------------------------------------------------------------------------
    def records(self, name: str) -> float:
        """Records (requests, messages, events) a function handles in a month; also sets its invocations."""
        if name in self.v.records:
            return self.v.records[name]
        if self._enter(name):
            return 0.0
        records = 0.0
        invocations = 0.0
        for conn in self.ins.get(name, []):
            if conn.kind == "routes":
                share = self._route_share(conn)
                records += share
                invocations += share
            elif conn.kind == "triggers":
                count = self._source_events(conn)
                records += count
                invocations += count / self._batch(conn)
            elif conn.kind == "invokes":
                count = (self.executions(conn.source) * self._task_steps.get((conn.source, name), 1)
                         if self.by_name[conn.source].kind == "state_machine" else self.records(conn.source))
                records += count
                invocations += count
        for conn in self.outs.get(name, []):
            if conn.kind == "authorizes":
                api = self.by_name[conn.target]
                uncached = isinstance(api, RestApi) and api.authorizer_ttl_s == 0
                ratio = 1.0 if uncached else 1.0 - self.traffic.authorizer_cache_ratio
                count = self.requests(conn.target) * ratio
                records += count
                invocations += count
        driven = any(c.kind in ("routes", "triggers", "invokes") for c in self.ins.get(name, []))
        if not driven and not any(c.kind == "authorizes" for c in self.outs.get(name, [])):
            records = invocations = self.traffic.requests(name)  # called from outside the design
            self.v.entry_points.append(name)
        self._stack.pop()
        self.v.records[name] = records
        self.v.invocations[name] = invocations
        return records

    def _route_share(self, conn: Connection) -> float:
        routes = [c for c in self.outs.get(conn.source, []) if c.kind == "routes"]
        return self.requests(conn.source) / max(1, len(routes))

    def _source_events(self, conn: Connection) -> float:
        source = self.by_name[conn.source]
        if isinstance(source, Schedule):
            return self.executions(source.name)
        if source.kind == "table":
            return self._table_writes(source.name)
        return self.messages(source.name)

    def _batch(self, conn: Connection) -> float:
        kind = self.by_name[conn.source].kind
        if kind not in DEFAULT_BATCH:
            return 1.0
        size = conn.batch_size if isinstance(conn, Triggers) and conn.batch_size else DEFAULT_BATCH[kind]
        return float(size)

    # -- data stores --------------------------------------------------------------------------------------
    def _table_writes(self, name: str) -> float:
        if name in self.v.writes:
            return self.v.writes[name]
        if self._enter(name):
            return 0.0
        writers = [] if name in self.seeds else [c for c in self.ins.get(name, []) if c.kind == "writes"]
        sdk = [] if name in self.seeds else self._sdk_steps.get(name, [])
        total = sum(self.records(c.source) for c in writers) + sum(self.executions(sm.name) * n for sm, n in sdk)
        streamed = any(c.kind == "triggers" for c in self.outs.get(name, []))
        if name in self.seeds or (not writers and not sdk and streamed):
            total = self.traffic.requests(name)  # written from outside, read by its stream
            self.v.entry_points.append(name)
        self._stack.pop()
        self.v.writes[name] = total
        return total

    def _data_ops(self, name: str) -> None:
        kind = self.by_name[name].kind
        readers = sum(self.records(c.source) for c in self.ins.get(name, []) if c.kind == "reads")
        self.v.reads[name] = readers
        if kind == "table":
            self._table_writes(name)
        elif kind == "bucket":
            site_only = self._site_only(name)
            self.v.writes[name] = self.messages(name) if not site_only and (self.ins.get(name) or self.outs.get(name)) \
                else 0.0
        elif kind == "stream":
            consumers = sum(1 for c in self.outs.get(name, []) if c.kind == "triggers")
            self.v.reads[name] = readers + self.messages(name) * consumers


def execution_transitions(sm: StateMachine) -> int:
    """State transitions of one execution: one per state entered (each branch task of a Parallel state counts)."""
    total = 0
    for step in sm.steps:
        total += 1
        if isinstance(step, ParallelStep):
            total += sum(len(branch) for branch in step.branches)
    return total


def queue_requests(messages: float, consumer_invocations: float, payload_kb: float) -> float:
    """SQS requests: one send per message, one receive and one delete per polled batch, in 64 KB chunks."""
    return (messages + 2 * consumer_invocations) * max(1, math.ceil(payload_kb / 64))


# -- schedules -------------------------------------------------------------------------------------------------
_MINUTES_PER_MONTH = HOURS_PER_MONTH * 60
_RATE = re.compile(r"^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$")
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_DAYS = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")
_NAMES = {n: i + 1 for i, n in enumerate(_MONTHS)} | {n: i + 1 for i, n in enumerate(_DAYS)}


def runs_per_month(expression: str) -> float:
    """Average number of runs of an EventBridge Scheduler expression in a month (at() runs once: 0 a month)."""
    expression = expression.strip()
    rate = _RATE.match(expression)
    if rate:
        amount, unit = int(rate.group(1)), rate.group(2)
        per_month = {"minute": _MINUTES_PER_MONTH, "hour": HOURS_PER_MONTH, "day": DAYS_PER_MONTH}[unit.rstrip("s")]
        return per_month / amount
    if not expression.startswith("cron("):
        return 0.0
    minutes, hours, dom, month, dow, _year = expression[5:-1].split()
    if dom == "?":
        days = DAYS_PER_MONTH * _count(dow, 1, 7) / 7
    elif dom == "*":
        days = DAYS_PER_MONTH
    else:
        days = float(_count(dom, 1, 31))
    return _count(minutes, 0, 59) * _count(hours, 0, 23) * days * _count(month, 1, 12) / 12


def _count(field_text: str, lo: int, hi: int) -> int:
    total = 0
    for atom in field_text.upper().split(","):
        if atom in ("*", "?"):
            total += hi - lo + 1
            continue
        if atom in ("L", "W") or "#" in atom or atom.endswith(("L", "W")):
            total += 1
            continue
        span, _, step = atom.partition("/")
        if span == "*":
            first, last = lo, hi
        elif "-" in span:
            a, b = span.split("-", 1)
            first, last = _value(a), _value(b)
        else:
            first = _value(span)
            last = hi if step else first
        total += len(range(first, last + 1, int(step) if step else 1))
    return max(1, total)


def _value(text: str) -> int:
    return _NAMES[text] if text in _NAMES else int(text)
