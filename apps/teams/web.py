"""Small helpers that the portal's views share: the current membership, and role refusals shown as 403."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from apps.teams.models import Membership
from apps.teams.permissions import NotAllowed


def current_membership(request: HttpRequest) -> Membership:
    membership = getattr(request, "membership", None)
    if not membership:
        raise PermissionDenied("You are not a member of any team yet; ask a team admin to add you.")
    return membership


def refusals_as_403(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A NotAllowed raised by a service becomes a 403 page with its message (never a traceback)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotAllowed as refused:
            raise PermissionDenied(str(refused)) from refused

    return wrapper
