"""`{% approval_panel deployment %}` on the deployment page and `{% target_gate target %}` on the targets page:
presentation only (the services decide)."""

from __future__ import annotations

from typing import Any

from django import template

from apps.approvals import services
from apps.approvals.models import Approval, DeploymentEvidence
from apps.teams.permissions import Action, membership_can, membership_of

register = template.Library()


@register.inclusion_tag("approvals/_panel.html", takes_context=True)
def approval_panel(context: Any, deployment: Any) -> dict[str, Any]:
    user = context["request"].user
    approval = Approval.objects.filter(deployment=deployment).select_related(
        "requested_by", "decided_by", "revision", "deployment__design").first()
    if approval is not None:
        approval = services.approval_refresh(approval=approval)
    membership = membership_of(user=user, team_id=deployment.target.team_id)
    can_decide = (approval is not None and approval.status == Approval.Status.PENDING
                  and membership_can(membership=membership, action=Action.APPROVE)
                  and approval.requested_by_id != user.pk)
    evidence = DeploymentEvidence.objects.filter(deployment=deployment).first()
    rules = evidence.rules if evidence is not None else []
    # rules the policy does not set are named in one line, not given a table row each (they pushed the change
    # set below the fold)
    return {"approval": approval, "can_decide": can_decide, "deployment": deployment, "evidence": evidence,
            "applied_rules": [r for r in rules if r.get("applies")],
            "unset_rules": [r for r in rules if not r.get("applies")],
            "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("approvals/_gate.html", takes_context=True)
def target_gate(context: Any, target: Any) -> dict[str, Any]:
    membership = membership_of(user=context["request"].user, team_id=target.team_id)
    return {"target": target, "requires": services.target_requires_approval(target=target),
            "can_change": membership_can(membership=membership, action=Action.MANAGE_TARGETS),
            "csrf_token": context.get("csrf_token")}
