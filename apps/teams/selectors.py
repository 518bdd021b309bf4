"""Read-only queries about teams."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from apps.teams.models import Membership
from apps.teams.services import SESSION_KEY


def memberships_of(*, user: Any) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("team").order_by("team__name")


def current_membership(*, user: Any, session: Any) -> Membership | None:
    """The membership of the team chosen in this session, else the user's first team (by name), else None."""
    if not getattr(user, "is_authenticated", False):
        return None
    memberships = memberships_of(user=user)
    chosen = session.get(SESSION_KEY)
    if chosen is not None:
        membership = memberships.filter(team_id=chosen).first()
        if membership is not None:
            return membership
    return memberships.first()
