"""Targets (where a team deploys), Deployments (one run of the pipeline) and their events (the log)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from apps.designs.models import Design, DesignRevision
from apps.teams.models import Team


class Target(models.Model):
    """An AWS account + region a team deploys to. Credentials come from STS AssumeRole, never stored keys."""

    # Choices with plain string members (no labels in the tuple form): mypy, without Django's stubs, then
    # types them as str. Labels shown to users live in the *_LABELS dicts.
    class Kind(models.TextChoices):
        SANDBOX = "sandbox"
        ROLE = "role"

    class Environment(models.TextChoices):
        DEV = "dev"
        STAGING = "staging"
        PROD = "prod"

    class CheckStatus(models.TextChoices):
        UNCHECKED = "unchecked"
        CHECKING = "checking"
        OK = "ok"
        FAILED = "failed"

    KIND_LABELS = {"sandbox": "Local sandbox (moto)", "role": "AWS account (assume a role)"}
    CHECK_LABELS = {"unchecked": "not checked yet", "checking": "checking…", "ok": "ok", "failed": "failed"}

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="targets")
    name = models.CharField(max_length=80)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    account_id = models.CharField(max_length=12, blank=True)
    region = models.CharField(max_length=32, default="us-east-1")
    environment = models.CharField(max_length=16, choices=Environment.choices, default=Environment.DEV)
    role_arn = models.CharField(max_length=2048, blank=True)
    external_id = models.CharField(max_length=1224, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    check_status = models.CharField(max_length=16, choices=CheckStatus.choices, default=CheckStatus.UNCHECKED)
    check_message = models.TextField(blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["team", "name"], name="target_name_unique_in_team"),
            models.CheckConstraint(condition=Q(kind="sandbox") | ~Q(role_arn=""), name="role_target_has_role_arn"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.environment}, {self.region})"

    @property
    def kind_label(self) -> str:
        return self.KIND_LABELS.get(self.kind, self.kind)

    @property
    def check_label(self) -> str:
        return self.CHECK_LABELS.get(self.check_status, self.check_status)

    @property
    def is_sandbox(self) -> bool:
        return self.kind == self.Kind.SANDBOX


class Deployment(models.Model):
    """One run of the pipeline for a design revision on a target (or the teardown of its stack)."""

    class Kind(models.TextChoices):
        DEPLOY = "deploy"
        TEARDOWN = "teardown"

    class Status(models.TextChoices):
        PENDING = "pending"
        PREPARING = "preparing"
        AWAITING_RECREATE = "awaiting_recreate"
        REVIEW = "review"
        EXECUTING = "executing"
        DELETING = "deleting"
        CANCELLING = "cancelling"
        SUCCEEDED = "succeeded"
        NO_CHANGES = "no_changes"
        DELETED = "deleted"
        FAILED = "failed"
        CANCELLED = "cancelled"

    STATUS_LABELS = {
        "pending": "queued", "preparing": "building the change set",
        "awaiting_recreate": "waiting for you: delete the failed stack?",
        "review": "waiting for you: review the change set", "executing": "deploying",
        "deleting": "deleting the stack", "cancelling": "cancelling: stopping the change",
        "succeeded": "succeeded", "no_changes": "no changes",
        "deleted": "stack deleted", "failed": "failed", "cancelled": "cancelled",
    }

    # statuses in which the deployment holds its stack: at most one deployment per target and stack
    ACTIVE: tuple[str, ...] = (Status.PENDING, Status.PREPARING, Status.AWAITING_RECREATE, Status.REVIEW,
                               Status.EXECUTING, Status.DELETING, Status.CANCELLING)
    # statuses in which a worker is (or should be) working on it
    WORKING: tuple[str, ...] = (Status.PENDING, Status.PREPARING, Status.EXECUTING, Status.DELETING,
                                Status.CANCELLING)
    # statuses a user may cancel (a teardown is not cancelled: CloudFormation cannot undo a deletion)
    CANCELLABLE: tuple[str, ...] = (Status.PENDING, Status.PREPARING, Status.AWAITING_RECREATE, Status.REVIEW,
                                    Status.EXECUTING)
    SUCCESSFUL: tuple[str, ...] = (Status.SUCCEEDED, Status.NO_CHANGES, Status.DELETED)
    TERMINAL: tuple[str, ...] = (Status.SUCCEEDED, Status.NO_CHANGES, Status.DELETED, Status.FAILED, Status.CANCELLED)

    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="deployments")
    design = models.ForeignKey(Design, on_delete=models.CASCADE, related_name="deployments")
    revision = models.ForeignKey(DesignRevision, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="deployments")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.DEPLOY)
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.PENDING, db_index=True)
    stack_name = models.CharField(max_length=128)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # the change set
    change_set_name = models.CharField(max_length=128, blank=True)
    change_set_type = models.CharField(max_length=8, blank=True)  # CREATE | UPDATE
    changes = models.JSONField(default=list, blank=True)  # [{action, logical_id, type, replacement}]
    lint_problems = models.JSONField(default=list, blank=True)
    template = models.JSONField(null=True, blank=True)  # the final template sent to CloudFormation
    recreate_confirmed = models.BooleanField(default=False)
    # results
    outputs = models.JSONField(default=list, blank=True)  # [{key, value, description, note}]
    outputs_computed = models.BooleanField(default=False)  # the target did not report them: derived here
    resources = models.JSONField(default=list, blank=True)  # [{logical_id, type, status, physical_id}]
    skipped = models.JSONField(default=list, blank=True)  # resources the sandbox did not create
    stack_status = models.CharField(max_length=64, blank=True)
    # reconciled with the target: when its stack was last looked at, and when it was found gone (a sandbox
    # restart loses every stack; someone may delete one by hand)
    stack_checked_at = models.DateTimeField(null=True, blank=True)
    stack_gone_at = models.DateTimeField(null=True, blank=True)
    # the newest stack event before this deployment acted: later events are this deployment's
    event_marker = models.CharField(max_length=255, blank=True)
    error = models.TextField(blank=True)
    # timing
    prepared_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    deadline = models.DateTimeField(null=True, blank=True)  # a working deployment past it is failed
    # the worker that owns it: a lease renewed by a heartbeat; an expired lease means the worker died
    lease_owner = models.CharField(max_length=200, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    runs = models.PositiveIntegerField(default=0)  # times a worker picked it up (more than one = resumed)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["target", "stack_name"], condition=Q(status__in=[
                    "pending", "preparing", "awaiting_recreate", "review", "executing", "deleting",
                    "cancelling"]),
                name="one_active_deployment_per_stack",
            ),
        ]

    def __str__(self) -> str:
        return f"deployment {self.pk} of {self.stack_name} ({self.status})"

    @property
    def status_label(self) -> str:
        label = self.STATUS_LABELS.get(self.status, self.status)
        return f"{label} · stack gone" if self.stack_gone_at and self.status in self.SUCCESSFUL else label

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def is_terminal(self) -> bool:
        return self.status in self.TERMINAL

    @property
    def is_successful(self) -> bool:
        return self.status in self.SUCCESSFUL

    @property
    def seconds_to_finish(self) -> float | None:
        """From the user's confirmation to the end (the figure `make bench` reports)."""
        if self.confirmed_at and self.finished_at:
            return (self.finished_at - self.confirmed_at).total_seconds()
        return None


class DeploymentEvent(models.Model):
    """Every state change and step of a deployment, so nothing is lost when the browser closes."""

    class Level(models.TextChoices):
        INFO = "info"
        WARNING = "warning"
        ERROR = "error"

    deployment = models.ForeignKey(Deployment, on_delete=models.CASCADE, related_name="events")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    level = models.CharField(max_length=8, choices=Level.choices, default=Level.INFO)
    status = models.CharField(max_length=24, blank=True)  # the deployment's status when it happened
    message = models.TextField()
    resource = models.CharField(max_length=255, blank=True)  # logical id, for stack events and lint problems
    resource_status = models.CharField(max_length=64, blank=True)
    aws_event_id = models.CharField(max_length=255, blank=True)  # CloudFormation's EventId: no duplicates

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["deployment", "aws_event_id"], condition=~Q(aws_event_id=""),
                                    name="stack_event_recorded_once"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%H:%M:%S} {self.message}"


class WorkerBeat(models.Model):
    """A Celery worker's heartbeat: /healthz reports `worker: ok` while one beat recently."""

    hostname = models.CharField(max_length=255, unique=True)
    pid = models.PositiveIntegerField(default=0)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.hostname} at {self.seen_at:%H:%M:%S}"
