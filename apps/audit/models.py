"""The audit log: one row per action that matters (created, changed, downloaded, approved, deployed, deleted …).

Rows are written only by `apps.audit.services.audit_record`; no view changes or deletes them (the admin shows them
read-only). Names are copied into the row so that the record survives the user, design or team it names."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        CREATED = "created"
        CHANGED = "changed"
        RESTORED = "restored"
        DOWNLOADED = "downloaded"
        DELETED = "deleted"
        DEPLOY_REQUESTED = "deploy_requested"
        DEPLOYED = "deployed"
        DEPLOY_CANCELLED = "deploy_cancelled"
        APPROVAL_REQUESTED = "approval_requested"
        APPROVED = "approved"
        REJECTED = "rejected"
        POLICY_CHANGED = "policy_changed"
        POLICY_BLOCKED = "policy_blocked"
        MEMBER_CHANGED = "member_changed"
        TOKEN_CREATED = "token_created"
        TOKEN_REVOKED = "token_revoked"
        SIGN_IN_FAILED = "sign_in_failed"

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    team = models.ForeignKey("teams.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    actor_name = models.CharField(max_length=150, blank=True)
    via = models.CharField(max_length=16, default="web")  # web | api | mcp | system
    action = models.CharField(max_length=32, choices=Action.choices, db_index=True)
    subject_type = models.CharField(max_length=32)  # design, revision, deployment, target, policy, token …
    subject_id = models.CharField(max_length=64, blank=True)
    subject = models.CharField(max_length=255, help_text="What was acted on, by name")
    target = models.CharField(max_length=255, blank=True, help_text="Deploy target, when there is one")
    outcome = models.CharField(max_length=32, default="ok")  # ok | blocked | succeeded | failed | …
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name or 'system'} {self.action} {self.subject}"
