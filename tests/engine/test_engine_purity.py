"""The engine is a pure library: importing every part of it loads no Django, Celery or boto3."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import generators

FORBIDDEN = ("django", "celery", "boto3", "botocore", "kombu", "apps", "designer")


def test_importing_every_engine_module_loads_no_web_or_aws_library() -> None:
    modules = sorted(m.name for m in pkgutil.walk_packages(generators.__path__, "generators.")
                     if not m.name.endswith("__main__"))
    assert "generators.cli" in modules
    assert "generators.renderers.sam.template" in modules
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(m.split('.')[0] for m in sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    loaded = set(json.loads(result.stdout))
    assert not loaded & set(FORBIDDEN), loaded & set(FORBIDDEN)


def test_no_engine_file_mentions_django_as_git_grep_would() -> None:
    root = Path(generators.__file__).parent
    offenders = [
        str(p) for p in root.rglob("*")
        if p.is_file() and p.suffix != ".pyc" and "django" in p.read_text(encoding="utf-8", errors="replace")
    ]
    assert offenders == []
