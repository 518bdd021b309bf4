from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from apps.core import health
from apps.deployments import selectors as deployment_selectors
from generators.blueprints import BLUEPRINTS


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"blueprints": list(BLUEPRINTS.values())})


@login_not_required  # monitoring probes have no session
@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness in one: 200 when every dependency answers, 503 with the reasons otherwise."""
    checks = {
        "database": health.check_database(),
        "broker": health.check_broker(),
        "worker": deployment_selectors.worker_health(),
        "sandbox": deployment_selectors.sandbox_health(),
    }
    # a team install without the local sandbox reports it as "disabled", which is healthy
    healthy = all(result in ("ok", "disabled") for result in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "degraded", "checks": checks},
        status=200 if healthy else 503,
    )
