"""Compiled templates are cached on disk between processes (a start-up speed-up for the command line); the
generated project is byte-for-byte the same with a cold cache, a warm cache, no cache, and a cache directory
that cannot be written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TARGETS = [("api", "sam", "python"), ("fan-out", "cdk", "typescript")]


def _new(tmp_path: Path, label: str, blueprint: str, iac: str, language: str, cache: str) -> bytes:
    out = tmp_path / f"{label}.zip"
    env = {**os.environ, "DESIGNER_TEMPLATE_CACHE": cache}
    subprocess.run([sys.executable, "-m", "generators", "new", blueprint, "--name", "shop", "--iac", iac,
                    "--language", language, "--out", str(out)], check=True, capture_output=True, env=env,
                   timeout=120)
    return out.read_bytes()


@pytest.mark.parametrize(("blueprint", "iac", "language"), TARGETS)
def test_the_output_does_not_depend_on_the_template_cache(tmp_path: Path, blueprint: str, iac: str,
                                                          language: str) -> None:
    cache = tmp_path / "cache"
    cold = _new(tmp_path, "cold", blueprint, iac, language, str(cache))
    compiled = sorted(cache.iterdir())
    assert compiled, "the first run writes compiled templates to the cache directory"
    warm = _new(tmp_path, "warm", blueprint, iac, language, str(cache))
    assert sorted(cache.iterdir()) == compiled  # the second run reads them and adds nothing
    off = _new(tmp_path, "off", blueprint, iac, language, "off")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    unwritable = _new(tmp_path, "unwritable", blueprint, iac, language, str(blocker / "cache"))
    assert cold == warm == off == unwritable


def test_a_cache_directory_others_can_write_is_not_used(tmp_path: Path) -> None:
    """Compiled templates are executed: a directory writable by other users is never read from or written to."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    first = _new(tmp_path, "shared", "api", "sam", "python", str(shared))
    assert list(shared.iterdir()) == []
    assert first == _new(tmp_path, "off", "api", "sam", "python", "off")
