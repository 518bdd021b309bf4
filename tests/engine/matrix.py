"""Render the whole variant matrix for a target once per test session and run its tools, two projects at a time.

The TypeScript and CDK validity tests and the parity test share these runs (a CDK synth costs seconds), so
each project is written, type-checked, tested and synthesized once however many tests look at it.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import shutil
import sys
import tempfile
import time
from functools import cache
from pathlib import Path
from typing import Any

from generators.renderers.typescript.project import tsconfig
from tests.engine.node import ProjectRun, Step, link_node_modules, node_env, npx, run, run_all
from tests.engine.projects import write_project
from tests.engine.variants import all_variants, build, variant_id

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[2]
JSII_CACHE = ROOT / "var" / "jsii-cache"
CASES = all_variants()
IDS = [variant_id(bp, options) for bp, options in CASES]
TARGETS = {"sam-typescript": ("sam", "typescript"), "cdk-typescript": ("cdk", "typescript"),
           "cdk-python": ("cdk", "python")}
CDK_SYNTH = ["synth", "--quiet", "--no-notices", "--no-version-reporting", "--ci"]


@cache
def _root() -> Path:
    root = Path(tempfile.mkdtemp(prefix="designer-matrix-"))
    atexit.register(shutil.rmtree, root, True)
    return root


@cache
def projects(target: str) -> dict[str, Path]:
    """variant id -> the rendered project directory."""
    iac, language = TARGETS[target]
    base = _root() / target
    shutil.rmtree(base, ignore_errors=True)  # a failed earlier attempt in this session
    # CDK Python projects get distinct names (their stack packages shop0, shop1...), so one pytest process can
    # run every project's stack tests: jsii then starts once instead of once per project.
    return {
        ident: write_project(build(bp, options, language=language, iac=iac,
                                   name=f"shop{index}" if target == "cdk-python" else "shop"), base / f"p{index}")
        for index, ((bp, options), ident) in enumerate(zip(CASES, IDS, strict=True))
    }


def _python_env() -> dict[str, str]:
    env = node_env({"JSII_RUNTIME_PACKAGE_CACHE_ROOT": str(JSII_CACHE),
                    "JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION": "1", "PYTHONDONTWRITEBYTECODE": "1"})
    env["PATH"] = f"{BIN}{os.pathsep}{env['PATH']}"
    env.pop("PYTHONPATH", None)
    return env


def synth_args(project: Path) -> list[str]:
    """Every environment's stack for the first variant of each project type; the prod stack for the others
    (the environments differ only in log retention and log level)."""
    first = {next(i for i, (b, _o) in enumerate(CASES) if b == bp) for bp, _ in CASES}
    return CDK_SYNTH if int(project.name.removeprefix("p")) in first else [*CDK_SYNTH, "-c", "environment=prod"]


def _checks(target: str, project: Path) -> list[Step]:
    """The handlers, their tests and (for Python) their lint are the same bytes as in the SAM target of the same
    language, whose matrix runs them (test_cdk_matrix checks the files are identical); the CDK matrix runs what
    only CDK projects have: the app (synth with cdk-nag), the stack module's lint and the stack tests."""
    if target == "cdk-python":
        env = _python_env()
        own = ["app.py", next(p.name for p in project.iterdir() if (p / "stack.py").is_file()), "tests/test_stack.py"]
        return [
            run("ruff", [str(BIN / "ruff"), "check", "--no-cache", *own], project, env),
            run("ruff-format", [str(BIN / "ruff"), "format", "--check", "--no-cache", *own], project, env),
            run("synth", [npx("cdk"), *synth_args(project), "--app", f"{BIN / 'python'} app.py"], project, env),
        ]
    link_node_modules(project)
    if target == "sam-typescript":
        return [run("vitest", [npx("vitest"), "run", "--reporter=dot"], project)]
    return [
        run("synth", [npx("cdk"), *synth_args(project)], project),
        run("vitest", [npx("vitest"), "run", "--reporter=dot", "tests/stack.test.ts"], project),
    ]


_TYPECHECKED: set[str] = set()


@cache
def typecheck(target: str) -> dict[str, Step]:
    """`tsc --noEmit` with the generated tsconfig options over every project of the target in one program (the
    aws-cdk-lib and SDK declarations are read once instead of once per project); each project's own tsconfig is
    type-checked on its own for the first variant. Errors are attributed to the project whose file has them."""
    found = projects(target)
    root = _root() / f"{target}-tsc"
    root.mkdir(exist_ok=True)
    link_node_modules(root)
    include = []
    for project in found.values():
        link_node_modules(project)
        relative = os.path.relpath(project, root)
        include += [f"{relative}/{entry}" for entry in json.loads((project / "tsconfig.json").read_text())["include"]]
    (root / "tsconfig.json").write_text(tsconfig(include))
    combined = run("tsc", [npx("tsc"), "--noEmit", "-p", "."], root, timeout=1200, keep=10_000_000)
    per_project: dict[str, Step] = {}
    for ident, project in found.items():
        prefix = os.path.relpath(project, root) + "/"
        errors = [line for line in combined.output.splitlines() if line.startswith(prefix)]
        code = 1 if errors else (combined.returncode if not combined.ok and not _attributed(combined) else 0)
        per_project[ident] = Step("tsc", code, combined.seconds, "\n".join(errors) or combined.output[-2000:])
    _TYPECHECKED.add(target)
    first = next(iter(found.values()))
    per_project[IDS[0]] = _merge(per_project[IDS[0]], run("tsc-own-config", [npx("tsc"), "--noEmit", "-p", "."],
                                                          first))
    return per_project


