"""The policy rules, evaluated against a Design (pure: engine values in, results out).

Each rule has an id and a title, says whether it passed and, if not, why, naming the components."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from generators.model import Design
from generators.model.organisation import OrgDefaults

# what each project language runs on in the generated templates (generators/renderers/sam/template.py)
RUNTIME_OF_LANGUAGE = {"python": "python3.12", "typescript": "nodejs22.x"}
RUNTIMES = tuple(RUNTIME_OF_LANGUAGE.values())


@dataclass(frozen=True)
class RuleResult:
    rule: str
    title: str
    passed: bool
    applies: bool
    message: str

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class PolicySettings:
    allowed_regions: tuple[str, ...] = ()
    required_tags: tuple[str, ...] = ()
    max_memory_mb: int | None = None
    max_timeout_s: int | None = None
    require_dlqs: bool = False
    allowed_runtimes: tuple[str, ...] = ()
    forbid_public_endpoints: bool = False
    org_defaults: OrgDefaults | None = None


def _result(rule: str, title: str, applies: bool, problems: list[str], ok: str) -> RuleResult:
    if not applies:
        return RuleResult(rule, title, True, False, "not set")
    if problems:
        return RuleResult(rule, title, False, True, "; ".join(problems))
    return RuleResult(rule, title, True, True, ok)


def evaluate(policy: PolicySettings, design: Design, *, region: str | None = None) -> list[RuleResult]:
    """Every rule, in a fixed order. `region` is the deploy target's region (it must be allowed too)."""
    results = []
    regions = [design.project.region] + ([region] if region and region != design.project.region else [])
    results.append(_result(
        "allowed-regions", "Allowed regions", bool(policy.allowed_regions),
        [f"region {r} is not allowed; allowed: {', '.join(policy.allowed_regions)}"
         for r in regions if r not in policy.allowed_regions],
        f"{', '.join(regions)} allowed"))
    org = policy.org_defaults
    tags = {**design.project.tags, **(org.tags if org else {})}  # the organisation's tags are printed on every stack
    missing = [t for t in policy.required_tags if not tags.get(t)]
    results.append(_result(
        "required-tags", "Required tags", bool(policy.required_tags),
        [f"project.tags is missing {', '.join(missing)} (required: {', '.join(policy.required_tags)})"]
        if missing else [], "all required tags set"))
    functions = design.functions()
    results.append(_result(
        "max-memory", "Maximum function memory", policy.max_memory_mb is not None,
        [f"function {f.name} has memory_mb {f.memory_mb}; the maximum is {policy.max_memory_mb}"
         for f in functions if policy.max_memory_mb is not None and f.memory_mb > policy.max_memory_mb],
        "every function within the limit"))
    results.append(_result(
        "max-timeout", "Maximum function timeout", policy.max_timeout_s is not None,
        [f"function {f.name} has timeout_s {f.timeout_s}; the maximum is {policy.max_timeout_s}"
         for f in functions if policy.max_timeout_s is not None and f.timeout_s > policy.max_timeout_s],
        "every function within the limit"))
    results.append(_result("required-dlqs", "Dead-letter queues required", policy.require_dlqs, _dlq_problems(design),
                           "every queue and schedule has a dead-letter queue"))
    runtime = RUNTIME_OF_LANGUAGE[design.project.language]
    results.append(_result(
        "allowed-runtimes", "Allowed runtimes", bool(policy.allowed_runtimes),
        [] if runtime in policy.allowed_runtimes else
        [f"project.language {design.project.language} runs on {runtime}, which is not allowed; allowed: "
         f"{', '.join(policy.allowed_runtimes)}"], f"{runtime} allowed"))
    results.append(_result("no-public-endpoints", "No public endpoints without auth", policy.forbid_public_endpoints,
                           _public_problems(design), "every endpoint requires auth"))
    results.extend(_org_default_results(org, design))
    return results


def _org_default_results(org: OrgDefaults | None, design: Design) -> list[RuleResult]:
    """The organisation defaults: applied to every generated project (retention below the minimum is raised, not
    refused); a design the defaults cannot reach (an imported template is rendered back as it is) is flagged."""
    imported = design.imported is not None
    minimum = org.min_log_retention_days if org else None
    raised = [f"{e.name} {e.log_retention_days} → {minimum} days" for e in design.project.environments
              if minimum is not None and 0 < e.log_retention_days < minimum]
    results = [_result(
        "org-log-retention", "Log retention minimum (organisation default)", minimum is not None,
        ["the imported template keeps its own log retention; set it to at least "
         f"{minimum} days in the template"] if imported else [],
        f"raised by the organisation default: {', '.join(raised)}" if raised
        else f"every environment keeps logs at least {minimum} days")]
    results.append(_result(
        "org-vpc", "Functions in the organisation VPC", bool(org and org.vpc),
        ["the imported template's functions stay outside the organisation VPC (the designer renders an imported "
         "template back as it is); add VpcConfig to them in the template"] if imported else [],
        f"{len(design.functions())} function(s) run in the organisation VPC"))
    results.append(_result(
        "org-permission-boundary", "Permission boundary (organisation default)",
        bool(org and org.permission_boundary_arn),
        ["the imported template's roles have no permissions boundary (rendered back as they are); add "
         "PermissionsBoundary to them in the template"] if imported else [],
        "every role the project creates gets the boundary"))
    return results


def _dlq_problems(design: Design) -> list[str]:
    """Queues and schedules keep their DLQ; stream triggers send failed batches to one; topic subscriptions and
    event bus rules have one (an unset value is the generator's default, which is on)."""
    problems = []
    for component in design.components:
        if component.kind in ("queue", "schedule") and not getattr(component, "dlq", True):
            problems.append(f"{component.kind} {component.name} has dlq off")
    for connection in design.connections:
        if connection.kind != "triggers":
            continue
        for setting in ("on_failure_dlq", "dlq"):
            if getattr(connection, setting, None) is False:
                problems.append(f"connection {connection.source} -triggers-> {connection.target} has {setting} off")
    return problems


def _public_problems(design: Design) -> list[str]:
    problems = []
    for component in design.components:
        if component.kind in ("http_api", "rest_api", "function_url") and getattr(component, "auth", "") == "none":
            problems.append(f"{component.kind} {component.name} has auth none (public)")
    return problems
