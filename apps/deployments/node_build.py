"""Build TypeScript functions: esbuild bundles, as `sam build` does for `BuildMethod: esbuild`.

The npm packages come from the shared pinned toolchain (`scripts/node_toolchain.sh`, installed once: every
package a generated project may use, at the exact versions the generator pins) when it holds every dependency
of the project at the project's version; otherwise from `npm ci` of the project's own lockfile, cached by the
lockfile's hash. Bundles are zipped reproducibly (see python_build.zip_files).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
NPM_TIMEOUT_SECONDS = 900
ESBUILD_TIMEOUT_SECONDS = 300


class NodeBuildError(Exception):
    """The bundle could not be built; the message says why."""


@contextlib.contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def node_modules_for(project: Mapping[str, bytes], *, toolchain: Path, cache_dir: Path) -> Path:
    """A node_modules folder holding the project's dependencies at its versions."""
    manifest = json.loads(project["package.json"]) if "package.json" in project else {}
    wanted = {**manifest.get("dependencies", {}), **manifest.get("devDependencies", {})}
    shared = _shared_toolchain(toolchain)
    if shared is not None and all(_installed_version(shared, name) == version for name, version in wanted.items()):
        return shared
    if "package-lock.json" not in project:
        raise NodeBuildError("the project has no package-lock.json to install its dependencies from")
    key = hashlib.sha256(project["package-lock.json"] + project["package.json"]).hexdigest()[:32]
    target = cache_dir / f"npm-{key}"
    with _exclusive(cache_dir / f"npm-{key}.lock"):
        if not (target / "node_modules" / ".bin" / "esbuild").exists():
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir(parents=True)
            (target / "package.json").write_bytes(project["package.json"])
            (target / "package-lock.json").write_bytes(project["package-lock.json"])
            _run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error", "--ignore-scripts"], cwd=target,
                 timeout=NPM_TIMEOUT_SECONDS, what="npm ci")
    return target / "node_modules"


def shared_node_modules(toolchain: Path) -> Path | None:
    """The shared toolchain's node_modules if it is installed (for its Node 22), without installing it."""
    modules = toolchain / "node_modules"
    return modules if (modules / ".bin" / "esbuild").exists() else None


def _shared_toolchain(toolchain: Path) -> Path | None:
    """The shared toolchain's node_modules, installing it first if needed (once; about a minute)."""
    script = ROOT / "scripts" / "node_toolchain.sh"
    if not script.exists() or shutil.which("npm") is None:
        return None
    with _exclusive(toolchain.parent / f".{toolchain.name}.lock"):
        _run(["bash", str(script), str(toolchain)], cwd=ROOT, timeout=NPM_TIMEOUT_SECONDS, what="the npm toolchain")
    modules = toolchain / "node_modules"
    return modules if (modules / ".bin" / "esbuild").exists() else None


def _installed_version(modules: Path, name: str) -> str:
    try:
        return str(json.loads((modules / name / "package.json").read_text())["version"])
    except (OSError, ValueError, KeyError):
        return ""


def esbuild_arguments(properties: Mapping[str, Any], outdir: Path) -> list[str]:
    """esbuild's command line for SAM's `BuildProperties` (the subset the generator writes)."""
    args = ["--bundle", f"--outdir={outdir}", f"--platform={properties.get('Platform', 'node')}",
            f"--format={properties.get('Format', 'cjs')}", f"--target={properties.get('Target', 'es2022')}"]
    if _true(properties.get("Minify")):
        args.append("--minify")
    if _true(properties.get("Sourcemap")):
        args.append("--sourcemap")
    for item in properties.get("OutExtension", []) or []:
        args.append(f"--out-extension:{item}")
    for item in properties.get("Banner", []) or []:
        args.append(f"--banner:{item}")
    for item in properties.get("External", []) or []:
        args.append(f"--external:{item}")
    for item in properties.get("MainFields", []) or []:
        args.append(f"--main-fields={item}")
    return args


def bundle(project: Mapping[str, bytes], *, code_uri: str, properties: Mapping[str, Any], node_modules: Path
           ) -> dict[str, bytes]:
    """The function's bundle: {file name in the zip: content}."""
    entry_points = [str(e) for e in properties.get("EntryPoints", []) or []]
    if not entry_points:
        raise NodeBuildError("BuildProperties.EntryPoints is empty")
    with tempfile.TemporaryDirectory(prefix="esbuild-") as work:
        root = Path(work) / "project"
        for path, content in project.items():
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        (root / "node_modules").symlink_to(node_modules, target_is_directory=True)
        base = root / code_uri if code_uri else root
        out = Path(work) / "out"
        esbuild = node_modules / ".bin" / "esbuild"
        _run([str(esbuild), *entry_points, *esbuild_arguments(properties, out), "--log-level=error"], cwd=base,
             timeout=ESBUILD_TIMEOUT_SECONDS, what="esbuild")
        return {path.relative_to(out).as_posix(): path.read_bytes() for path in sorted(out.rglob("*"))
                if path.is_file()}


def _true(value: Any) -> bool:
    return value is True or str(value).lower() == "true"


def _run(command: list[str], *, cwd: Path, timeout: int, what: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "NODE_OPTIONS"))}
    try:
        result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        raise NodeBuildError(f"{what} took longer than {timeout} s") from None
    except OSError as error:
        raise NodeBuildError(f"{what} could not run: {error}") from None
    if result.returncode != 0:
        lines = [line.strip() for line in (result.stderr or result.stdout).splitlines() if line.strip()]
        raise NodeBuildError(f"{what} failed: {' '.join(lines[-4:])[:600] or f'exit {result.returncode}'}")
