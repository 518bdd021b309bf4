"""Render a design and run a generated project's own tools in a subprocess (shared by the validity tests)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from generators.model import Design
from generators.renderers import render
from generators.writer import write_directory

BIN = Path(sys.executable).parent


def write_project(design: Design, directory: Path) -> Path:
    write_directory(render(design), directory)
    return directory


def run_tool(args: list[str], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    """Run a tool from the test venv inside a generated project, with a clean, offline environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "PYTEST_", "DJANGO_"))}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.pop("PYTHONPATH", None)
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)


def check_python_project(project: Path) -> list[str]:
    """ruff, ruff format, mypy and the project's own pytest; returns the failures (empty = all passed)."""
    failures = []
    commands = [
        [str(BIN / "ruff"), "check", "--no-cache", "."],
        [str(BIN / "ruff"), "format", "--check", "--no-cache", "."],
        [str(BIN / "mypy"), "--cache-dir", str(project / ".mypy_cache"), "src", "tests"],
        [str(BIN / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider"],
    ]
    for command in commands:
        result = run_tool(command, project)
        if result.returncode != 0:
            failures.append(f"$ {' '.join(command[:3])}\n{result.stdout[-4000:]}\n{result.stderr[-2000:]}")
    return failures
