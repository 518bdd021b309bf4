"""`make bench` (compose part): the time of one edit on designs of 10, 50 and 200 components — the edit applied
and validated, plus the change summary (the SAM templates before and after compared) — and, for the web, one
compose POST through Django (edit, diagram, findings, cost and summary: what the page swaps in place).

The issue targets p95 ≤ 150 ms for the web edit on 50 components and ≤ 300 ms for the change summary on 200;
this prints what it measures and asserts nothing about time."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from generators.editing import apply_edits
from generators.editing.summary import change_summary
from generators.model import Design

RUNS = 20
SIZES = (10, 50, 200)


def cell_edits(i: int) -> list[dict[str, Any]]:
    """Five components wired with the common connection kinds: queue -> worker -> table, topic, bus, stream."""
    kinds = [("queue", f"q{i}"), ("function", f"w{i}"), ("table", f"t{i}"), ("topic", f"n{i}"),
             (("event_bus", "stream", "bucket", "function")[i % 4], f"x{i}")]
    ops: list[dict[str, Any]] = [{"op": "add_component", "kind": k, "name": n} for k, n in kinds]
    ops += [{"op": "connect", "kind": "triggers", "source": f"q{i}", "target": f"w{i}"},
            {"op": "connect", "kind": "reads", "source": f"w{i}", "target": f"t{i}"},
            {"op": "connect", "kind": "writes", "source": f"w{i}", "target": f"t{i}"},
            {"op": "connect", "kind": "publishes", "source": f"w{i}", "target": f"n{i}"}]
    extra = kinds[-1][0]
    if extra in ("event_bus", "stream"):
        ops.append({"op": "connect", "kind": "publishes", "source": f"w{i}", "target": f"x{i}"})
    elif extra == "bucket":
        ops.append({"op": "connect", "kind": "writes", "source": f"w{i}", "target": f"x{i}"})
    else:
        ops.append({"op": "connect", "kind": "invokes", "source": f"w{i}", "target": f"x{i}"})
    return ops


def large_design(components: int) -> Design:
    ops = [op for i in range(components // 5) for op in cell_edits(i)]
    return apply_edits({"project": {"name": "bench"}}, ops)


def timed(action: Callable[[], object], runs: int = RUNS) -> tuple[float, float]:
    action()  # warm caches
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.95))]


EDIT = [{"op": "add_component", "kind": "queue", "name": "added"},
        {"op": "connect", "kind": "publishes", "source": "w0", "target": "added"}]


def engine_figures() -> None:
    print(f"compose (engine): one edit (add a queue, connect it) on N components, median / p95 of {RUNS} runs")
    for size in SIZES:
        design = large_design(size)
        edit_ms = timed(lambda d=design: apply_edits(d, EDIT))  # type: ignore[misc]
        edited = apply_edits(design, EDIT)
        summary_ms = timed(lambda d=design, e=edited: change_summary(d, e))  # type: ignore[misc]
        both_ms = timed(lambda d=design: change_summary(d, apply_edits(d, EDIT)))  # type: ignore[misc]
        print(f"  {size:>3} components: edit {edit_ms[0]:7.1f} / {edit_ms[1]:7.1f} ms   change summary "
              f"{summary_ms[0]:7.1f} / {summary_ms[1]:7.1f} ms   edit + summary {both_ms[0]:7.1f} / "
              f"{both_ms[1]:7.1f} ms")


def main() -> None:
    engine_figures()
    try:
        from benchmarks.compose_web_bench import web_figures
    except ImportError:
        return
    web_figures(large_design, SIZES, RUNS)


if __name__ == "__main__":
    main()
