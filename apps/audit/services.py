"""Writing the audit log. Every service that acts on something worth recording calls `audit_record`."""

from __future__ import annotations

import logging
from typing import Any

from apps.audit.models import AuditEntry

logger = logging.getLogger(__name__)

Action = AuditEntry.Action


def audit_record(*, team: Any, actor: Any, action: str, subject_type: str, subject: str, subject_id: object = "",
                 target: str = "", outcome: str = "ok", detail: dict[str, Any] | None = None,
                 via: str = "web") -> AuditEntry:
    """One row in the team's audit log (`actor=None` is the system: the worker, a sweep)."""
    if action not in Action.values:
        raise ValueError(f"action {action!r} is not one of {', '.join(Action.values)}")
    user = actor if getattr(actor, "pk", None) else None
    entry = AuditEntry.objects.create(
        team_id=getattr(team, "pk", team) if team is not None else None, actor=user,
        actor_name=user.get_username() if user is not None else "system", via=via if user is not None else "system",
        action=action, subject_type=subject_type, subject_id=str(subject_id)[:64], subject=subject[:255],
        target=target[:255], outcome=outcome[:32], detail=detail or {})
    logger.info("audit: %s %s %s %s -> %s", entry.actor_name, action, subject_type, entry.subject, outcome)
    return entry
