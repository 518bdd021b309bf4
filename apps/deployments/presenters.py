"""What the deployment pages show, computed from the rows (no queries in templates beyond these)."""

from __future__ import annotations

import logging
import re
from typing import Any

from apps.deployments.models import Deployment
from apps.designs.convert import design_of_revision
from generators.model import Design
from generators.model.names import pascal
from generators.renderers.diagram_svg import draw

logger = logging.getLogger(__name__)

Status = Deployment.Status

# moto's own words for what it skips; on AWS these resources are created
SANDBOX_NOTE = ("The local sandbox (moto) does not model these resource types and skipped them while still "
                "reporting success. On AWS they are created; their correctness is checked by cfn-lint and the "
                "SAM transform before anything is sent.")


def _status_text(deployment: Deployment) -> str:
    """The badge's words: a change set held by a pending approval waits for an admin, not for the requester."""
    from apps.approvals.models import Approval

    if deployment.status == Status.REVIEW and Approval.objects.filter(
            deployment=deployment, status=Approval.Status.PENDING).exists():
        return "waiting for approval by an admin"
    return deployment.status_label


def deployment_context(deployment: Deployment) -> dict[str, Any]:
    events = list(deployment.events.order_by("id"))
    changes = deployment.changes or []
    counts = {action: sum(1 for c in changes if c.get("action") == action) for action in ("Add", "Modify", "Remove")}
    lint_errors = [p for p in deployment.lint_problems or [] if p.get("severity") == "error"]
    lint_warnings = [p for p in deployment.lint_problems or [] if p.get("severity") != "error"]
    stack_exists = deployment.stack_status not in {"", "DELETE_COMPLETE"}
    return {
        "deployment": deployment,
        "status_text": _status_text(deployment),
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
        # a deployment a worker works on can be stopped too (review and recreate have their own button)
        "can_stop": deployment.status in (Status.PENDING, Status.PREPARING, Status.EXECUTING),
        "can_teardown": deployment.kind == Deployment.Kind.DEPLOY and deployment.is_terminal and stack_exists
        and deployment.stack_gone_at is None,
        "sandbox_note": SANDBOX_NOTE if deployment.target.is_sandbox else "",
        "title": "Delete stack" if deployment.kind == Deployment.Kind.TEARDOWN else "Deployment",
        "status_class": _status_class(deployment),
        "diagram": _diagram(deployment),
    }


def component_statuses(deployment: Deployment, design: Design) -> dict[str, str]:
    """Each component's state as the target reports it (its main resource: SAM's logical id is the component's
    name in PascalCase, CDK's adds an 8-character hash): working, done, failed or skipped. Components the target
    says nothing about are left out."""
    latest: dict[str, str] = {}
    for resource, status in deployment.events.exclude(resource="").exclude(resource_status="").order_by(
            "id").values_list("resource", "resource_status"):
        latest[resource] = status
    for row in deployment.resources or []:
        latest[row["logical_id"]] = row["status"]
    states = {}
    for component in design.components:
        base = pascal(component.name)
        ids = [key for key in latest if key == base or re.fullmatch(re.escape(base) + "[0-9A-F]{8}", key)]
        if ids:
            states[component.name] = _state(latest[ids[0]])
    return states


def _state(status: str) -> str:
    if status == "NOT_CREATED":
        return "skipped"
    if "FAILED" in status or "ROLLBACK" in status:
        return "failed"
    return "working" if status.endswith("_IN_PROGRESS") else "done"


def _diagram(deployment: Deployment) -> str:
    """The design's diagram with each component marked by its state (data-status, styled in deployments.css)."""
    if deployment.revision is None:
        return ""
    try:
        design = design_of_revision(deployment.revision)
        states = component_statuses(deployment, design)
        return draw(design, node_attributes=lambda c: {"data-status": states.get(c.name, "unknown")})
    except Exception:  # the page must show the deployment even if an old revision no longer loads
        logger.warning("no diagram for deployment %s", deployment.pk, exc_info=True)
        return ""


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
