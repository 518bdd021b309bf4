"""Writing the audit log. Every service that acts on something worth recording calls `audit_record`."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from apps.audit.models import AuditEntry

logger = logging.getLogger(__name__)

Action = AuditEntry.Action

# The channel a person acts through when it is not the page itself: set around an MCP tool call, it marks every
# entry that call writes (`via`) and adds what identifies the call (the tool, the token) to `detail`, without
# threading a `via` argument through every service the tool uses.
_channel: ContextVar[tuple[str, dict[str, str]] | None] = ContextVar("audit_channel", default=None)


@contextmanager
def audit_channel(*, via: str, detail: dict[str, str]) -> Iterator[None]:
    token = _channel.set((via, detail))
    try:
        yield
    finally:
        _channel.reset(token)


def audit_record(*, team: Any, actor: Any, action: str, subject_type: str, subject: str, subject_id: object = "",
                 target: str = "", outcome: str = "ok", detail: dict[str, Any] | None = None,
                 via: str = "web") -> AuditEntry:
    """One row in the team's audit log (`actor=None` is the system: the worker, a sweep)."""
    if action not in Action.values:
        raise ValueError(f"action {action!r} is not one of {', '.join(Action.values)}")
    user = actor if getattr(actor, "pk", None) else None
    channel = _channel.get()
    if channel is not None and user is not None:
        via, detail = channel[0], {**(detail or {}), **channel[1]}
    entry = AuditEntry.objects.create(
        team_id=getattr(team, "pk", team) if team is not None else None, actor=user,
        actor_name=user.get_username() if user is not None else "system", via=via if user is not None else "system",
        action=action, subject_type=subject_type, subject_id=str(subject_id)[:64], subject=subject[:255],
        target=target[:255], outcome=outcome[:32], detail=detail or {})
    logger.info("audit: %s %s %s %s -> %s", entry.actor_name, action, subject_type, entry.subject, outcome)
    return entry
