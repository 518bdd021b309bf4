"""What went wrong with a stack, in words a user can act on: the root cause (the first failing resource, as
CloudFormation's troubleshooting guide advises) and what to do about the state the stack is left in."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from apps.deployments.models import Deployment, DeploymentEvent

FirstFailure = Callable[..., str]


def first_failure(events: Iterable[DeploymentEvent], *, stack_name: str, after_rollback: bool = False) -> str:
    """"Failing resource: …" for the first resource event that failed (not a cancellation), or ""."""
    ordered = list(events)
    if after_rollback:
        starts = [i for i, e in enumerate(ordered) if e.resource_status.endswith("ROLLBACK_IN_PROGRESS")]
        ordered = ordered[starts[-1] + 1:] if starts else []
    for event in ordered:
        if (event.resource_status.endswith("_FAILED") and "cancelled" not in event.message.lower()
                and event.resource != stack_name):
            return f"Failing resource: {event.message}."
    return ""


def failure(deployment: Deployment, status: str, cause_of: FirstFailure) -> str:
    """Why an executed change set did not succeed, and what happens next."""
    stack = deployment.stack_name
    if status == "UPDATE_ROLLBACK_FAILED":
        return stuck(deployment, status, cause_of)
    cause = cause_of()
    if status in {"ROLLBACK_COMPLETE", "ROLLBACK_FAILED"}:
        return (f"The stack could not be created ({status}). {cause} The stack is left in {status}, which "
                "CloudFormation can only delete: the next deployment offers to delete and recreate it.")
    if status == "REVIEW_IN_PROGRESS":
        return (f"The change set was not executed: {stack} is still in REVIEW_IN_PROGRESS and holds nothing. "
                "Deploy again (the designer offers to clean the empty stack up first).")
    if status == "UPDATE_ROLLBACK_COMPLETE":
        return f"The update failed and was rolled back; {stack} is back on its previous version. {cause}"
    return f"The stack ended in {status}. {cause}"


def stuck(deployment: Deployment, status: str, cause_of: FirstFailure) -> str:
    """A stack no deployment can touch until someone acts on it."""
    stack = deployment.stack_name
    cause = cause_of(after_rollback=True) or cause_of()
    if status == "UPDATE_ROLLBACK_FAILED":
        return (f"The update failed and so did its rollback: the stack {stack} is stuck in "
                f"UPDATE_ROLLBACK_FAILED. {cause} Fix that resource by hand, then run `aws cloudformation "
                f"continue-update-rollback --stack-name {stack}` (skipping the resource if it cannot be "
                "fixed) before deploying again.")
    return f"The stack {stack} is in {status}. {cause} Resolve it in the AWS console, then deploy again."
