"""The team's policy page: every member sees the rules (they apply to their work); admins change them."""

from __future__ import annotations

import yaml
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from apps.policies import services
from apps.policies.rules import RUNTIMES
from apps.teams.permissions import Action, membership_can
from apps.teams.web import current_membership, refusals_as_403
from generators.model.design import REGIONS


@require_http_methods(["GET", "POST"])
@refusals_as_403
def policy_edit(request: HttpRequest) -> HttpResponse:
    membership = current_membership(request)
    problems: list[tuple[str, str]] = []
    if request.method == "POST":
        data = {k: request.POST.get(k, "") for k in ("required_tags", "max_memory_mb", "max_timeout_s",
                                                     "require_dlqs", "forbid_public_endpoints", "org_defaults")}
        data["allowed_regions"] = request.POST.getlist("allowed_regions")
        data["allowed_runtimes"] = request.POST.getlist("allowed_runtimes")
        try:
            services.policy_update(membership=membership, data=data)
        except services.PolicyInvalid as invalid:
            problems = invalid.problems
        else:
            messages.success(request, "Policy saved; it applies from the next save, download and deployment.")
            return redirect("policy-edit")
    policy = services.policy_get(team=membership.team_id)
    org_defaults_text = request.POST.get("org_defaults", "") if problems else (
        yaml.safe_dump(policy.org_defaults, sort_keys=False) if policy.org_defaults else "")
    return render(request, "policies/edit.html", {
        "membership": membership, "policy": policy, "problems": problems, "regions": REGIONS,
        "org_defaults_text": org_defaults_text,
        "org_defaults_invalid": any(field.startswith("org_defaults") for field, _ in problems),
        "org_defaults_example": services.ORG_DEFAULTS_EXAMPLE,
        "runtimes": RUNTIMES, "can_edit": membership_can(membership=membership, action=Action.MANAGE_POLICIES),
    }, status=400 if problems else 200)
