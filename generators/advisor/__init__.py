"""The design advisor: best-practice rules from the seed catalog §2, checked on a Design, with fixes.

    findings = advise(design)          # every finding, errors first; silenced ones flagged
    fixed = finding.fix.apply(design)  # a new, validated Design (the input is never changed)
"""

from __future__ import annotations

from generators.advisor.engine import active, advise, apply_fixes, count
from generators.advisor.finding import SEVERITIES, Finding, Fix, Severity
from generators.advisor.gate import ErrorFindings, blocking, require_no_errors
from generators.advisor.registry import ALL_RULES, RULES_BY_ID
from generators.advisor.rule import Rule

__all__ = [
    "ALL_RULES", "RULES_BY_ID", "SEVERITIES", "ErrorFindings", "Finding", "Fix", "Rule", "Severity", "active", "advise",
    "apply_fixes", "blocking", "count", "require_no_errors",
]
