from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from apps.teams.selectors import current_membership


class CurrentTeamMiddleware:
    """Sets `request.membership` (lazily): the signed-in user's membership of the team they work in, or None."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.membership = SimpleLazyObject(
            lambda: current_membership(user=request.user, session=request.session)
        )
        return self.get_response(request)
