"""cfn-lint over the template a deployment is about to send, with each problem tied to its resource."""

from __future__ import annotations

import functools
import json
from dataclasses import asdict, dataclass
from typing import Any

from cfnlint.api import ManualArgs, lint


@dataclass(frozen=True)
class LintProblem:
    rule: str
    severity: str  # "error" | "warning" | "informational"
    resource: str  # logical id ("" for template-level problems)
    path: str
    message: str
    stage: str  # "source" (the SAM template as packaged) or "final" (what CloudFormation receives)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def as_dict(self) -> dict[str, str]:
        return asdict(self)

    def describe(self) -> str:
        where = f"{self.resource}: " if self.resource else ""
        return f"{self.rule} {where}{self.message}"


def lint_template(template: dict[str, Any], *, region: str, stage: str,
                  sources: frozenset[str] = frozenset()) -> list[LintProblem]:
    """Errors and warnings of cfn-lint (informational findings are dropped).

    `sources` are the logical ids of the template before the SAM transform: a problem in an expanded
    resource (RouterRole) names the resource the user wrote (Router) too.
    """
    problems = []
    for rule, severity, path, message in _lint_cached(json.dumps(template, sort_keys=True), region):
        resource = path[1] if len(path) > 1 and path[0] == "Resources" else ""
        origin = _origin(resource, sources)
        if origin and origin != resource:
            resource = f"{resource} (from {origin})"
        problems.append(LintProblem(rule=rule, severity=severity, resource=resource,
                                    path="/".join(path), message=message, stage=stage))
    return problems


@functools.lru_cache(maxsize=64)
def _lint_cached(text: str, region: str) -> tuple[tuple[str, str, tuple[str, ...], str], ...]:
    """cfn-lint takes about a second per template; a redeployed revision sends the same template again."""
    found = []
    for match in lint(text, config=ManualArgs(regions=[region])):
        severity = str(match.rule.severity).lower()
        if severity in {"error", "warning"}:
            found.append((str(match.rule.id), severity, tuple(str(part) for part in match.path), str(match.message)))
    return tuple(found)


def _origin(logical_id: str, sources: frozenset[str]) -> str:
    """The longest source id that prefixes an expanded id: SAM names what it generates after its resource."""
    candidates = [source for source in sources if logical_id.startswith(source)]
    return max(candidates, key=len) if candidates else ""
