"""Build Python function zips: the function's sources plus its dependencies installed for Lambda.

Dependencies are installed by pip for the function's runtime and architecture (`--platform`,
`--only-binary=:all:`: wheels only, so a package with C extensions is taken as its manylinux wheel for arm64 or
x86_64, never compiled for the worker's machine). The installed tree and its zip are cached by the hash of
(requirements, runtime, architecture): the second deployment of a project reuses them, and zips are
byte-for-byte reproducible (sorted entries, fixed timestamps), so an unchanged function keeps its S3 key and
CloudFormation sees no change.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

PLATFORMS = {
    # Lambda's python3.12+ runtimes run on Amazon Linux 2023 (glibc 2.34)
    "arm64": ("manylinux_2_34_aarch64", "manylinux_2_28_aarch64", "manylinux2014_aarch64"),
    "x86_64": ("manylinux_2_34_x86_64", "manylinux_2_28_x86_64", "manylinux2014_x86_64"),
}
# The Lambda Python runtime ships the AWS SDK (the generated requirements rely on it and do not list boto3):
# when a dependency pulls it in anyway (aws-xray-sdk needs botocore), it is left out of the zip, ~15 MB.
RUNTIME_PROVIDED = {"boto3": ("boto3",), "botocore": ("botocore",), "s3transfer": ("s3transfer",),
                    "jmespath": ("jmespath",)}
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
PIP_TIMEOUT_SECONDS = 600
_SKIPPED_PARTS = frozenset({"__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache"})


class BuildError(Exception):
    """A function could not be built; the message says which and why."""


def python_version(runtime: str) -> str:
    if not runtime.startswith("python3."):
        raise BuildError(f"runtime {runtime!r} is not a Python runtime")
    return runtime.removeprefix("python")


def requirement_lines(text: str) -> list[str]:
    """The requirement lines that matter (no comments, blanks or pip options such as `-r dev.txt`)."""
    lines = []
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].strip()
        if line and not line.startswith("#"):
            if line.startswith("-"):
                raise BuildError(f"requirements.txt: pip options are not supported in a function build: {line!r}")
            lines.append(line)
    return lines


def dependencies_zip(requirements: list[str], *, runtime: str, architecture: str, cache_dir: Path) -> bytes:
    """A zip of the dependencies installed for Lambda (cached); empty bytes when there are none."""
    if not requirements:
        return b""
    if architecture not in PLATFORMS:
        raise BuildError(f"architecture {architecture!r} is not one of {', '.join(PLATFORMS)}")
    version = python_version(runtime)
    key = hashlib.sha256("\n".join([runtime, architecture, *sorted(requirements)]).encode()).hexdigest()[:32]
    cache_dir.mkdir(parents=True, exist_ok=True)
    cached = cache_dir / f"deps-{key}.zip"
    # one build per key at a time, across worker processes; the others wait and reuse it
    with _exclusive(cache_dir / f"deps-{key}.lock"):
        if not cached.is_file():
            with tempfile.TemporaryDirectory(prefix="deps-", dir=cache_dir) as work:
                target = Path(work) / "python"
                _pip_install(requirements, target=target, version=version, architecture=architecture,
                             work=Path(work))
                _drop_runtime_provided(target, requirements)
                data = zip_directory(target)
                partial = Path(work) / "deps.zip"
                partial.write_bytes(data)
                os.replace(partial, cached)
    return cached.read_bytes()


@contextlib.contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    with lock_path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _pip_install(requirements: list[str], *, target: Path, version: str, architecture: str, work: Path) -> None:
    requirements_file = work / "requirements.txt"
    requirements_file.write_text("\n".join(requirements) + "\n")
    command = [
        sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-input",
        "--no-compile", "--no-warn-script-location", "--target", str(target),
        "--implementation", "cp", "--python-version", version, "--only-binary=:all:",
        *[arg for platform in PLATFORMS[architecture] for arg in ("--platform", platform)],
        "-r", str(requirements_file),
    ]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=PIP_TIMEOUT_SECONDS,
                                env={**os.environ, "PIP_NO_INPUT": "1"})
    except subprocess.TimeoutExpired:
        raise BuildError(f"installing the dependencies took longer than {PIP_TIMEOUT_SECONDS} s") from None
    if result.returncode != 0:
        lines = [line for line in (result.stderr or result.stdout).splitlines() if line.strip()]
        detail = " ".join(line.strip() for line in lines[-3:]) or f"pip exited with {result.returncode}"
        raise BuildError(f"could not install the dependencies for {architecture} Lambda (python{version}): "
                         f"{detail[:600]}")
    # console scripts and caches are useless in Lambda and break reproducibility
    shutil.rmtree(target / "bin", ignore_errors=True)


def _drop_runtime_provided(target: Path, requirements: list[str]) -> None:
    wanted = {re.split(r"[<>=!~\[; ]", line, maxsplit=1)[0].strip().lower().replace("_", "-")
              for line in requirements}
    for distribution, packages in RUNTIME_PROVIDED.items():
        if distribution in wanted:
            continue
        for package in packages:
            shutil.rmtree(target / package, ignore_errors=True)
        for info in target.glob(f"{distribution}-*.dist-info"):
            shutil.rmtree(info, ignore_errors=True)


def zip_directory(root: Path) -> bytes:
    files = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.is_file() and not _SKIPPED_PARTS.intersection(relative.parts) and path.suffix != ".pyc":
            files[relative.as_posix()] = path.read_bytes()
    return zip_files(files.items())


def zip_files(files: Iterable[tuple[str, bytes]], base: bytes = b"") -> bytes:
    """A reproducible zip: entries in the given order after those of `base`, fixed timestamps and modes."""
    buffer = io.BytesIO(base)
    buffer.seek(0, io.SEEK_END)
    with zipfile.ZipFile(buffer, "a" if base else "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content, compresslevel=6)
    return buffer.getvalue()


def function_zip(sources: Mapping[str, bytes], dependencies: bytes) -> bytes:
    """The function's files (path inside the zip -> content) on top of its dependency zip."""
    clean = sorted((path, content) for path, content in sources.items()
                   if not _SKIPPED_PARTS.intersection(path.split("/")) and not path.endswith(".pyc"))
    return zip_files(clean, base=dependencies)
