"""What the per-kind SAM emitters (apis, delivery) need from the template builder.

A Protocol, so that those modules depend on this small interface instead of importing sam/template.py (which
imports them to register their emitters): no import cycle, not even a type-only one.
"""

from __future__ import annotations

from typing import Any, Protocol

from generators.model import Design


class Builder(Protocol):
    design: Design

    def add(self, logical_id: str, resource: dict[str, Any]) -> None: ...

    def log_group(self) -> dict[str, Any]: ...

    def output(self, name: str, value: Any, description: str) -> None: ...
