"""Deployment operations of the JSON API: targets, start a deployment, poll it, confirm its change set, and
approve or reject it. The same services as the deployment pages (role, policy and approval checks included)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Status

from apps.api import schemas
from apps.api.api import ERRORS, _caller, _design, _guard, _revision, api
from apps.api.errors import ApiError
from apps.approvals import services as approvals
from apps.approvals.models import Approval, DeploymentEvidence
from apps.deployments import services as deployments
from apps.deployments.models import Deployment, Target
from apps.policies.services import PolicyViolation
from apps.teams.permissions import Action, NotAllowed


def _refusal(error: Exception) -> ApiError:
    if isinstance(error, NotAllowed | deployments.NotAllowed):
        return ApiError(403, str(error))
    if isinstance(error, PolicyViolation):
        return ApiError(403, str(error))
    if isinstance(error, deployments.DeploymentBusy | approvals.ApprovalNeeded | approvals.ApprovalError):
        return ApiError(409, str(error))
    return ApiError(409, str(error))


def _deployment(caller: Any, deployment_id: int) -> Deployment:
    return get_object_or_404(Deployment.objects.select_related("target", "design", "revision"), pk=deployment_id,
                             target__team_id=caller.membership.team_id)


def _deployment_out(deployment: Deployment) -> dict[str, Any]:
    approval = Approval.objects.filter(deployment=deployment).select_related("requested_by", "decided_by").first()
    if approval is not None:
        approval = approvals.approval_refresh(approval=approval)
    evidence = DeploymentEvidence.objects.filter(deployment=deployment).first()
    return {
        "id": deployment.pk, "status": deployment.status, "status_label": deployment.status_label,
        "terminal": deployment.is_terminal, "design_id": deployment.design_id,
        "revision": deployment.revision.number if deployment.revision else None, "target_id": deployment.target_id,
        "stack_name": deployment.stack_name, "changes": deployment.changes or [], "outputs": deployment.outputs or [],
        "error": deployment.error,
        "events": [{"id": e.pk, "at": e.created_at, "level": e.level, "message": e.message}
                   for e in deployment.events.order_by("id")],
        "approval": None if approval is None else {
            "status": approval.status,
            "requested_by": approval.requested_by.get_username() if approval.requested_by else "",
            "decided_by": approval.decided_by.get_username() if approval.decided_by else "",
            "comment": approval.comment, "expired_reason": approval.expired_reason},
        "policy_evidence": evidence.rules if evidence else [],
    }


@api.get("/targets", response={200: list[schemas.TargetOut], **ERRORS}, tags=["deployments"])
def list_targets(request: HttpRequest) -> Any:
    """Where the token's team can deploy (scope read)."""
    caller = _caller(request, "read")
    _guard(caller, Action.READ)
    return [{"id": t.pk, "name": t.name, "environment": t.environment, "region": t.region, "kind": t.kind,
             "requires_approval": approvals.target_requires_approval(target=t)}
            for t in Target.objects.filter(team_id=caller.membership.team_id)]


@api.post("/deployments", response={201: schemas.DeploymentOut, **ERRORS}, tags=["deployments"])
def start_deployment(request: HttpRequest, body: schemas.DeployIn) -> Any:
    """Deploy a revision to a target (scope deploy). The worker prepares the change set; poll the deployment until
    its status is `review` (then confirm), or terminal."""
    caller = _caller(request, "deploy")
    design = _design(caller, body.design_id)
    revision = _revision(design, body.revision)
    target = get_object_or_404(Target, pk=body.target_id, team_id=caller.membership.team_id)
    try:
        with transaction.atomic():
            deployment = deployments.deployment_create(revision=revision, target=target, requested_by=caller.user)
    except (deployments.DeploymentError, NotAllowed, PolicyViolation) as error:
        raise _refusal(error) from error
    return Status(201, _deployment_out(deployment))


@api.get("/deployments/{deployment_id}", response={200: schemas.DeploymentOut, **ERRORS}, tags=["deployments"])
def get_deployment(request: HttpRequest, deployment_id: int) -> Any:
    """A deployment's status, change set, events, outputs, approval and policy evidence (scope read)."""
    caller = _caller(request, "read")
    _guard(caller, Action.READ)
    deployment = _deployment(caller, deployment_id)
    deployments.deployment_expire_overdue()
    deployment.refresh_from_db()
    return _deployment_out(deployment)


@api.post("/deployments/{deployment_id}/confirm", response={200: schemas.DeploymentOut, **ERRORS},
          tags=["deployments"])
def confirm_deployment(request: HttpRequest, deployment_id: int) -> Any:
    """Execute the change set of a deployment in `review` (scope deploy; an approval first where required)."""
    caller = _caller(request, "deploy")
    deployment = _deployment(caller, deployment_id)
    try:
        with transaction.atomic():
            deployments.deployment_confirm(deployment=deployment, confirmed_by=caller.user)
    except (deployments.DeploymentError, NotAllowed, approvals.ApprovalError) as error:
        raise _refusal(error) from error
    deployment.refresh_from_db()
    return _deployment_out(deployment)


@api.post("/deployments/{deployment_id}/cancel", response={200: schemas.DeploymentOut, **ERRORS},
          tags=["deployments"])
def cancel_deployment(request: HttpRequest, deployment_id: int) -> Any:
    """Cancel a deployment (scope deploy): its change set is deleted, or a running update rolled back and a new
    stack deleted; poll until the status is `cancelled`. Audited."""
    caller = _caller(request, "deploy")
    deployment = _deployment(caller, deployment_id)
    try:
        with transaction.atomic():
            deployments.deployment_cancel(deployment=deployment, cancelled_by=caller.user, via="api")
    except (deployments.DeploymentError, NotAllowed) as error:
        raise _refusal(error) from error
    deployment.refresh_from_db()
    return _deployment_out(deployment)


@api.post("/deployments/{deployment_id}/approval", response={200: schemas.DeploymentOut, **ERRORS},
          tags=["deployments"])
def decide_approval(request: HttpRequest, deployment_id: int, body: schemas.DecisionIn) -> Any:
    """Approve or reject a deployment waiting for approval, with a comment (scope approve; an admin other than
    the requester; not one an AI assistant requested through MCP: a person decides that one in the portal)."""
    caller = _caller(request, "approve")
    deployment = _deployment(caller, deployment_id)
    approval = Approval.objects.filter(deployment=deployment).first()
    if approval is None:
        raise ApiError(409, "this deployment does not wait for an approval")
    try:
        approvals.approval_decide(approval=approval, decided_by=caller.user, approve=body.decision == "approve",
                                  comment=body.comment, via="api")
    except (NotAllowed, approvals.ApprovalError) as error:
        raise _refusal(error) from error
    deployment.refresh_from_db()
    return _deployment_out(deployment)
