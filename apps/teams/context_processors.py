from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from apps.teams.selectors import memberships_of


def teams(request: HttpRequest) -> dict[str, Any]:
    """The current team and the user's other teams, for the header's team switcher."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    membership = getattr(request, "membership", None)
    return {
        "current_membership": membership if membership else None,
        "memberships": lambda: list(memberships_of(user=user)),
    }
