"""Org policy services: admins set the rules; `policy_enforce` checks a design at save, download and deploy and
blocks with a message naming the rule. `policy_evidence` is what a deployment stores: every rule and its result."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from apps.audit.services import Action as AuditAction
from apps.audit.services import audit_record
from apps.policies.models import OrgPolicy
from apps.policies.rules import RUNTIMES, PolicySettings, RuleResult, evaluate
from apps.teams.models import Membership, Team
from apps.teams.permissions import Action, membership_require
from generators.model import Design, DesignInputError
from generators.model.design import REGIONS
from generators.model.io import org_defaults_from_data, parse_document
from generators.model.organisation import OrgDefaults


class Stage(StrEnum):
    SAVE = "save"
    DOWNLOAD = "download"
    DEPLOY = "deploy"


class PolicyViolation(Exception):
    """The design breaks the team's policy; the message names each rule that failed."""

    def __init__(self, stage: str, failed: list[RuleResult]) -> None:
        self.stage = stage
        self.failed = failed
        super().__init__(f"blocked by the team's policy at {stage}: " + "; ".join(
            f"rule {r.rule} ({r.title}): {r.message}" for r in failed))


class PolicyInvalid(Exception):
    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{field}: {message}" for field, message in problems))


def _settings(team_id: int) -> PolicySettings:
    policy = OrgPolicy.objects.filter(team_id=team_id).first()
    if policy is None:
        return PolicySettings()
    return PolicySettings(
        allowed_regions=tuple(policy.allowed_regions), required_tags=tuple(policy.required_tags),
        max_memory_mb=policy.max_memory_mb, max_timeout_s=policy.max_timeout_s, require_dlqs=policy.require_dlqs,
        allowed_runtimes=tuple(policy.allowed_runtimes), forbid_public_endpoints=policy.forbid_public_endpoints,
        org_defaults=_org_defaults(policy.org_defaults))


def _org_defaults(data: dict[str, Any]) -> OrgDefaults | None:
    """The stored defaults as the engine's value (validated when they were saved; None when none are set)."""
    if not data:
        return None
    try:
        return org_defaults_from_data(data)
    except DesignInputError:  # stored before a rule existed: applying nothing beats failing every render
        return None


def policy_org_defaults(*, team: Team | int) -> OrgDefaults | None:
    """The organisation defaults every render, download and deployment of the team's designs applies."""
    team_id = getattr(team, "pk", team)
    data = OrgPolicy.objects.filter(team_id=team_id).values_list("org_defaults", flat=True).first()
    return _org_defaults(data or {})


def policy_get(*, team: Team | int) -> OrgPolicy:
    team_id = getattr(team, "pk", team)
    return OrgPolicy.objects.filter(team_id=team_id).first() or OrgPolicy(team_id=team_id)


def policy_evaluate(*, team_id: int, design: Design, region: str | None = None) -> list[RuleResult]:
    return evaluate(_settings(team_id), design, region=region)


def policy_enforce(*, membership: Membership, design: Design | None, stage: str, subject: str,
                   region: str | None = None, target: str = "", via: str = "web") -> list[RuleResult]:
    """The results of every rule; raises PolicyViolation (and records the block in the audit log) if one fails.
    A design that does not validate is left to the caller (it cannot be saved, downloaded or deployed anyway)."""
    if design is None:
        return []
    results = policy_evaluate(team_id=membership.team_id, design=design, region=region)
    failed = [r for r in results if not r.passed]
    if failed:
        audit_record(team=membership.team_id, actor=membership.user, action=AuditAction.POLICY_BLOCKED,
                     subject_type="design", subject=subject, target=target, outcome="blocked", via=via,
                     detail={"stage": stage, **{r.rule: r.message for r in failed}})
        raise PolicyViolation(stage, failed)
    return results


def policy_evidence(*, results: list[RuleResult], stage: str) -> dict[str, Any]:
    return {"stage": stage, "rules": [r.as_json() for r in results]}


@dataclass(frozen=True)
class PolicyInput:
    allowed_regions: list[str]
    required_tags: list[str]
    max_memory_mb: int | None
    max_timeout_s: int | None
    require_dlqs: bool
    allowed_runtimes: list[str]
    forbid_public_endpoints: bool
    org_defaults: dict[str, Any]


