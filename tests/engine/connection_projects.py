"""The connection matrix's projects: every allowed (connection kind, source kind, target kind) of the catalog,
batched into three designs (front doors, event deliveries, grants) plus the hand-made parts of the kind proofs and
the design composed from blank with every connection kind, each rendered once per target and checked with the
real tools, two projects at a time.

One module (not a test file) owns the projects and the runs so that every test that looks at them — the
connection matrix, the kind proofs, the composed-design test — shares one run per target in a pytest session.
"""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
import time
from functools import cache
from pathlib import Path
from typing import Any

from generators.catalog import triples
from generators.model import Design, load_design
from generators.renderers.sam.policies import REQUIRED_WILDCARDS
from tests.engine.editing.all_connections import all_connections_design
from tests.engine.kind_designs import Parts, pipe_parts, secret_parts
from tests.engine.matrix import BIN, CDK_SYNTH, _python_env
from tests.engine.node import Step, link_node_modules, npx, run, run_all
from tests.engine.pairs import pair_parts
from tests.engine.projects import write_project

GROUPS: dict[str, list[tuple[str, str, str]]] = {
    "fronts": [t for t in triples() if t[0] in ("routes", "authorizes")],
    "events": [t for t in triples() if t[0] == "triggers"],
    "grants": [t for t in triples() if t[0] not in ("routes", "authorizes", "triggers")],
}
TARGETS = {"sam-python": ("sam", "python"), "sam-typescript": ("sam", "typescript"),
           "cdk-typescript": ("cdk", "typescript"), "cdk-python": ("cdk", "python")}
COMPOSED_PREFIX = "c-"  # the composed design's components, renamed so they sit beside the pairs
TIMINGS: dict[str, float] = {}


def _composed_parts() -> Parts:
    document = all_connections_design(prefix=COMPOSED_PREFIX).model_dump(mode="json")
    return document["components"], document["connections"]


def extra_parts(group: str) -> list[Parts]:
    """What each group's design carries beyond its catalog pairs."""
    return {"fronts": [_composed_parts()], "grants": [pipe_parts(), secret_parts()]}.get(group, [])


def group_design(group: str, iac: str = "sam", language: str = "python") -> Design:
    components: list[dict[str, Any]] = []
    connections: list[dict[str, Any]] = []
    for index, (kind, source, target) in enumerate(GROUPS[group]):
        parts = pair_parts(kind, source, target, f"p{index}")
        components += parts[0]
        connections += parts[1]
    for parts in extra_parts(group):
        components += parts[0]
        connections += parts[1]
    name = f"m{list(GROUPS).index(group)}-{group}"
    return load_design(json.dumps({"project": {"name": name, "iac": iac, "language": language},
                                   "components": components, "connections": connections}))


@cache
def _root() -> Path:
    root = Path(tempfile.mkdtemp(prefix="designer-connections-"))
    atexit.register(shutil.rmtree, root, True)
    return root


@cache
def projects(target: str) -> dict[str, Path]:
    """group -> the rendered project directory of that target."""
    iac, language = TARGETS[target]
    base = _root() / target
    shutil.rmtree(base, ignore_errors=True)
    return {group: write_project(group_design(group, iac, language), base / group) for group in GROUPS}


def checks(target: str, project: Path) -> list[Step]:
    if target == "sam-python":
        env = _python_env()
        return [
            run("ruff", [str(BIN / "ruff"), "check", "--no-cache", "."], project, env),
            run("ruff-format", [str(BIN / "ruff"), "format", "--check", "--no-cache", "."], project, env),
            run("mypy", [str(BIN / "mypy"), "--cache-dir", str(project / ".mypy_cache"), "src", "tests"], project,
                env),
            run("tests", [str(BIN / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider"], project, env),
        ]
    if target == "cdk-python":
        env = _python_env()
        env["PYTHONPATH"] = str(project)
        stack = next(p.name for p in project.iterdir() if (p / "stack.py").is_file())
        return [
            run("ruff", [str(BIN / "ruff"), "check", "--no-cache", "."], project, env),
            run("ruff-format", [str(BIN / "ruff"), "format", "--check", "--no-cache", "."], project, env),
            run("mypy-stack", [str(BIN / "mypy"), "--cache-dir", str(project / ".mypy_cache"), "--strict",
                               "--ignore-missing-imports", "app.py", stack], project, env),
            run("synth", [npx("cdk"), *CDK_SYNTH, "-c", "environment=prod", "--app", f"{BIN / 'python'} app.py"],
                project, env),
            run("tests", [str(BIN / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider"], project, env,
                timeout=1200),
        ]
    link_node_modules(project)
    steps = [run("tsc", [npx("tsc"), "--noEmit", "-p", "."], project, timeout=900)]
    if target == "cdk-typescript":
        steps.append(run("synth", [npx("cdk"), *CDK_SYNTH, "-c", "environment=prod"], project))
    steps.append(run("vitest", [npx("vitest"), "run", "--reporter=dot"], project, timeout=900))
    return steps


@cache
def runs(target: str) -> dict[str, list[Step]]:
    """group -> the steps of that target's tools over the group's project (run once per session)."""
    found = projects(target)
    started = time.monotonic()
    results = run_all(found.values(), lambda project: checks(target, project))
    TIMINGS[target] = time.monotonic() - started
    return {group: results[path].steps for group, path in found.items()}


def failures(steps: list[Step]) -> list[str]:
    return [f"--- {s.name} (exit {s.returncode})\n{s.output}" for s in steps if not s.ok]


def synthesized(target: str, group: str) -> dict[str, Any]:
    """The synthesized CloudFormation of a CDK target's group project (after its tools ran)."""
    if failures([s for s in runs(target)[group] if s.name == "synth"]):
        raise AssertionError(f"{target} {group}: synth failed (see test_the_project_passes_its_tools)")
    [path] = list((projects(target)[group] / "cdk.out").glob("*-prod.template.json"))
    template: dict[str, Any] = json.loads(path.read_text())
    return template


def wildcards(template: dict[str, Any]) -> list[str]:
    """IAM statements with a `*` action or resource, other than the actions AWS only authorizes on `*`."""
    found = []
    for logical_id, resource in template["Resources"].items():
        documents = []
        if resource["Type"] == "AWS::IAM::Role":
            documents = [p["PolicyDocument"] for p in resource["Properties"].get("Policies", [])]
        if resource["Type"] == "AWS::IAM::Policy":
            documents.append(resource["Properties"]["PolicyDocument"])
        for document in documents:
            for statement in document["Statement"]:
                actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
                resources = statement["Resource"] if isinstance(statement["Resource"], list) else [
                    statement["Resource"]]
                if any(a == "*" or a.endswith(":*") for a in actions):
                    found.append(f"{logical_id}: action {actions}")
                if "*" in resources and not all(a in REQUIRED_WILDCARDS or a.startswith("xray:") for a in actions):
                    found.append(f"{logical_id}: resource * for {actions}")
    return found