def _attributed(step: Step) -> bool:
    return bool(re.search(r"^\S+\(\d+,\d+\): error", step.output, re.MULTILINE))


def _merge(a: Step, b: Step) -> Step:
    return Step("tsc", a.returncode or b.returncode, a.seconds + b.seconds, f"{a.output}\n{b.output}".strip())


_WALL: dict[str, float] = {}


@cache
def runs(target: str) -> dict[str, ProjectRun]:
    found = projects(target)
    started = time.monotonic()
    results = run_all(found.values(), lambda project: _checks(target, project))
    _WALL[target] = time.monotonic() - started
    return {ident: results[path] for ident, path in found.items()}


def timing_summary() -> list[str]:
    lines = []
    for target in TARGETS:
        if target not in _WALL:
            continue
        totals: dict[str, float] = {}
        for project_run in runs(target).values():
            for step in project_run.steps:
                totals[step.name] = totals.get(step.name, 0.0) + step.seconds
        steps = ", ".join(f"{name} {seconds:.0f}" for name, seconds in totals.items())
        tsc = f", tsc (one program) {typecheck(target)[IDS[0]].seconds:.0f}" if target in _TYPECHECKED else ""
        lines.append(f"{target}: {len(CASES)} projects in {_WALL[target]:.0f} wall ({steps}{tsc})")
    lines += [f"{name}: {seconds:.0f}" for name, seconds in _BATCHED.items()]
    return lines


@cache
def python_stack_tests() -> dict[str, Step]:
    """Every CDK Python project's tests/test_stack.py, in one pytest process; failures attributed per project."""
    found = projects("cdk-python")
    root = _root() / "cdk-python"
    env = _python_env()
    env["PYTHONPATH"] = os.pathsep.join(str(p) for p in found.values())
    files = [f"{p.name}/tests/test_stack.py" for p in found.values()]
    step = run("tests", [str(BIN / "python"), "-m", "pytest", "-rA", "-q", "-p", "no:cacheprovider",
                         "--import-mode=importlib", "--noconftest", "--rootdir", str(root), "-c", os.devnull,
                         *files],
               root, env, timeout=3600, keep=10_000_000)
    results = {}
    for ident, project in found.items():
        prefix = f"{project.name}/tests/test_stack.py"
        lines = [line for line in step.output.splitlines()
                 if prefix + "::" in line or line.startswith(f"ERROR {prefix}")]
        passed = [line for line in lines if line.startswith("PASSED ")]
        failed = [line for line in lines if not line.startswith("PASSED ")]
        code = 1 if failed or not passed else 0
        detail = "\n".join(lines) if failed or not passed else f"{len(passed)} passed"
        results[ident] = Step("tests", code, step.seconds, detail if code == 0 else f"{detail}\n{step.output[-6000:]}")
    _BATCHED["cdk-python tests (one pytest process)"] = step.seconds
    return results


_BATCHED: dict[str, float] = {}

_RUN_APPS = """
import os, runpy, sys, traceback
for project in sys.argv[1:]:
    os.chdir(project)
    sys.path.insert(0, project)
    try:
        runpy.run_path("app.py", run_name="__main__")
        print(f"APP-OK {os.path.basename(project)}", flush=True)
    except BaseException:
        print(f"APP-FAILED {os.path.basename(project)}", traceback.format_exc().replace("\\n", " | "), flush=True)
"""


@cache
def python_apps_without_context() -> dict[str, Step]:
    """Every CDK Python project's app.py run as `python app.py` (no cdk CLI, so no cdk.json context), all in one
    process: the way a user or a test imports the app."""
    found = projects("cdk-python")
    env = _python_env()
    for key in ("CDK_CONTEXT_JSON", "CDK_OUTDIR"):
        env.pop(key, None)
    step = run("app-without-context", [str(BIN / "python"), "-c", _RUN_APPS, *map(str, found.values())],
               _root(), env, timeout=3600, keep=10_000_000)
    results = {}
    for ident, project in found.items():
        lines = [line for line in step.output.splitlines() if line.split(" ")[1:2] == [project.name]]
        ok = lines == [f"APP-OK {project.name}"]
        results[ident] = Step("app-without-context", 0 if ok else 1, step.seconds,
                              "\n".join(lines) or step.output[-6000:])
    _BATCHED["cdk-python apps without context (one process)"] = step.seconds
    return results


def synthesized(project: Path, environment: str = "prod") -> dict[str, Any]:
    """The CloudFormation template `cdk synth` wrote for one environment's stack."""
    [path] = list((project / "cdk.out").glob(f"*-{environment}.template.json"))
    template: dict[str, Any] = json.loads(path.read_text())
    return template
