"""Run one fuzz case through the engine in-process, under a time limit, and say how it ended.

Outcomes:
- rendered: the design loaded, and the advisor, the cost estimate, the diagram and `render(design)` for every
  target (sam-python, sam-typescript, cdk-typescript, cdk-python) succeeded;
- rejected: loading raised DesignInputError whose problems are bounded, non-empty messages;
- internal_error: any other exception (a bug), or a rejection whose message is empty or unbounded;
- hang: the case ran over the time limit (CPU seconds of the process);
- render_failed: the model accepted the design, then something downstream failed (a bug of "accepted means
  renderable").
"""

from __future__ import annotations

import contextlib
import resource
import signal
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from generators.advisor import advise
from generators.cost import Traffic, estimate
from generators.model import Design, DesignInputError
from generators.model.io import design_from_data, load_design
from generators.model.messages import MAX_PROBLEMS, MESSAGE_LIMIT, PATH_LIMIT
from generators.renderers import render
from generators.renderers.diagram import svg

TARGETS = (("sam", "python"), ("sam", "typescript"), ("cdk", "typescript"), ("cdk", "python"))
OUTCOMES = ("rendered", "rejected", "internal_error", "hang", "render_failed")
BAD_OUTCOMES = ("internal_error", "hang", "render_failed")
MAX_ERROR_TEXT = (MAX_PROBLEMS + 1) * (MESSAGE_LIMIT + PATH_LIMIT + 4)


@dataclass(frozen=True)
class Case:
    """A design document as text (through the loading path, like the CLI) or as data (like the API and rows)."""

    label: str
    text: str | bytes | None = None
    data: Any = None

    def size(self) -> int:
        return len(self.text) if self.text is not None else 0


@dataclass
class Result:
    outcome: str
    seconds: float
    label: str
    detail: str = ""
    whole_document: bool = False


class CaseTimeout(BaseException):
    """Raised by the alarm inside the case (a BaseException, so that no `except Exception` swallows it)."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def _alarm(signum: int, frame: Any) -> None:
        raise CaseTimeout

    # CPU time of this process, not wall-clock time: on a machine shared with other work a case must not count as
    # a hang because it waited for a core (the engine does no I/O, so a hang is always spent on the CPU)
    previous = signal.signal(signal.SIGPROF, _alarm)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def _where(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    last = next((f for f in reversed(frames) if "/generators/" in f.filename), frames[-1] if frames else None)
    place = f" at {last.filename.split('/generators/')[-1]}:{last.lineno}" if last else ""
    return f"{type(exc).__name__}: {str(exc)[:200]}{place}"


def _rejection_problem(exc: DesignInputError) -> str:
    if not exc.problems:
        return "a rejection without any problem"
    if any(not message.strip() for _, message in exc.problems):
        return "a rejection with an empty message"
    if len(str(exc)) > MAX_ERROR_TEXT:
        return f"a rejection of {len(str(exc))} characters"
    return ""


def run_case(case: Case, seconds: float = 2.0) -> Result:
    start = time.process_time()
    stage = "load"
    try:
        with time_limit(seconds):
            try:
                design = load_design(case.text) if case.text is not None else design_from_data(case.data)
            except DesignInputError as exc:
                problem = _rejection_problem(exc)
                outcome = "internal_error" if problem else "rejected"
                result = Result(outcome, time.process_time() - start, case.label, problem or str(exc)[:300])
                # a field path on every problem, or a message about the document as a whole (not JSON/YAML, over
                # the byte limit, not a mapping)
                result.whole_document = any(not path for path, _ in exc.problems)
                return result
            stage = "downstream"
            _downstream(design)
    except CaseTimeout:
        return Result("hang", time.process_time() - start, case.label, f"over {seconds} s in {stage}")
    except RecursionError as exc:
        return Result("internal_error" if stage == "load" else "render_failed", time.process_time() - start,
                      case.label, _where(exc))
    except Exception as exc:
        outcome = "internal_error" if stage == "load" else "render_failed"
        return Result(outcome, time.process_time() - start, case.label, _where(exc))
    return Result("rendered", time.process_time() - start, case.label)


def _downstream(design: Design) -> None:
    """What the product does with an accepted design: advise, estimate, draw, render every target."""
    advise(design)
    estimate(design, Traffic())
    svg(design)
    for iac, language in TARGETS:
        project = design.project.model_copy(update={"iac": iac, "language": language})
        render(design.model_copy(update={"project": project}))


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class Tally:
    counts: Counter[str] = field(default_factory=Counter)
    slowest: Result | None = None
    failures: list[Result] = field(default_factory=list)
    by_label: Counter[str] = field(default_factory=Counter)

    jumps: list[tuple[float, str]] = field(default_factory=list)

    def add(self, result: Result) -> None:
        self.counts[result.outcome] += 1
        if result.outcome == "rejected":
            self.counts["rejected: whole document" if result.whole_document else "rejected: field named"] += 1
        self.by_label[result.label] += 1
        if self.slowest is None or result.seconds > self.slowest.seconds:
            self.slowest = result
        if result.outcome in BAD_OUTCOMES and len(self.failures) < 200:
            self.failures.append(result)

    @property
    def total(self) -> int:
        return sum(self.counts[outcome] for outcome in OUTCOMES)

    def bad(self) -> int:
        return sum(self.counts[o] for o in BAD_OUTCOMES)

    def report(self) -> str:
        lines = [f"{self.total} cases"]
        for outcome in OUTCOMES:
            lines.append(f"  {outcome:<15} {self.counts[outcome]}")
            if outcome == "rejected":
                lines += [f"    {kind:<26} {self.counts['rejected: ' + kind]}" for kind in ("field named",
                                                                                           "whole document")]
        if self.slowest is not None:
            lines.append(f"slowest case: {self.slowest.seconds:.3f} s of CPU ({self.slowest.label}, "
                         f"{self.slowest.outcome})")
        lines.append(f"peak memory (process RSS): {peak_rss_mb():.0f} MB")
        in_cases = [grew for grew, label in self.jumps if not label.startswith("generating")]
        lines.append(f"largest growth of the peak inside one engine case: "
                     f"{max(in_cases, default=0):.0f} MB (growth under 10 MB is not recorded)")
        for grew, label in sorted(self.jumps, reverse=True)[:5]:
            lines.append(f"  peak grew by {grew:.0f} MB [{label}]")
        for failure in self.failures[:30]:
            lines.append(f"  ! {failure.outcome} [{failure.label}] {failure.detail}")
        return "\n".join(lines)
