"""Sign-in with a limit on failed attempts, per user name and per client address, so passwords cannot be guessed
at speed. A blocked attempt is refused before the password is checked; a successful sign-in clears the count."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)


def _keys(request: HttpRequest, username: str) -> list[str]:
    who = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:24]
    where = request.META.get("REMOTE_ADDR", "unknown")
    return [f"login-fail:user:{who}", f"login-fail:addr:{where}"]


def login_failures(*, request: HttpRequest, username: str) -> int:
    return max(int(cache.get(key, 0)) for key in _keys(request, username))


def login_failure_record(*, request: HttpRequest, username: str) -> None:
    for key in _keys(request, username):
        cache.add(key, 0, timeout=settings.LOGIN_FAILURE_WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    logger.warning("failed sign-in for user name %r from %s", username[:150], request.META.get("REMOTE_ADDR"))


def login_failures_clear(*, request: HttpRequest, username: str) -> None:
    cache.delete_many(_keys(request, username)[:1])


class RateLimitedLoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        username = str(request.POST.get("username", ""))[:150]
        if login_failures(request=request, username=username) >= settings.LOGIN_MAX_FAILURES:
            minutes = max(1, settings.LOGIN_FAILURE_WINDOW_SECONDS // 60)
            message = (f"Too many failed sign-ins for this user name or from this address; try again in "
                       f"{minutes} minutes.")
            return self.render_to_response(self.get_context_data(locked_message=message), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: Any) -> HttpResponse:
        login_failure_record(request=self.request, username=str(self.request.POST.get("username", "")))
        return super().form_invalid(form)

    def form_valid(self, form: Any) -> HttpResponse:
        login_failures_clear(request=self.request, username=form.get_user().get_username())
        return super().form_valid(form)
