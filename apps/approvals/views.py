"""Approve or reject a deployment (the form is on the deployment's page), and the gate setting of a target."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from apps.approvals import services
from apps.approvals.models import Approval
from apps.deployments import selectors as deployment_selectors
from apps.teams.web import refusals_as_403


@require_POST
@refusals_as_403
def approval_decide(request: HttpRequest, pk: int) -> HttpResponse:
    deployment = deployment_selectors.deployment_get(user=request.user, pk=pk)
    approval = Approval.objects.filter(deployment=deployment).first()
    if approval is None:
        raise Http404("this deployment does not wait for an approval")
    decision = request.POST.get("decision", "")
    if decision not in ("approve", "reject"):
        messages.error(request, f"decision: {decision[:20]!r} is not allowed; allowed: approve, reject")
        return redirect("deployment-detail", pk=deployment.pk)
    try:
        services.approval_decide(approval=approval, decided_by=request.user, approve=decision == "approve",
                                 comment=request.POST.get("comment", ""))
    except services.ApprovalError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Deployment #{deployment.pk} {decision}d.")
    return redirect("deployment-detail", pk=deployment.pk)


@require_POST
@refusals_as_403
def target_gate(request: HttpRequest, pk: int) -> HttpResponse:
    target = deployment_selectors.target_get(user=request.user, pk=pk)
    raw = request.POST.get("requires_approval", "")
    if raw not in ("on", "off"):
        messages.error(request, f"requires_approval: {raw[:20]!r} is not allowed; allowed: on, off")
    else:
        services.target_set_gate(target=target, requires_approval=raw == "on", changed_by=request.user)
        messages.success(request, f"{target.name} {'now requires' if raw == 'on' else 'no longer requires'} "
                                  "approval for deployments.")
    return redirect("target-list")