def policy_clean(*, data: dict[str, Any]) -> PolicyInput:
    """Validate raw values (form or API); every problem names the field and the values allowed."""
    problems: list[tuple[str, str]] = []

    def words(name: str) -> list[str]:
        raw = data.get(name) or []
        items = [str(v).strip() for v in raw] if isinstance(raw, list) else \
            [w.strip() for w in str(raw).replace("\n", ",").split(",")]
        return sorted({w for w in items if w})

    regions = words("allowed_regions")
    bad = [r for r in regions if r not in REGIONS]
    if bad:
        problems.append(("allowed_regions", f"{', '.join(bad)} not known; allowed: {', '.join(REGIONS)}"))
    tags = words("required_tags")
    long_tags = [t for t in tags if len(t) > 128 or t.lower().startswith("aws:")]
    if long_tags:
        problems.append(("required_tags", "tag keys have 1-128 characters and do not start with aws:"))
    runtimes = words("allowed_runtimes")
    bad = [r for r in runtimes if r not in RUNTIMES]
    if bad:
        problems.append(("allowed_runtimes", f"{', '.join(bad)} not known; allowed: {', '.join(RUNTIMES)}"))

    def limit(name: str, low: int, high: int) -> int | None:
        raw = data.get(name)
        if raw in (None, ""):
            return None
        try:
            value = int(str(raw).strip())
        except ValueError:
            problems.append((name, f"{raw!r} is not a whole number; allowed: {low} to {high}, or empty for no limit"))
            return None
        if not low <= value <= high:
            problems.append((name, f"{value} is out of range; allowed: {low} to {high}, or empty for no limit"))
        return value

    memory, timeout = limit("max_memory_mb", 128, 10240), limit("max_timeout_s", 1, 900)

    def flag(name: str) -> bool:
        raw = data.get(name, False)
        if isinstance(raw, bool):
            return raw
        if str(raw).lower() in ("on", "true", "1", "yes"):
            return True
        if str(raw).lower() in ("", "off", "false", "0", "no"):
            return False
        problems.append((name, f"{raw!r} is not a yes/no value; allowed: true, false"))
        return False

    result = PolicyInput(regions, tags, memory, timeout, flag("require_dlqs"), runtimes,
                         flag("forbid_public_endpoints"), _clean_org_defaults(data.get("org_defaults"), problems))
    if problems:
        raise PolicyInvalid(problems)
    return result


ORG_DEFAULTS_EXAMPLE = """permission_boundary_arn: arn:aws:iam::123456789012:policy/ProjectBoundary
tags: {cost-centre: cc-4242, owner: platform-team}
min_log_retention_days: 365
vpc:
  subnet_ids: [subnet-0123456789abcdef0, subnet-0fedcba9876543210]
  security_group_ids: [sg-0123456789abcdef0]
kms:
  queues: arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab
  logs: arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab
ci: gitlab-ci
"""


def _clean_org_defaults(raw: Any, problems: list[tuple[str, str]]) -> dict[str, Any]:
    """Organisation defaults from the API (a JSON object) or the page (YAML or JSON text); empty = none. Each problem
    names its field under `org_defaults.`"""
    if raw in (None, "", {}) or (isinstance(raw, str) and not raw.strip()):
        return {}
    try:
        data = parse_document(raw) if isinstance(raw, str | bytes) else raw
        defaults = org_defaults_from_data(data)
    except DesignInputError as exc:
        problems.extend((f"org_defaults.{path}" if path else "org_defaults", message) for path, message in exc.problems)
        return {}
    return defaults.model_dump(mode="json", exclude_none=True, exclude_defaults=True)


def policy_update(*, membership: Membership, data: dict[str, Any], via: str = "web") -> OrgPolicy:
    membership_require(membership=membership, action=Action.MANAGE_POLICIES)
    cleaned = policy_clean(data=data)
    policy, _ = OrgPolicy.objects.update_or_create(team_id=membership.team_id, defaults={
        **cleaned.__dict__, "updated_by": membership.user})
    audit_record(team=membership.team_id, actor=membership.user, action=AuditAction.POLICY_CHANGED,
                 subject_type="policy", subject_id=policy.pk, subject=f"policy of {membership.team.name}", via=via,
                 detail={k: v for k, v in cleaned.__dict__.items() if v not in (None, [], False)})
    return policy


def policy_set_org_defaults(*, membership: Membership, org_defaults: Any, via: str = "web") -> dict[str, Any]:
    """Replace only the organisation defaults of the team's policy (the API's PUT); the other rules stay. Raises
    PolicyInvalid naming each bad field under `org_defaults.`"""
    membership_require(membership=membership, action=Action.MANAGE_POLICIES)
    problems: list[tuple[str, str]] = []
    cleaned = _clean_org_defaults(org_defaults, problems)
    if problems:
        raise PolicyInvalid(problems)
    policy, _ = OrgPolicy.objects.update_or_create(team_id=membership.team_id, defaults={
        "org_defaults": cleaned, "updated_by": membership.user})
    audit_record(team=membership.team_id, actor=membership.user, action=AuditAction.POLICY_CHANGED,
                 subject_type="policy", subject_id=policy.pk, subject=f"policy of {membership.team.name}", via=via,
                 detail={"org_defaults": cleaned})
    return cleaned
