"""Writing a deployment's history: every status change and step is a DeploymentEvent row."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from apps.deployments.aws import StackEvent
from apps.deployments.models import Deployment, DeploymentEvent

Level = DeploymentEvent.Level


def record(deployment: Deployment, message: str, *, level: str = Level.INFO, resource: str = "",
           resource_status: str = "") -> DeploymentEvent:
    return DeploymentEvent.objects.create(deployment=deployment, status=deployment.status, message=message[:4000],
                                          level=level, resource=resource[:255], resource_status=resource_status)


def set_status(deployment: Deployment, status: str, message: str, *, level: str = Level.INFO,
               **fields: Any) -> None:
    """Change the status (and other fields) and log it, in one transaction."""
    deployment.status = status
    for name, value in fields.items():
        setattr(deployment, name, value)
    if status in Deployment.TERMINAL and deployment.finished_at is None:
        deployment.finished_at = timezone.now()
    # only the named fields: a full save would overwrite the lease that the heartbeat thread renews
    with transaction.atomic():
        deployment.save(update_fields=["status", "finished_at", "updated_at", *fields])
        record(deployment, message, level=level)
        _audit_outcome(deployment)


def transition(deployment: Deployment, *, expected: Iterable[str], status: str, message: str,
               **fields: Any) -> bool:
    """Change the status only if it still is one of `expected` (two clicks, two workers: one wins)."""
    changes = {"status": status, "updated_at": timezone.now(), **fields}
    if status in Deployment.TERMINAL:
        changes.setdefault("finished_at", timezone.now())
    with transaction.atomic():
        updated = Deployment.objects.filter(pk=deployment.pk, status__in=list(expected)).update(**changes)
        if not updated:
            return False
        deployment.refresh_from_db()
        record(deployment, message)
        _audit_outcome(deployment)
    return True


def _audit_outcome(deployment: Deployment) -> None:
    """A terminal status goes to the team's audit log (who deployed what where, and the outcome)."""
    if deployment.status in Deployment.TERMINAL:
        from apps.approvals.services import deployment_outcome_record

        deployment_outcome_record(deployment=deployment)


def record_stack_events(deployment: Deployment, events: Iterable[StackEvent]) -> list[StackEvent]:
    """Store CloudFormation stack events not seen before (oldest first); returns the new ones."""
    fresh = [event for event in events if event.event_id]
    if not fresh:
        return []
    known = set(DeploymentEvent.objects.filter(
        deployment=deployment, aws_event_id__in=[e.event_id for e in fresh]).values_list("aws_event_id", flat=True))
    new = [event for event in fresh if event.event_id not in known]
    DeploymentEvent.objects.bulk_create([
        DeploymentEvent(
            deployment=deployment, status=deployment.status, aws_event_id=event.event_id[:255],
            resource=event.logical_id[:255], resource_status=event.status,
            level=Level.ERROR if event.status.endswith("_FAILED") else Level.INFO,
            message=f"{event.logical_id} ({event.resource_type}): {event.status}"
                    + (f" — {event.reason}" if event.reason else ""),
        )
        for event in new
    ], ignore_conflicts=True)
    return new
