"""From a Target to an `aws.Account`: the sandbox, or a role assumed through STS; retries that suit each."""

from __future__ import annotations

from django.conf import settings

from apps.deployments import journal
from apps.deployments.aws import Account, Endpoint, RetryPolicy
from apps.deployments.models import Deployment, DeploymentEvent, Target
from apps.deployments.stack_states import Poll


def endpoint_for(target: Target, *, session_name: str = "serverless-designer") -> Endpoint:
    if target.is_sandbox:
        return Endpoint(region=target.region, sandbox_url=settings.SANDBOX_URL)
    return Endpoint(region=target.region, role_arn=target.role_arn, external_id=target.external_id,
                    session_name=session_name)


def account_for(target: Target, *, deployment: Deployment | None = None, patient: bool = True) -> Account:
    """`patient=False` for a quick answer (a target check): three tries within about two seconds."""
    session = f"designer-deployment-{deployment.pk}" if deployment else f"designer-target-{target.pk}"
    endpoint = endpoint_for(target, session_name=session)
    # the sandbox answers in milliseconds: retry quickly there; AWS gets the patient schedule
    if target.is_sandbox:
        retry = RetryPolicy(attempts=4, base_seconds=0.1, cap_seconds=1.0)
    else:
        retry = RetryPolicy() if patient else RetryPolicy(attempts=3, base_seconds=0.25, cap_seconds=1.0)

    def listener(message: str) -> None:
        if deployment is not None:
            journal.record(deployment, message, level=DeploymentEvent.Level.WARNING)

    return Account(endpoint, retry=retry, on_retry=listener)


def artifact_bucket_name(account_id: str, region: str) -> str:
    return f"designer-artifacts-{account_id}-{region}"


def poller(target: Target, *, requests: int = 2) -> Poll:
    """How often to look at a stack or change set: at most one request per second per deployment, backing off
    (the sandbox answers at once, so it starts at 1 s per request and stops at 5 s; AWS at 5 s up to 30 s)."""
    if target.is_sandbox:
        return Poll(first=float(requests), cap=5.0, requests=requests)
    return Poll(first=5.0, cap=30.0, requests=requests)
