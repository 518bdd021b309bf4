"""The API's URLs. Token-authenticated, so Django's sign-in requirement (LoginRequiredMiddleware) and the session's
CSRF check do not apply: every operation checks its bearer token itself."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, URLResolver

from apps.api import (
    deploy_api,  # noqa: F401  (registers the deployment operations)
    golden_api,  # noqa: F401  (registers the golden path operations)
    policy_api,  # noqa: F401  (registers the organisation defaults operations)
)
from apps.api.api import api


def _public(patterns: list[Any]) -> list[Any]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _public(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            pattern.callback.login_required = False  # what @login_not_required sets
    return patterns


_urls, _app_name, _namespace = api.urls
app_name = _namespace  # "api": the namespace django-ninja reverses its own views in
urlpatterns = _public(list(_urls))
