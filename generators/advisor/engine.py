"""`advise(design)`: run every registered rule, mark silenced findings, return them in a stable order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generators.advisor.finding import SEVERITY_RANK, Finding, Severity
from generators.advisor.graph import Graph
from generators.advisor.rule import Rule
from generators.model import Design

if TYPE_CHECKING:
    from generators.cost.estimate import Estimate
    from generators.cost.traffic import Traffic


def advise(design: Design, traffic: Traffic | None = None, rules: tuple[Rule, ...] | None = None, *,
           estimate: Estimate | None = None) -> list[Finding]:
    """Every finding of every rule, errors first. Findings matched by `design.silenced` (same rule, and same
    component when the silence names one) are kept but flagged `silenced=True` with the recorded reason.

    `traffic` only changes the estimated savings of cost-lever findings (default: the cost module's defaults);
    pass the design's `estimate` when you have it, so that it is not computed twice.
    """
    if rules is None:
        from generators.advisor.registry import ALL_RULES

        rules = ALL_RULES
    graph = Graph(design, traffic, estimate)
    findings: list[Finding] = []
    for rule in rules:
        findings.extend(rule.check(graph))
    if design.silenced:
        findings = [_apply_silences(design, f) for f in findings]
    order = {rule.id: i for i, rule in enumerate(rules)}
    findings.sort(key=lambda f: (
        SEVERITY_RANK[f.severity], order.get(f.rule, 0), graph.position.get(f.component or "", -1),
        f.path or "", f.message,
    ))
    return findings


def _apply_silences(design: Design, finding: Finding) -> Finding:
    for silence in design.silenced:
        if silence.rule == finding.rule and silence.component in (None, finding.component):
            return finding.silence(silence.reason)
    return finding


def active(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if not f.silenced]


def count(findings: list[Finding], severity: Severity) -> int:
    return sum(1 for f in findings if f.severity == severity and not f.silenced)


def apply_fixes(design: Design, severities: tuple[Severity, ...] = ("error", "warning"), limit: int = 200) -> Design:
    """Apply the fixes of active findings of the given severities one at a time, re-advising after each (a fix
    can resolve or change other findings), until none is left or `limit` fixes were applied."""
    tried: set[tuple[str, str | None, str | None]] = set()
    for _ in range(limit):
        pending = [
            f for f in active(advise(design))
            if f.fix is not None and f.severity in severities and (f.rule, f.component, f.path) not in tried
        ]
        if not pending:
            break
        finding = pending[0]
        tried.add((finding.rule, finding.component, finding.path))
        assert finding.fix is not None
        design = finding.fix.apply(design)
    return design
