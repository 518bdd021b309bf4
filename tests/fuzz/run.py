"""`make fuzz`: many hostile design documents through the engine in-process; prints counts by outcome.

    python -m tests.fuzz.run [--cases 10000] [--seed 0] [--seconds 2] [--memory-mb 1500] [--only N]

Each case is loaded (like the CLI, the API and the web app do) and, when accepted, advised, estimated, drawn and
rendered for every target, under a per-case time limit. The process's address space is capped (RLIMIT_AS) so
that a blow-up ends as a MemoryError in one case instead of taking the machine down.

Every case is drawn from its own random source, seeded by (seed, case number), so case N is the same whether it
runs inside a whole run or alone (`--only N`): a failure is reproduced without the thousands of cases before it.
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import sys
import time
import tracemalloc
from functools import cached_property
from typing import Any

from hypothesis.control import BuildContext
from hypothesis.errors import StopTest
from hypothesis.internal.conjecture.data import ConjectureData
from hypothesis.internal.conjecture.providers import HypothesisProvider
from hypothesis.internal.constants_ast import Constants

from tests.fuzz.harness import OUTCOMES, Case, Tally, peak_rss_mb, run_case
from tests.fuzz.strategies import ALIAS_BOMB, cases


class _Provider(HypothesisProvider):
    """Hypothesis' own provider without the constants it collects from the modules loaded so far: those grow as
    the engine imports lazily, which would make case N depend on the cases before it."""

    @cached_property
    def _local_constants(self) -> Any:
        return Constants()


def draw_case(random_seed: int, number: int) -> Case:
    """Case `number` of the run seeded `random_seed`, independent of every other case."""
    for attempt in range(10):  # a draw that runs out of choices is redrawn from a derived seed
        data = ConjectureData(random=random.Random(f"{random_seed}:{number}:{attempt}"), provider=_Provider)
        try:
            with BuildContext(data, wrapped_test=lambda: None):
                case: Case = data.draw(cases)
        except StopTest:
            continue
        return Case(f"#{number} {case.label}", text=case.text, data=case.data)
    raise RuntimeError(f"case {number} of seed {random_seed} could not be drawn")


def fuzz(count: int, *, random_seed: int = 0, seconds: float = 2.0, progress: bool = False,
         first: int = 0) -> Tally:
    tally = Tally()
    started = time.perf_counter()
    for number in range(first, first + count):
        before = peak_rss_mb()
        case = draw_case(random_seed, number)
        drawn = peak_rss_mb()
        if drawn - before > 10:  # while generating the case (the harness's cost, not the engine's)
            tally.jumps.append((drawn - before, f"generating {case.label}"))
        label = case.label
        tally.add(run_case(case, seconds))
        del case  # released before the next one is drawn
        after = peak_rss_mb()
        if after - drawn > 10:
            tally.jumps.append((after - drawn, label))
        if progress and tally.total % 250 == 0:
            gc.collect()
            rate = tally.total / (time.perf_counter() - started)
            counts = ", ".join(f"{outcome} {n}" for outcome, n in sorted(tally.counts.items())
                               if outcome in OUTCOMES)
            print(f"  … {tally.total} cases ({rate:.1f}/s): {counts}; peak RSS {peak_rss_mb():.0f} MB",
                  file=sys.stderr, flush=True)
    return tally


def bomb_figures() -> list[str]:
    """The issue's two named inputs, each measured alone: CPU time and the memory Python allocates for them."""
    bomb = ("project: {name: shop}\ncomponents: [{kind: function, name: fn}, {kind: topic, name: events}]\n"
            "connections:\n  - kind: triggers\n    source: events\n    target: fn\n    filter_policy:\n"
            + "\n".join("      " + line for line in ALIAS_BOMB.splitlines()))
    huge = '{"project": {"name": "x"}, "components": [' + ",".join(['{"kind": "function", "name": "fn"}'] * 600_000)
    lines = []
    for label, text in ((f"alias bomb ({len(bomb):,} bytes of YAML)", bomb),
                        (f"20 MB design ({len(huge) + 2:,} bytes of JSON)", huge + "]}")):
        tracemalloc.start()
        started = time.process_time()
        result = run_case(Case(label, text=text))
        seconds = time.process_time() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        lines.append(f"{label}: {result.outcome} in {seconds:.3f} s, {peak / 2**20:.1f} MB allocated at the peak "
                     f"(beyond its text): {result.detail[:120]}")
    return lines


def _cap_memory(megabytes: int) -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    with open("/proc/self/statm") as statm:
        virtual_mb = int(statm.read().split()[0]) * resource.getpagesize() // 2**20
    limit = (virtual_mb + megabytes) * 2**20
    if hard == resource.RLIM_INFINITY or limit < hard:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make fuzz", description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--seconds", type=float, default=2.0, help="time limit of one case")
    parser.add_argument("--memory-mb", type=int, default=1500, help="address space allowed beyond the start")
    parser.add_argument("--only", type=int, default=None, help="run case N alone (and print its outcome)")
    args = parser.parse_args(argv)
    _cap_memory(args.memory_mb)
    draw_case(args.seed, 0)  # the strategies' one-off set-up (blueprint designs, the schema) before measuring
    at_start = peak_rss_mb()
    if args.only is not None:
        case = draw_case(args.seed, args.only)
        print(f"case {case.label}: {case.size()} characters of text" if case.text is not None else
              f"case {case.label}: {str(case.data)[:2000]}")
        result = run_case(case, args.seconds)
        print(f"{result.outcome} in {result.seconds:.3f} s: {result.detail}")
        print(f"peak memory (process RSS): {peak_rss_mb():.0f} MB")
        return 1 if result.outcome not in ("rendered", "rejected") else 0
    started = time.perf_counter()
    print(f"Fuzzing the engine: {args.cases} cases, seed {args.seed}, {args.seconds} s per case", flush=True)
    tally = fuzz(args.cases, random_seed=args.seed, seconds=args.seconds, progress=True)
    elapsed = time.perf_counter() - started
    print(tally.report())
    for line in bomb_figures():
        print(line)
    print(f"peak RSS at the start (interpreter, engine, strategies): {at_start:.0f} MB")
    print(f"{elapsed:.0f} s in all, {tally.total / elapsed:.1f} cases/s; start-of-run RSS included in the peak "
          f"(now {peak_rss_mb():.0f} MB)")
    return 1 if tally.bad() else 0


if __name__ == "__main__":
    sys.exit(main())
