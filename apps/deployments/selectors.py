"""Read-only queries: what a user may see of targets and deployments, and the health of the worker and sandbox.

Every lookup is scoped to the teams the user belongs to: a member of another team gets a 404."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from apps.deployments.aws import Account, AwsError, Endpoint, RetryPolicy
from apps.deployments.models import Deployment, Target, WorkerBeat

logger = logging.getLogger(__name__)

WORKER_SILENCE_SECONDS = 30


def targets_of_team(*, team_id: int) -> QuerySet[Target]:
    return Target.objects.filter(team_id=team_id)


def target_get(*, user: Any, pk: int) -> Target:
    return get_object_or_404(Target.objects.select_related("team"), pk=pk, team__memberships__user=user)


def deployment_get(*, user: Any, pk: int) -> Deployment:
    return get_object_or_404(
        Deployment.objects.select_related("target", "design", "revision", "requested_by"), pk=pk,
        target__team__memberships__user=user)


def deployments_of_design(*, design_id: int) -> QuerySet[Deployment]:
    return Deployment.objects.filter(design_id=design_id).select_related("target", "revision")


def latest_by_target(*, design_id: int) -> list[Deployment]:
    """The newest deployment of a design on each target (what is live where)."""
    seen: set[int] = set()
    latest = []
    for deployment in deployments_of_design(design_id=design_id).order_by("-created_at", "-id")[:200]:
        if deployment.target_id not in seen:
            seen.add(deployment.target_id)
            latest.append(deployment)
    return latest


# ---------------------------------------------------------------------------------------------- health
def worker_health() -> str:
    """"ok" when a Celery worker reported in within the last WORKER_SILENCE_SECONDS, else why not."""
    try:
        beat = WorkerBeat.objects.order_by("-seen_at").first()
    except Exception as error:
        logger.warning("worker health check failed", exc_info=error)
        return f"cannot read worker heartbeats: {type(error).__name__}"
    if beat is None:
        return "no worker has reported in (start one: celery -A designer worker)"
    silence = (timezone.now() - beat.seen_at).total_seconds()
    if silence > WORKER_SILENCE_SECONDS:
        return f"no worker has reported in for {int(silence)} s (last: {beat.hostname})"
    return "ok"


def sandbox_health() -> str:
    """"ok" when the local sandbox answers an STS call, "disabled" when it is turned off, else why not."""
    if not settings.SANDBOX_ENABLED:
        return "disabled"
    account = Account(Endpoint(region="us-east-1", sandbox_url=settings.SANDBOX_URL),
                      retry=RetryPolicy(attempts=1), timeouts=(1.0, 2.0))
    try:
        account.caller_identity()
    except AwsError as error:
        logger.warning("sandbox health check failed: %s", error)
        if settings.DEBUG:
            return f"the sandbox at {settings.SANDBOX_URL} does not answer: {error}"[:200]
        return "the sandbox does not answer (details in the server log)"
    return "ok"
