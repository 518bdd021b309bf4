"""The approval gate: a production deployment waits for an admin other than the requester; the approver sees the
change set; the approval expires when the design changes; the policy evidence is stored with the deployment; all
of it is in the audit log."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from apps.approvals import services as approvals
from apps.approvals.models import Approval, DeploymentEvidence
from apps.audit.models import AuditEntry
from apps.deployments import services as deployments
from apps.deployments.models import Deployment, Target
from apps.designs.models import Design
from apps.policies import services as policy_services
from apps.teams.models import Role
from apps.teams.permissions import NotAllowed
from apps.teams.services import membership_add
from tests.portal.conftest import People, client_for, save_revision

CHANGES = [{"action": "Add", "logical_id": "Processor", "type": "AWS::Lambda::Function", "replacement": ""}]


@pytest.fixture
def zoe(people: People) -> User:
    """A second admin of shop: the one who approves alice's production deployments."""
    user = User.objects.create_user("zoe", password="zoe-secret-1")
    membership_add(team=people.shop, user=user, role=Role.ADMIN)
    return user


@pytest.fixture
def prod(people: People) -> Target:
    return deployments.target_create(team=people.shop, name="prod", kind="role", environment="prod",
                                     role_arn="arn:aws:iam::123456789012:role/prod")


def _in_review(deployment: Deployment) -> Deployment:
    """Where the worker leaves it: the change set is ready for review (no AWS needed for the gate)."""
    Deployment.objects.filter(pk=deployment.pk).update(status=Deployment.Status.REVIEW, changes=CHANGES)
    deployment.refresh_from_db()
    return deployment


def test_production_waits_for_another_admin_who_sees_the_change_set(people: People, design: Design, zoe: User,
                                                                     prod: Target) -> None:
    deployment = _in_review(deployments.deployment_create(revision=design.current_revision, target=prod,
                                                          requested_by=people.alice))
    approval = Approval.objects.get(deployment=deployment)
    assert approval.status == "pending"

    with pytest.raises(deployments.DeploymentError, match="prod requires approval; it waits for an admin other"):
        deployments.deployment_confirm(deployment=deployment, confirmed_by=people.alice)
    with pytest.raises(NotAllowed, match="you requested this deployment; another admin"):
        approvals.approval_decide(approval=approval, decided_by=people.alice, approve=True, comment="me")
    with pytest.raises(NotAllowed, match="approve production deployments you need the admin role"):
        approvals.approval_decide(approval=approval, decided_by=people.dave, approve=True, comment="ok")

    page = client_for(zoe).get(reverse("deployment-detail", args=[deployment.pk])).content.decode()
    assert "Processor" in page
    assert 'id="approval-form"' in page
    assert 'id="approval-form"' not in client_for(people.alice).get(
        reverse("deployment-detail", args=[deployment.pk])).content.decode()
    response = client_for(zoe).post(reverse("approval-decide", args=[deployment.pk]),
                                    {"decision": "approve", "comment": "change set reviewed"})
    assert response.status_code == 302

    deployments.deployment_confirm(deployment=deployment, confirmed_by=people.alice)
    deployment.refresh_from_db()
    assert deployment.status == Deployment.Status.EXECUTING
    actions = list(AuditEntry.objects.filter(subject_type="deployment").order_by("id").values_list(
        "action", "actor_name", "target", "outcome"))
    assert actions == [("deploy_requested", "alice", "prod", "ok"), ("approval_requested", "alice", "prod", "pending"),
                       ("approved", "zoe", "prod", "approved")]
    assert AuditEntry.objects.get(action="approved").detail == {"comment": "change set reviewed"}


