"""Advisor + cost estimate on a 200-component design: median of 100 runs (target ≤ 20 ms).

    .venv/bin/python benchmarks/advisor_bench.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generators.advisor import ALL_RULES, advise
from generators.cost import estimate
from generators.model import (
    Bucket,
    Component,
    Connection,
    Design,
    EventBus,
    Function,
    HttpApi,
    Invokes,
    Project,
    Publishes,
    Queue,
    Reads,
    Routes,
    Schedule,
    StateMachine,
    Table,
    TaskStep,
    Topic,
    Triggers,
    Workload,
    Writes,
)

RUNS = 100
TARGET_MS = 20.0


def large_design(components: int = 200) -> Design:
    """Slices of every project type (API, queue and stream consumers, fan-out, workflow, schedule) until the
    design holds `components` components; a few settings are off so that rules have findings to report."""
    parts: list[Component] = []
    edges: list[Connection] = []
    i = 0
    while len(parts) < components:
        n = f"s{i}"
        parts += [
            HttpApi(name=f"{n}-api", cors_allow_origins=["*"] if i % 5 == 0 else []),
            Function(name=f"{n}-router", timeout_s=40 if i % 7 == 0 else 10, architecture="x86_64" if i % 3 else None,
                     environment={"DB_PASSWORD": "x"} if i % 11 == 0 else {}),
            Table(name=f"{n}-table"),
            Queue(name=f"{n}-queue", visibility_timeout_s=20 if i % 4 == 0 else 180),
            Function(name=f"{n}-worker", workload=Workload(per_record_ms=50, expected_rps=20)),
            Topic(name=f"{n}-topic"),
            Function(name=f"{n}-mail", on_failure_dlq=i % 2 == 0),
            Function(name=f"{n}-audit", on_failure_dlq=True),
            EventBus(name=f"{n}-bus"),
            Function(name=f"{n}-step"),
            StateMachine(name=f"{n}-flow", steps=[TaskStep(name="work", function=f"{n}-step", retry=i % 6 != 0)]),
            Schedule(name=f"{n}-schedule", expression="rate(1 hour)"),
            Bucket(name=f"{n}-bucket"),
        ]
        edges += [
            Routes(source=f"{n}-api", target=f"{n}-router", method="GET", path="/items"),
            Routes(source=f"{n}-api", target=f"{n}-router", method="POST", path="/items"),
            Reads(source=f"{n}-router", target=f"{n}-table"),
            Writes(source=f"{n}-router", target=f"{n}-table"),
            Publishes(source=f"{n}-router", target=f"{n}-queue"),
            Triggers(source=f"{n}-queue", target=f"{n}-worker", batch_size=10, report_batch_item_failures=True),
            Publishes(source=f"{n}-worker", target=f"{n}-topic"),
            Triggers(source=f"{n}-topic", target=f"{n}-mail", filter_policy={"type": ["a"]}, dlq=True),
            Publishes(source=f"{n}-worker", target=f"{n}-bus"),
            Triggers(source=f"{n}-bus", target=f"{n}-audit", event_pattern={"source": ["x"]}, retry_attempts=3,
                     dlq=True),
            Invokes(source=f"{n}-flow", target=f"{n}-step"),
            Triggers(source=f"{n}-schedule", target=f"{n}-flow"),
            Writes(source=f"{n}-step", target=f"{n}-bucket"),
        ]
        i += 1
    keep = {c.name for c in parts[:components]}
    return Design(project=Project(name="bench"), components=parts[:components],
                  connections=[e for e in edges if e.source in keep and e.target in keep])


def main() -> int:
    design = large_design()
    result = estimate(design)
    findings = advise(design, estimate=result)
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        advise(design, estimate=estimate(design))  # what `cost` and the web review do: one estimate, shared
        timings.append((time.perf_counter() - start) * 1000)
    median = statistics.median(timings)
    alone = []
    for _ in range(RUNS):
        start = time.perf_counter()
        advise(design)  # computes the estimate it needs for the savings itself
        alone.append((time.perf_counter() - start) * 1000)
    print(f"advisor+cost: {len(design.components)} components, {len(design.connections)} connections, "
          f"{len(ALL_RULES)} rules, {len(findings)} findings, ${result.total_usd:,.2f}/month")
    print(f"advisor+cost: median {median:.2f} ms over {RUNS} runs (min {min(timings):.2f}, "
          f"max {max(timings):.2f}); target ≤ {TARGET_MS:.0f} ms: {'ok' if median <= TARGET_MS else 'OVER'}")
    print(f"advise alone: median {statistics.median(alone):.2f} ms over {RUNS} runs")
    return 0 if median <= TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
