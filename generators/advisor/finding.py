"""What the advisor reports: a Finding, its severity and the Fix that may come with it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from generators.model import Design
from generators.model.io import design_from_data, design_to_data

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
SEVERITY_RANK: dict[str, int] = {severity: rank for rank, severity in enumerate(SEVERITIES)}


@dataclass(frozen=True)
class Fix:
    """A change that resolves a finding. `change` edits a private deep copy; `apply` never touches its input
    and returns a design that passed full validation again (a fix that would break the graph raises)."""

    description: str
    change: Callable[[Design], None] = field(repr=False, compare=False)

    def apply(self, design: Design) -> Design:
        draft = design.model_copy(deep=True)
        self.change(draft)
        return design_from_data(design_to_data(draft))


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    title: str
    message: str
    hint: str
    source: str
    component: str | None = None
    path: str | None = None
    connection: int | None = None
    edge: str | None = None
    """The connection a finding concerns, as `source -kind-> target`."""
    fix: Fix | None = None
    saving_usd_month: float | None = None
    silenced: bool = False
    silence_reason: str | None = None

    def silence(self, reason: str) -> Finding:
        return replace(self, silenced=True, silence_reason=reason)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "title": self.title,
            "component": self.component,
            "path": self.path,
            "connection": self.connection,
            "edge": self.edge,
            "message": self.message,
            "hint": self.hint,
            "source": self.source,
            "fix": self.fix.description if self.fix else None,
            "saving_usd_month": self.saving_usd_month,
            "silenced": self.silenced,
            "silence_reason": self.silence_reason,
        }
