"""The approval gate: a deployment to a target that requires approval waits for an admin other than the
requester to approve or reject it, with a comment. An approval is for one revision: it expires when the design's
current revision changes before the change set is executed."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class TargetGate(models.Model):
    """Whether deployments to a target need approval (absent row: production targets do, others do not)."""

    target = models.OneToOneField("deployments.Target", on_delete=models.CASCADE, related_name="gate")
    requires_approval = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"{self.target}: {'requires' if self.requires_approval else 'no'} approval"


class Approval(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending"
        APPROVED = "approved"
        REJECTED = "rejected"
        EXPIRED = "expired"

    deployment = models.OneToOneField("deployments.Deployment", on_delete=models.CASCADE, related_name="approval")
    revision = models.ForeignKey("designs.DesignRevision", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True)
    expired_reason = models.CharField(max_length=255, blank=True)
    # the policy rules evaluated when deployment was requested (evidence kept with the deployment)
    policy_evidence = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"approval of deployment {self.deployment_id}: {self.status}"


class DeploymentEvidence(models.Model):
    """The org policy rules evaluated for a deployment and their results, stored with it."""

    deployment = models.OneToOneField("deployments.Deployment", on_delete=models.CASCADE, related_name="evidence")
    evaluated_at = models.DateTimeField(auto_now_add=True)
    passed = models.BooleanField()
    rules = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"policy evidence of deployment {self.deployment_id}"
