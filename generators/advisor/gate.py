"""The one gate every way out of the designer passes: a design with an active *error* finding is not rendered
for use (CLI `new`/`render`, zip and patch downloads, the API, the deploy pipeline).

An error finding means the project would fail at deploy or at run time (an Express workflow waiting for a
callback, …). The team can still accept one on purpose: a `silenced` entry with the rule, optionally the
component, and a reason, kept in the design (`advise` flags those findings `silenced` and they pass here).

    require_no_errors(design)          # raises ErrorFindings naming each (rule, component, message, hint)
"""

from __future__ import annotations

from generators.advisor.engine import active, advise
from generators.advisor.finding import Finding
from generators.model import Design

SILENCE_HELP = ("fix it (the advisor offers a fix for most), or accept it on purpose by adding to the design "
                "`silenced: [{rule: <id>, component: <name>, reason: <why, 10+ characters>}]`")


class ErrorFindings(Exception):
    """The design has active error findings; `str()` names each one and says how to proceed."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        count = len(self.findings)
        head = (f"the design has {count} advisor error finding{'s' if count != 1 else ''}, so no project is "
                f"generated from it; {SILENCE_HELP}:")
        return [head, *(describe(f) for f in self.findings)]

    def as_dicts(self) -> list[dict[str, str | None]]:
        return [{"rule": f.rule, "component": f.component, "path": f.path, "message": f.message, "hint": f.hint}
                for f in self.findings]


def describe(finding: Finding) -> str:
    where = finding.component or finding.edge or finding.path or "design"
    return f"{finding.rule} ({where}): {finding.message} Hint: {finding.hint}"


def blocking(findings: list[Finding]) -> list[Finding]:
    """The findings that stop a design: active (not silenced) errors."""
    return [f for f in active(findings) if f.severity == "error"]


def require_no_errors(design: Design, findings: list[Finding] | None = None) -> None:
    """Raise ErrorFindings when the design has an active error finding (pass `findings` if already advised)."""
    errors = blocking(advise(design) if findings is None else findings)
    if errors:
        raise ErrorFindings(errors)
