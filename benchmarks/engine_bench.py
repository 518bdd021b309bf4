"""`make bench` (engine part): render+zip time in-process and whole-process time of `python -m generators new`.

Targets (issue 2): in-process ≤ 5 ms per project (median of ≥ 50 runs); whole process ≤ 0.15 s.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generators.blueprints import BLUEPRINTS
from generators.model import Project
from generators.renderers import RENDERERS, render
from generators.writer import to_zip_bytes

RUNS = 50
PROCESS_RUNS = 10


def in_process_ms(blueprint: str, iac: str, language: str) -> float:
    project = Project(name="bench", iac=iac, language=language)  # type: ignore[arg-type]
    design = BLUEPRINTS[blueprint].build(project, {})
    to_zip_bytes(render(design), root="bench")  # warm caches (templates compiled once per process)
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        to_zip_bytes(render(design), root="bench")
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def compile_bytecode() -> None:
    """Like `pip install` does for an installed command: this machine sets PYTHONDONTWRITEBYTECODE, which would
    otherwise make every process compile the engine's sources again (py_compile writes regardless)."""
    import compileall

    compileall.compile_dir(str(Path(__file__).resolve().parents[1] / "generators"), quiet=1)


def whole_process_s(blueprint: str) -> float:
    samples = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(-1, PROCESS_RUNS):  # run -1 warms the template cache and the OS file cache; not counted
            out = Path(tmp) / f"p{i}.zip"
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "generators", "new", blueprint, "--name", "bench", "--out",
                            str(out)], check=True, capture_output=True)
            if i >= 0:
                samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    compile_bytecode()
    print(f"engine: render + zip in-process (median of {RUNS} runs) and `python -m generators new` "
          f"(median of {PROCESS_RUNS} processes)")
    print(f"{'project type':<16} {'target':<16} {'in-process ms':>14} {'process s':>10}")
    for blueprint in BLUEPRINTS:
        for iac, language in sorted(RENDERERS):
            process = f"{whole_process_s(blueprint):>10.3f}" if (iac, language) == ("sam", "python") else f"{'':>10}"
            print(f"{blueprint:<16} {iac + '+' + language:<16} {in_process_ms(blueprint, iac, language):>14.2f} "
                  f"{process}")
    print("targets: in-process ≤ 5 ms, whole process ≤ 0.15 s")


if __name__ == "__main__":
    main()
