"""Loads each function's handler from its file, as Lambda does: the function's folder is its code root.

Handlers are not imported by package name: a function may be named like a standard-library module
(`email`, `queue`, `json`...), and putting src/ on sys.path would shadow that module.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

SRC = Path(__file__).resolve().parents[1] / "src"


def load_handler(function: str) -> ModuleType:
    """src/<function>/app.py as the module `<function>_app`, imported once."""
    name = f"{function}_app"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, SRC / function / "app.py")
    if spec is None or spec.loader is None:
        raise ImportError(f"no handler at {SRC / function / 'app.py'}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
