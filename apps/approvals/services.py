"""The approval gate and the policy evidence of deployments.

- `deployment_gate_open` (called when a deployment is requested): evaluates the org policy for the deploy stage
  (blocking with the rule's name) and stores the evidence with the deployment; for a target that requires
  approval it opens a pending Approval.
- `approval_decide`: an admin other than the requester approves or rejects, with a comment, after seeing the
  change set.
- `approval_require` (called before the change set is executed): passes only with a valid approval; an approval
  expires when the design's current revision is no longer the approved one.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from apps.approvals.models import Approval, DeploymentEvidence, TargetGate
from apps.audit.services import Action as AuditAction
from apps.audit.services import audit_record
from apps.designs.convert import design_of_revision
from apps.policies.rules import RuleResult
from apps.policies.services import PolicyViolation, Stage, policy_evaluate, policy_evidence
from apps.teams.permissions import Action, NotAllowed, membership_of, membership_require

Status = Approval.Status


class ApprovalError(Exception):
    """A request the approval services refuse; the message says why."""


__all__ = ["ApprovalError", "ApprovalNeeded", "PolicyViolation"]


class ApprovalNeeded(ApprovalError):
    """The change set may not run yet: the target requires an approval that is missing, rejected or expired."""


def target_requires_approval(*, target: Any) -> bool:
    gate = TargetGate.objects.filter(target=target).first()
    return gate.requires_approval if gate is not None else target.environment == "prod"


def target_set_gate(*, target: Any, requires_approval: bool, changed_by: Any) -> TargetGate:
    membership_require(membership=membership_of(user=changed_by, team_id=target.team_id),
                       action=Action.MANAGE_TARGETS)
    gate, _ = TargetGate.objects.update_or_create(target=target, defaults={"requires_approval": requires_approval})
    audit_record(team=target.team_id, actor=changed_by, action=AuditAction.CHANGED, subject_type="target",
                 subject_id=target.pk, subject=target.name, target=target.name,
                 detail={"requires_approval": requires_approval})
    return gate


def deployment_policy_check(*, revision: Any, target: Any, requested_by: Any, via: str = "web"
                            ) -> list[RuleResult]:
    """The org policy for a deployment of `revision` to `target` (the target's region included). Raises
    PolicyViolation naming the rules that failed (and records the block) before anything is deployed."""
    results = policy_evaluate(team_id=target.team_id, design=design_of_revision(revision), region=target.region)
    failed = [r for r in results if not r.passed]
    if failed:
        audit_record(team=target.team_id, actor=requested_by, action=AuditAction.POLICY_BLOCKED,
                     subject_type="deployment", subject=f"{revision.design.name} r{revision.number}",
                     target=target.name, outcome="blocked", via=via,
                     detail={"stage": "deploy", **{r.rule: r.message for r in failed}})
        raise PolicyViolation(Stage.DEPLOY, failed)
    return results


def deployment_gate_open(*, deployment: Any, requested_by: Any, results: list[RuleResult], via: str = "web",
                         approval_required: bool = False) -> Approval | None:
    """Store the policy evidence with a new deployment, record the request, and open its approval when the
    target requires one (or the caller does: `approval_required`)."""
    target, revision = deployment.target, deployment.revision
    evidence = policy_evidence(results=results, stage=Stage.DEPLOY)
    DeploymentEvidence.objects.update_or_create(deployment=deployment, defaults={
        "passed": all(r.passed for r in results), "rules": evidence["rules"]})
    label = f"{deployment.design.name} r{revision.number}"
    audit_record(team=target.team_id, actor=requested_by, action=AuditAction.DEPLOY_REQUESTED,
                 subject_type="deployment", subject_id=deployment.pk, subject=label, target=target.name, via=via,
                 detail={"policy": "passed" if all(r.passed for r in results) else "failed"})
    if not (approval_required or target_requires_approval(target=target)):
        return None
    approval = Approval.objects.create(deployment=deployment, revision=revision,
                                       requested_by=requested_by if getattr(requested_by, "pk", None) else None)
    audit_record(team=target.team_id, actor=requested_by, action=AuditAction.APPROVAL_REQUESTED,
                 subject_type="deployment", subject_id=deployment.pk, subject=label, target=target.name,
                 outcome="pending", via=via)
    return approval


def approval_refresh(*, approval: Approval) -> Approval:
    """Expire a pending or approved approval whose revision is no longer the design's current one."""
    if approval.status in (Status.PENDING, Status.APPROVED):
        current = approval.deployment.design.current_revision_id
        if current != approval.revision_id:
            approval.status = Status.EXPIRED
            approval.expired_reason = (f"the design changed after revision {approval.revision.number} was "
                                       f"{'approved' if approval.decided_at else 'submitted'}; deploy the new "
                                       "revision and ask again")
            approval.save(update_fields=["status", "expired_reason"])
    return approval


def approval_decide(*, approval: Approval, decided_by: Any, approve: bool, comment: str, via: str = "web"
                    ) -> Approval:
    """Approve or reject. Only an admin of the target's team who did not request the deployment, and for a
    deployment an AI assistant requested through MCP only a person in the portal (`via="web"`), not a token; a
    comment is required (it is what the audit log keeps)."""
    deployment = approval.deployment
    membership = membership_of(user=decided_by, team_id=deployment.target.team_id)
    membership_require(membership=membership, action=Action.APPROVE)
    if approval.requested_by_id is not None and approval.requested_by_id == decided_by.pk:
        raise NotAllowed("you requested this deployment; another admin of the team must approve or reject it")
    if via != "web" and approval_requested_by_agent(approval=approval):
        raise NotAllowed("an AI assistant requested this deployment through MCP; a person approves or rejects it "
                         "in the portal, not with a token")
    comment = (comment or "").strip()
    if not 1 <= len(comment) <= 2000:
        raise ApprovalError("comment: say why, in 1 to 2000 characters")
    with transaction.atomic():
        locked = Approval.objects.select_for_update().select_related("deployment__design", "revision").get(
            pk=approval.pk)
        approval_refresh(approval=locked)
        if locked.status != Status.PENDING:
            raise ApprovalError(f"this approval is {locked.status}"
                                + (f": {locked.expired_reason}" if locked.expired_reason else "")
                                + "; there is nothing to decide")
        locked.status = Status.APPROVED if approve else Status.REJECTED
        locked.decided_by = decided_by
        locked.decided_at = timezone.now()
        locked.comment = comment
        locked.save(update_fields=["status", "decided_by", "decided_at", "comment"])
        audit_record(team=deployment.target.team_id, actor=decided_by,
                     action=AuditAction.APPROVED if approve else AuditAction.REJECTED, subject_type="deployment",
                     subject_id=deployment.pk, subject=f"{deployment.design.name} r{locked.revision.number}",
                     target=deployment.target.name, outcome=locked.status, via=via, detail={"comment": comment})
    return locked


def approval_requested_by_agent(*, approval: Approval) -> bool:
    """Whether the approval was opened by a tool call through MCP (the audit log records the channel)."""
    from apps.audit.models import AuditEntry

    return AuditEntry.objects.filter(action=AuditAction.APPROVAL_REQUESTED, subject_type="deployment",
                                     subject_id=str(approval.deployment_id), via="mcp").exists()


def approval_require(*, deployment: Any) -> None:
    """Raise ApprovalNeeded unless the deployment may run (no gate, or a valid approval)."""
    approval = Approval.objects.select_related("deployment__design", "revision").filter(
        deployment=deployment).first()
    if approval is None:
        if deployment.kind == "deploy" and deployment.revision_id and \
                target_requires_approval(target=deployment.target):
            raise ApprovalNeeded(f"{deployment.target.name} requires approval and none was requested")
        return
    approval_refresh(approval=approval)
    if approval.status != Status.APPROVED:
        reason = {Status.PENDING: "it waits for an admin other than the requester to approve it",
                  Status.REJECTED: f"it was rejected: {approval.comment}",
                  Status.EXPIRED: f"the approval expired: {approval.expired_reason}"}[Status(approval.status)]
        raise ApprovalNeeded(f"{deployment.target.name} requires approval; {reason}")


def approvals_pending(*, team_id: int) -> list[Approval]:
    pending = Approval.objects.filter(deployment__target__team_id=team_id, status=Status.PENDING).select_related(
        "deployment__design", "deployment__target", "revision", "requested_by")
    return [a for a in pending if approval_refresh(approval=a).status == Status.PENDING]


def deployment_outcome_record(*, deployment: Any) -> None:
    """The deployment reached a terminal status: record the outcome in the audit log (once)."""
    from apps.audit.models import AuditEntry

    if AuditEntry.objects.filter(action=AuditAction.DEPLOYED, subject_type="deployment",
                                 subject_id=str(deployment.pk)).exists():
        return
    label = f"{deployment.design.name} r{deployment.revision.number}" if deployment.revision else deployment.stack_name
    audit_record(team=deployment.target.team_id, actor=deployment.requested_by, action=AuditAction.DEPLOYED,
                 subject_type="deployment", subject_id=deployment.pk, subject=label, target=deployment.target.name,
                 outcome=deployment.status, detail={"kind": deployment.kind, "stack": deployment.stack_name,
                                                    "error": deployment.error[:300]})


def target_recorded(*, target: Any, actor: Any, action: str) -> None:
    """A target was created or is about to be deleted: the audit log keeps who and which account and region."""
    audit_record(team=target.team_id, actor=actor, action=action, subject_type="target", subject_id=target.pk,
                 subject=target.name, target=target.name,
                 detail={"environment": target.environment, "region": target.region, "kind": target.kind})


def teardown_recorded(*, deployment: Any, actor: Any) -> None:
    """A stack deletion was requested (its outcome is recorded when it ends, like a deployment's)."""
    audit_record(team=deployment.target.team_id, actor=actor, action=AuditAction.DEPLOY_REQUESTED,
                 subject_type="deployment", subject_id=deployment.pk, subject=f"delete stack {deployment.stack_name}",
                 target=deployment.target.name, detail={"kind": "teardown"})
