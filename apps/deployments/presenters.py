"""What the deployment pages show, computed from the rows (no queries in templates beyond these)."""

from __future__ import annotations

from typing import Any

from apps.deployments.models import Deployment

Status = Deployment.Status

# moto's own words for what it skips; on AWS these resources are created
SANDBOX_NOTE = ("The local sandbox (moto) does not model these resource types and skipped them while still "
                "reporting success. On AWS they are created; their correctness is checked by cfn-lint and the "
                "SAM transform before anything is sent.")


def deployment_context(deployment: Deployment) -> dict[str, Any]:
    events = list(deployment.events.order_by("id"))
    changes = deployment.changes or []
    counts = {action: sum(1 for c in changes if c.get("action") == action) for action in ("Add", "Modify", "Remove")}
    lint_errors = [p for p in deployment.lint_problems or [] if p.get("severity") == "error"]
    lint_warnings = [p for p in deployment.lint_problems or [] if p.get("severity") != "error"]
    stack_exists = deployment.stack_status not in {"", "DELETE_COMPLETE"}
    return {
        "deployment": deployment,
        "target": deployment.target,
        "events": events,
        "changes": changes,
        "counts": counts,
        "lint_errors": lint_errors,
        "lint_warnings": lint_warnings,
        "polling": deployment.status in Deployment.WORKING,
        "can_confirm": deployment.status == Status.REVIEW,
        "can_recreate": deployment.status == Status.AWAITING_RECREATE,
        "can_cancel": deployment.status in (Status.REVIEW, Status.AWAITING_RECREATE),
        "can_teardown": deployment.kind == Deployment.Kind.DEPLOY and deployment.is_terminal and stack_exists,
        "sandbox_note": SANDBOX_NOTE if deployment.target.is_sandbox else "",
        "title": "Delete stack" if deployment.kind == Deployment.Kind.TEARDOWN else "Deployment",
        "status_class": _status_class(deployment),
    }


def _status_class(deployment: Deployment) -> str:
    if deployment.is_successful:
        return "ok"
    if deployment.status in (Status.FAILED,):
        return "failed"
    if deployment.status in (Status.REVIEW, Status.AWAITING_RECREATE):
        return "waiting"
    if deployment.status == Status.CANCELLED:
        return "cancelled"
    return "working"
