"""`make fuzz`: many hostile design documents through the engine in-process; prints counts by outcome.

    python -m tests.fuzz.run [--cases 10000] [--seed 0] [--seconds 2] [--memory-mb 1500]

Each case is loaded (like the CLI, the API and the web app do) and, when accepted, advised, estimated, drawn and
rendered for every target, under a per-case time limit. The process's address space is capped (RLIMIT_AS) so
that a blow-up ends as a MemoryError in one case instead of taking the machine down.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time

from hypothesis import HealthCheck, Phase, given, seed, settings

from tests.fuzz.harness import Case, Tally, peak_rss_mb, run_case
from tests.fuzz.strategies import cases


def fuzz(count: int, *, random_seed: int = 0, seconds: float = 2.0, progress: bool = False) -> Tally:
    tally = Tally()
    started = time.perf_counter()
    last = [peak_rss_mb()]

    @seed(random_seed)
    @settings(max_examples=count, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(case=cases)
    def one(case: Case) -> None:
        before = peak_rss_mb()
        if before - last[0] > 10:  # while generating the case (the harness's cost, not the engine's)
            tally.jumps.append((before - last[0], f"generating {case.label}"))
        tally.add(run_case(case, seconds))
        last[0] = peak_rss_mb()
        if last[0] - before > 10:
            tally.jumps.append((last[0] - before, case.label))
        if progress and tally.total % 250 == 0:
            rate = tally.total / (time.perf_counter() - started)
            counts = ", ".join(f"{outcome} {n}" for outcome, n in sorted(tally.counts.items()))
            print(f"  … {tally.total} cases ({rate:.1f}/s): {counts}; peak RSS {peak_rss_mb():.0f} MB",
                  file=sys.stderr, flush=True)

    one()
    return tally


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
    args = parser.parse_args(argv)
    _cap_memory(args.memory_mb)
    started = time.perf_counter()
    print(f"Fuzzing the engine: {args.cases} cases, seed {args.seed}, {args.seconds} s per case", flush=True)
    tally = fuzz(args.cases, random_seed=args.seed, seconds=args.seconds, progress=True)
    elapsed = time.perf_counter() - started
    print(tally.report())
    print(f"{elapsed:.0f} s in all, {tally.total / elapsed:.1f} cases/s; start-of-run RSS included in the peak "
          f"(now {peak_rss_mb():.0f} MB)")
    return 1 if tally.bad() else 0


if __name__ == "__main__":
    sys.exit(main())