def test_an_approval_expires_when_the_design_gets_a_new_revision(people: People, design: Design, zoe: User,
                                                                  prod: Target) -> None:
    deployment = _in_review(deployments.deployment_create(revision=design.current_revision, target=prod,
                                                          requested_by=people.alice))
    approvals.approval_decide(approval=deployment.approval, decided_by=zoe, approve=True, comment="fine")

    save_revision(people.membership(people.erin), design, options={"source": "kinesis"})

    with pytest.raises(deployments.DeploymentError, match="the approval expired: the design changed after revision 1"):
        deployments.deployment_confirm(deployment=deployment, confirmed_by=people.alice)
    assert Approval.objects.get(deployment=deployment).status == "expired"


def test_a_rejection_keeps_the_change_set_from_running_and_its_comment_is_shown(people: People, design: Design,
                                                                                zoe: User, prod: Target) -> None:
    deployment = _in_review(deployments.deployment_create(revision=design.current_revision, target=prod,
                                                          requested_by=people.alice))
    with pytest.raises(approvals.ApprovalError, match="comment: say why"):
        approvals.approval_decide(approval=deployment.approval, decided_by=zoe, approve=False, comment=" ")
    approvals.approval_decide(approval=deployment.approval, decided_by=zoe, approve=False, comment="not on Friday")

    with pytest.raises(deployments.DeploymentError, match="it was rejected: not on Friday"):
        deployments.deployment_confirm(deployment=deployment, confirmed_by=people.alice)
    deployments.deployment_cancel(deployment=deployment, cancelled_by=people.alice)
    # a worker deletes the change set on the target, then the outcome "cancelled" is audited (tests/deployments)
    cancelled = AuditEntry.objects.get(action="deploy_cancelled")
    assert (cancelled.actor, cancelled.target) == (people.alice, "prod")


def test_a_dev_target_needs_no_approval_unless_an_admin_marks_it(people: People, design: Design) -> None:
    dev = deployments.target_create(team=people.shop, name="dev", kind="role", environment="dev",
                                    role_arn="arn:aws:iam::123456789012:role/dev")
    first = _in_review(deployments.deployment_create(revision=design.current_revision, target=dev,
                                                     requested_by=people.dave))
    assert not Approval.objects.filter(deployment=first).exists()
    deployments.deployment_confirm(deployment=first, confirmed_by=people.dave)

    with pytest.raises(NotAllowed):
        approvals.target_set_gate(target=dev, requires_approval=True, changed_by=people.dave)
    client_for(people.alice).post(reverse("target-gate", args=[dev.pk]), {"requires_approval": "on"})
    Deployment.objects.filter(pk=first.pk).update(status=Deployment.Status.SUCCEEDED)

    second = deployments.deployment_create(revision=design.current_revision, target=dev, requested_by=people.dave)
    assert Approval.objects.get(deployment=second).status == "pending"


def test_a_deployment_that_breaks_the_policy_is_blocked_naming_the_rule_and_evidence_is_kept(
        people: People, design: Design, prod: Target, settings: Any) -> None:
    eu = deployments.target_create(team=people.shop, name="eu", kind="role", environment="dev", region="eu-west-1",
                                   role_arn="arn:aws:iam::123456789012:role/dev")
    policy_services.policy_update(membership=people.membership(people.alice),
                                  data={"allowed_regions": ["us-east-1"], "max_memory_mb": "4096"})

    with pytest.raises(deployments.DeploymentError, match=r"rule allowed-regions .* region eu-west-1 is not allowed"):
        deployments.deployment_create(revision=design.current_revision, target=eu, requested_by=people.alice)
    assert not Deployment.objects.filter(target=eu).exists()
    assert AuditEntry.objects.filter(action="policy_blocked", target="eu").exists()

    deployment = deployments.deployment_create(revision=design.current_revision, target=prod,
                                               requested_by=people.alice)
    evidence = DeploymentEvidence.objects.get(deployment=deployment)
    rules = {r["rule"]: r for r in evidence.rules}
    assert evidence.passed is True
    assert rules["allowed-regions"]["passed"]
    assert rules["allowed-regions"]["applies"]
    assert rules["max-memory"]["message"] == "every function within the limit"
    assert rules["required-tags"]["applies"] is False
