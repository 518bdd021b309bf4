"""Engine test configuration: after a run that built a variant matrix, print how long each target's tools took."""

from __future__ import annotations

from typing import Any

from tests.engine import matrix


def pytest_terminal_summary(terminalreporter: Any) -> None:
    lines = matrix.timing_summary()
    if lines:
        terminalreporter.section("variant matrix timings (seconds; steps summed over projects, run 2 at a time)")
        for line in lines:
            terminalreporter.write_line(line)
