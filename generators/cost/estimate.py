"""The monthly cost estimate: per component, each line with its quantity, unit price, formula and source."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from generators.catalog import COMPONENTS
from generators.cost.prices import (
    DAYS_PER_MONTH,
    HOURS_PER_MONTH,
    PRICE_REGION,
    PRICES,
    PRICES_TAKEN_ON,
    SECONDS_PER_MONTH,
)
from generators.cost.traffic import Traffic
from generators.cost.volume import Volumes, execution_transitions, propagate, queue_requests
from generators.model import (
    Bucket,
    Component,
    Design,
    Distribution,
    EventBus,
    Function,
    FunctionUrl,
    HttpApi,
    Queue,
    RestApi,
    Schedule,
    SdkStep,
    StateMachine,
    Stream,
    Table,
    TaskStep,
    Topic,
    UserPool,
)

KB_PER_GB = 1024 * 1024
XRAY_RESERVOIR_PER_MONTH = SECONDS_PER_MONTH  # default sampling: 1 request/s, then 5 %
XRAY_RATE = 0.05
EXPRESS_MEMORY_GB = 64 / 1024  # the smallest 64 MB chunk Express workflows are billed in
SDK_STEP_SECONDS = 0.05


@dataclass(frozen=True)
class Line:
    item: str
    quantity: float
    unit: str
    price_key: str
    usd: float
    explain: Callable[[], str] | None = field(default=None, repr=False, compare=False)
    """Builds the formula text on demand (formatting every line eagerly would dominate the estimate's time)."""

    @property
    def formula(self) -> str:
        if self.explain is not None:
            text: str = self.explain()
            return text
        return f"{_n(self.quantity)} {self.unit} × {PRICES[self.price_key].label} = {_usd(self.usd)}"

    def to_dict(self) -> dict[str, Any]:
        price = PRICES[self.price_key]
        return {"item": self.item, "quantity": self.quantity, "unit": self.unit, "unit_price": price.label,
                "usd": round(self.usd, 4), "formula": self.formula, "price_origin": price.origin,
                "price_source": price.source}


@dataclass
class ComponentCost:
    name: str
    kind: str
    lines: list[Line] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def usd(self) -> float:
        return sum(line.usd for line in self.lines)

    def line(self, item: str) -> Line | None:
        return next((line for line in self.lines if line.item == item), None)

    def add(self, item: str, quantity: float, unit: str, price_key: str,
            explain: Callable[[], str] | None = None) -> Line:
        line = Line(item, quantity, unit, price_key, PRICES[price_key].cost(quantity), explain)
        self.lines.append(line)
        return line


@dataclass
class Estimate:
    project: str
    traffic: Traffic
    volumes: Volumes
    components: list[ComponentCost]
    credits: list[Line] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def total_usd(self) -> float:
        return sum(c.usd for c in self.components) + sum(line.usd for line in self.credits)

    def component(self, name: str) -> ComponentCost | None:
        return next((c for c in self.components if c.name == name), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "project": self.project,
            "region": PRICE_REGION,
            "prices_taken_on": PRICES_TAKEN_ON,
            "assumptions": self.traffic.model_dump(mode="json", exclude_defaults=False),
            "entry_points": self.volumes.entry_points,
            "components": [
                {"name": c.name, "kind": c.kind, "usd": round(c.usd, 4), "lines": [line.to_dict() for line in c.lines],
                 "notes": c.notes}
                for c in self.components
            ],
            "credits": [line.to_dict() for line in self.credits],
            "total_usd": round(self.total_usd, 2),
            "notes": self.notes,
        }


def estimate(design: Design, traffic: Traffic | None = None) -> Estimate:
    traffic = traffic or Traffic()
    volumes = propagate(design, traffic)
    builder = _Builder(design, traffic, volumes)
    components = [builder.component(c) for c in design.components]
    result = Estimate(design.project.name, traffic, volumes, components, notes=list(ASSUMPTION_NOTES))
    if volumes.loops:
        result.notes.append("Loop in the graph (" + ", ".join(sorted(set(volumes.loops))) + "): counted once; a "
                            "recursive trigger's real cost is unbounded.")
    if traffic.free_tier:
        result.credits.extend(_lambda_free_tier(components))
    return result


ASSUMPTION_NOTES = (
    "API requests are split evenly across an API's routes; every subscription or rule receives every message.",
    "A function does one read, write or publish per record it handles on each such connection; batches are full.",
    "Not estimated: data transfer out, CloudWatch alarms and dashboards, DLQs (idle), KMS, Cognito monthly "
    "active users, SQS polling of idle queues.",
)


def function_duration_s(fn: Function, traffic: Traffic, batch: float = 1.0) -> float:
    """Billed seconds per invocation: the declared workload, else the traffic assumption; capped at the timeout."""
    workload = fn.workload
    if workload is not None and workload.expected_duration_s is not None:
        seconds = workload.expected_duration_s
    elif workload is not None and workload.per_record_ms is not None:
        seconds = workload.per_record_ms * batch / 1000
    else:
        seconds = traffic.duration_ms(fn.name) / 1000
    return min(seconds, float(fn.timeout_s))


def retention_months(design: Design) -> float:
    """Months of logs kept at steady state, for the longest-lived environment (never expire: after a year)."""
    days = [e.log_retention_days for e in design.project.environments]
    if any(d == 0 for d in days):
        return 12.0
    return max(days) / DAYS_PER_MONTH


class _Builder:
    def __init__(self, design: Design, traffic: Traffic, volumes: Volumes) -> None:
        self.design = design
        self.traffic = traffic
        self.v = volumes
        self.triggers_in: dict[str, int] = {}
        self.entered: set[str] = set()
        self.consumers: dict[str, list[str]] = {}
        for conn in design.connections:
            if conn.kind in ("routes", "triggers"):
                self.entered.add(conn.target)
            if conn.kind == "triggers":
                self.triggers_in[conn.target] = self.triggers_in.get(conn.target, 0) + 1
                self.consumers.setdefault(conn.source, []).append(conn.target)

    def component(self, c: Component) -> ComponentCost:
        cost = ComponentCost(c.name, c.kind)
        if isinstance(c, Function):
            self._function(c, cost)
        elif isinstance(c, HttpApi | RestApi):
            key = "apigw.http.requests" if isinstance(c, HttpApi) else "apigw.rest.requests"
            cost.add("requests", self.v.requests.get(c.name, 0.0), "requests", key)
        elif isinstance(c, FunctionUrl):
            cost.add("requests", self.v.requests.get(c.name, 0.0), "requests", "function_url.requests")
        elif isinstance(c, Queue):
            self._queue(c, cost)
        elif isinstance(c, Topic):
            chunks = _chunks(self.traffic.payload(c.name), 64)
            cost.add("publishes", self.v.messages.get(c.name, 0.0) * chunks, "publishes", "sns.publishes")
        elif isinstance(c, EventBus):
            self._bus(c, cost)
        elif isinstance(c, Schedule):
            cost.add("invocations", self.v.executions.get(c.name, 0.0), "invocations", "scheduler.invocations")
            cost.notes.append("The first 14M schedule invocations a month are free.")
        elif isinstance(c, Table):
            self._table(c, cost)
        elif isinstance(c, Bucket):
            self._bucket(c, cost)
        elif isinstance(c, Stream):
            self._stream(c, cost)
        elif isinstance(c, StateMachine):
            self._state_machine(c, cost)
        elif isinstance(c, Distribution):
            self._distribution(c, cost)
        elif isinstance(c, UserPool):
            cost.notes.append("Cognito is billed per monthly active user by tier; not estimated.")
        elif COMPONENTS[c.kind].event_source is not None:
            cost.notes.append(f"The {COMPONENTS[c.kind].label} lives outside this stack; its cluster or broker is "
                              "billed there and not estimated.")
            if any(getattr(t, "min_pollers", None) is not None or getattr(t, "max_pollers", None) is not None
                   for t in self.design.outgoing(c.name, "triggers")):
                cost.notes.append("Provisioned pollers are billed per event poller unit-hour; the price table has "
                                  "no figure for it (neither the seed nor a stored AWS price), so it is not "
                                  "estimated.")
        return cost

    # -- Lambda ---------------------------------------------------------------------------------------------
    def _function(self, fn: Function, cost: ComponentCost) -> None:
        invocations = self.v.invocations.get(fn.name, 0.0)
        records = self.v.records.get(fn.name, 0.0)
        batch = records / invocations if invocations else 1.0
        arch = fn.architecture or self.design.project.architecture
        seconds = function_duration_s(fn, self.traffic, batch)
        memory_gb = fn.memory_mb / 1024
        gb_s = invocations * seconds * memory_gb
        cost.add("requests", invocations, "requests", "lambda.requests")
        price = PRICES[f"lambda.gb_s.{arch}"]
        usd = price.cost(gb_s)
        cost.lines.append(Line("duration", gb_s, "GB-s", price.key, usd,
                               lambda: f"{_n(invocations)} invocations × {seconds:g} s × {memory_gb:g} GB = "
                                       f"{_n(gb_s)} GB-s × {price.label} = {_usd(usd)}"))
        if fn.provisioned_concurrency:
            pc_gb_s = fn.provisioned_concurrency * memory_gb * SECONDS_PER_MONTH
            pc = PRICES[f"lambda.provisioned.gb_s.{arch}"]
            pc_usd = pc.cost(pc_gb_s)
            cost.lines.append(Line("provisioned concurrency", pc_gb_s, "GB-s", pc.key, pc_usd,
                                   lambda: f"{fn.provisioned_concurrency} × {memory_gb:g} GB × {SECONDS_PER_MONTH:,} s "
                                   f"× {pc.label} = {_usd(pc_usd)}"))
        if fn.durable is not None:
            self._durable(fn, invocations, cost)
        ingest_gb = invocations * self.traffic.log_kb_per_invocation / KB_PER_GB
        cost.add("logs ingested", ingest_gb, "GB", "logs.ingest")
        months = retention_months(self.design)
        stored = ingest_gb * months
        store = PRICES["logs.storage"]
        store_usd = store.cost(stored)
        cost.lines.append(Line("logs stored", stored, "GB-month", store.key, store_usd,
                               lambda: f"{_n(ingest_gb)} GB a month × {months:.2f} months kept = {_n(stored)} GB-month "
                               f"× {store.label} = {_usd(store_usd)}"))
        if fn.tracing and fn.name in self.entered:  # traces start where a request enters, not at every hop
            traces = sampled_traces(invocations)
            cost.add("traces", traces, "traces", "xray.traces",
                     lambda: f"{_n(traces)} traces (1/s + 5 % of {_n(invocations)} requests) × "
                     f"{PRICES['xray.traces'].label} = {_usd(PRICES['xray.traces'].cost(traces))}")

    def _durable(self, fn: Function, executions: float, cost: ComponentCost) -> None:
        """Durable operations: what the generated handler checkpoints per execution (a step 1; a callback 3: its
        child context, submitter step and callback; a parallel block 1 plus a context and a step per branch; a map the
        same for one item: 2 more per further item)."""
        assert fn.durable is not None
        per = durable_operations(fn)
        price = PRICES["lambda.durable.operations"]
        usd = price.cost(executions * per)
        cost.lines.append(Line("durable operations", executions * per, "operations", price.key, usd,
                               lambda: f"{_n(executions)} executions × {per} operations × {price.label} = "
                                       f"{_usd(usd)}"))
        cost.notes.append("Durable executions are also billed per GB of state written and per GB-month retained "
                          f"({fn.durable.retention_days} days here): not estimated. Waits cost no compute; each "
                          "resume after a wait or callback is another invocation that replays the handler.")

    # -- messaging ------------------------------------------------------------------------------------------
    def _queue(self, q: Queue, cost: ComponentCost) -> None:
        messages = self.v.messages.get(q.name, 0.0)
        # a consumer's invocations, shared out when it has several triggers
        polls = sum(self.v.invocations.get(fn, 0.0) / self.triggers_in[fn] for fn in self.consumers.get(q.name, []))
        payload = self.traffic.payload(q.name)
        requests = queue_requests(messages, polls, payload)
        key = "sqs.fifo.requests" if q.fifo else "sqs.standard.requests"
        price = PRICES[key]
        usd = price.cost(requests)
        cost.lines.append(Line("requests", requests, "requests", key, usd,
                               lambda: f"({_n(messages)} sends + 2 × {_n(polls)} batches received and deleted) × "
                               f"{_chunks(payload, 64)} × 64 KB chunk(s) = {_n(requests)} requests × {price.label} "
                               f"= {_usd(usd)}"))

    def _bus(self, bus: EventBus, cost: ComponentCost) -> None:
        events = self.v.messages.get(bus.name, 0.0)
        payload = self.traffic.payload(bus.name)
        cost.add("events", events * _chunks(payload, 64), "events", "events.custom")
        if bus.archive_retention_days is not None:
            gb = events * payload / KB_PER_GB
            cost.add("archive writes", gb, "GB", "events.archive.processed")
            months = (bus.archive_retention_days or 365) / DAYS_PER_MONTH
            cost.add("archive stored", gb * months, "GB-month", "events.archive.storage")

    # -- data -----------------------------------------------------------------------------------------------
    def _table(self, t: Table, cost: ComponentCost) -> None:
        payload = self.traffic.payload(t.name)
        writes = self.v.writes.get(t.name, 0.0)
        reads = self.v.reads.get(t.name, 0.0)
        if t.billing_mode == "PAY_PER_REQUEST":
            wru = writes * _chunks(payload, 1)
            rru = reads * _chunks(payload, 4) * 0.5
            cost.add("writes", wru, "write request units", "dynamodb.ondemand.write",
                     lambda: f"{_n(writes)} writes × {_chunks(payload, 1)} WRU (1 KB each) × "
                     f"{PRICES['dynamodb.ondemand.write'].label} = {_usd(PRICES['dynamodb.ondemand.write'].cost(wru))}")
            cost.add("reads", rru, "read request units", "dynamodb.ondemand.read",
                     lambda: f"{_n(reads)} eventually consistent reads × {_chunks(payload, 4)} × 0.5 RRU × "
                     f"{PRICES['dynamodb.ondemand.read'].label} = {_usd(PRICES['dynamodb.ondemand.read'].cost(rru))}")
        else:
            cost.add("write capacity", t.write_capacity * HOURS_PER_MONTH, "WCU-hours", "dynamodb.provisioned.wcu_hour")
            cost.add("read capacity", t.read_capacity * HOURS_PER_MONTH, "RCU-hours", "dynamodb.provisioned.rcu_hour")
        storage = self.traffic.storage(t.name)
        cost.add("storage", storage, "GB-month", "dynamodb.storage")
        if t.point_in_time_recovery:
            cost.add("point-in-time recovery", storage, "GB-month", "dynamodb.pitr")

    def _bucket(self, b: Bucket, cost: ComponentCost) -> None:
        cost.add("storage", self.traffic.storage(b.name), "GB-month", "s3.storage")
        cost.add("PUT requests", self.v.writes.get(b.name, 0.0), "requests", "s3.put")
        cost.add("GET requests", self.v.reads.get(b.name, 0.0), "requests", "s3.get")
        if b.versioned:
            cost.notes.append(f"Versioning keeps old versions for {b.expire_noncurrent_days} days (not estimated).")

    def _distribution(self, d: Distribution, cost: ComponentCost) -> None:
        requests = self.traffic.requests(d.name)
        cost.add("HTTPS requests", requests, "requests", "cloudfront.https_requests")
        cost.add("data transfer out", requests * self.traffic.payload(d.name) / 1024 / 1024, "GB",
                 "cloudfront.transfer_out")
        if d.spa_fallback and any(self.design.component(c.target).kind == "bucket"
                                  for c in self.design.outgoing(d.name, "serves")):
            cost.add("SPA function", requests, "invocations", "cloudfront.functions")
        cost.notes.append("CloudFront's always-free tier (1 TB out, 10M requests, 2M function invocations a month) "
                          "is not subtracted; origin fetches from S3 and API Gateway are free.")

    def _stream(self, s: Stream, cost: ComponentCost) -> None:
        records = self.v.messages.get(s.name, 0.0)
        payload = self.traffic.payload(s.name)
        if s.mode == "ON_DEMAND":
            cost.add("stream hours", HOURS_PER_MONTH, "stream-hours", "kinesis.ondemand.stream_hour")
            written = records * _chunks(payload, 1) / KB_PER_GB
            cost.add("data written", written, "GB", "kinesis.ondemand.ingest_gb")
            read = self.v.reads.get(s.name, 0.0) * _chunks(payload, 1) / KB_PER_GB
            cost.add("data read", read, "GB", "kinesis.ondemand.retrieval_gb")
        else:
            cost.add("shard hours", s.shard_count * HOURS_PER_MONTH, "shard-hours", "kinesis.provisioned.shard_hour")
            cost.add("PUT payload units", records * _chunks(payload, 25), "units", "kinesis.provisioned.put_units")

    # -- workflows ------------------------------------------------------------------------------------------
    def _state_machine(self, sm: StateMachine, cost: ComponentCost) -> None:
        executions = self.v.executions.get(sm.name, 0.0)
        if sm.workflow_type == "STANDARD":
            per = execution_transitions(sm)
            cost.add("state transitions", executions * per, "transitions", "sfn.standard.transitions",
                     lambda: f"{_n(executions)} executions × {per} transitions × "
                     f"{PRICES['sfn.standard.transitions'].label} = "
                     f"{_usd(PRICES['sfn.standard.transitions'].cost(executions * per))}")
            return
        cost.add("executions", executions, "executions", "sfn.express.requests")
        seconds = express_duration_s(self.design, sm, self.traffic)
        gb_s = executions * seconds * EXPRESS_MEMORY_GB
        price = PRICES["sfn.express.gb_s"]
        cost.lines.append(Line("duration", gb_s, "GB-s", price.key, price.cost(gb_s),
                               lambda: f"{_n(executions)} executions × {seconds:g} s × 64 MB = {_n(gb_s)} GB-s × "
                               f"{price.label} = {_usd(price.cost(gb_s))}"))


def durable_operations(fn: Function) -> int:
    if fn.durable is None:
        return 0
    count = 0
    for op in fn.durable.operations:
        count += {"step": 1, "wait": 1, "callback": 3, "map": 3}.get(op.type, 1 + 2 * len(op.branches))
    return count


def express_duration_s(design: Design, sm: StateMachine, traffic: Traffic) -> float:
    """Billed seconds of one execution (rounded up to 100 ms): the declared workload, else the sum of its steps."""
    if sm.workload is not None and sm.workload.expected_duration_s is not None:
        seconds = sm.workload.expected_duration_s
    else:
        seconds = 0.0
        by_name = {c.name: c for c in design.components}
        for step in sm.steps:
            if isinstance(step, TaskStep):
                fn = by_name.get(step.function)
                seconds += function_duration_s(fn, traffic) if isinstance(fn, Function) else 0.0
            elif isinstance(step, SdkStep):
                seconds += SDK_STEP_SECONDS
    return math.ceil(seconds * 10 - 1e-9) / 10 if seconds > 0 else 0.1


def sampled_traces(requests: float) -> float:
    """X-Ray's default sampling rule: the first request each second, then 5 % (uniform traffic assumed)."""
    return min(requests, XRAY_RESERVOIR_PER_MONTH) + XRAY_RATE * max(0.0, requests - XRAY_RESERVOIR_PER_MONTH)


def _lambda_free_tier(components: list[ComponentCost]) -> list[Line]:
    requests = sum(line.quantity for c in components for line in c.lines if line.price_key == "lambda.requests")
    duration = [line for c in components for line in c.lines if line.item == "duration" and c.kind == "function"]
    gb_s = sum(line.quantity for line in duration)
    duration_usd = sum(line.usd for line in duration)
    free_requests = min(requests, PRICES["lambda.free.requests"].usd)
    free_gb_s = min(gb_s, PRICES["lambda.free.gb_s"].usd)
    request_credit = -PRICES["lambda.requests"].cost(free_requests)
    gb_s_credit = -(duration_usd * free_gb_s / gb_s) if gb_s else 0.0
    return [
        Line("Lambda free tier: requests", free_requests, "requests", "lambda.free.requests", request_credit,
             lambda: f"-{_n(free_requests)} free requests × {PRICES['lambda.requests'].label} = "
                     f"{_usd(request_credit)}"),
        Line("Lambda free tier: duration", free_gb_s, "GB-s", "lambda.free.gb_s", gb_s_credit,
             lambda: f"-{_n(free_gb_s)} free GB-s at the design's average GB-s price = {_usd(gb_s_credit)}"),
    ]


def _chunks(kb: float, size_kb: float) -> int:
    return max(1, math.ceil(kb / size_kb - 1e-9))


def _usd(value: float) -> str:
    return f"-${-value:,.2f}" if value < 0 else f"${value:,.2f}"


def _n(value: float) -> str:
    if value == int(value):
        return f"{int(value):,}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:,.4g}"
