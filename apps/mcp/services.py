"""What the web MCP tools do, as keyword-only `<entity>_<action>` services over the caller of a personal access
token. They call the same services as the pages and the JSON API (roles, org policies, approvals, audit), so an
agent can do nothing its token's scopes and its user's role do not allow, and sees only its token's team.

Refusals raise `Forbidden` (scope or role: the API's 403) or `Refused` (policy, approval, state) with the message
the API would send; bad input raises `ToolInputError` naming the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.urls import reverse

from apps.api.tokens import Caller, ScopeMissing, caller_require_scope
from apps.approvals import services as approvals
from apps.approvals.models import Approval
from apps.audit.services import Action as AuditAction
from apps.audit.services import audit_record
from apps.deployments import services as deployments
from apps.deployments.models import Deployment, Target
from apps.designs import authoring, convert
from apps.designs import services as design_services
from apps.designs.models import Design, DesignRevision
from apps.designs.services import NotAllowed as DesignNotAllowed
from apps.designs.services import revision_workspace
from apps.history import services as history
from apps.mcp import schemas as s
from apps.policies.services import PolicyViolation
from apps.teams.permissions import Action, NotAllowed, membership_require
from generators.filetree import FileTree
from generators.mcp import tools as t
from generators.model import Design as DesignValue

MAX_FILE_DIFF_CHARS = 20_000


class Refused(Exception):
    """The caller may not do this now (org policy, approval, the deployment's state, an invalid revision)."""


class Forbidden(Refused):
    """The token's scope or its user's role in the team does not allow this (the API's 403)."""


# what says "your scope or role does not allow it", whichever service raises it
PERMISSION_REFUSALS: tuple[type[Exception], ...] = (ScopeMissing, NotAllowed, DesignNotAllowed,
                                                    deployments.NotAllowed)


def _refusal(error: Exception) -> Refused:
    return (Forbidden if isinstance(error, PERMISSION_REFUSALS) else Refused)(str(error))


def caller_require(*, caller: Caller, scope: str, action: Action | None = None) -> None:
    """The token's scope, then the user's current role in the token's team (both, as in the API)."""
    caller_require_scope(caller=caller, scope=scope)
    if action is not None:
        membership_require(membership=caller.membership, action=action)


# ---------------------------------------------------------------------------------------------- lookups
def _design(caller: Caller, design_id: int) -> Design:
    """Only the token's team: another team's design is reported exactly like a missing one."""
    design = Design.objects.select_related("current_revision", "team").filter(
        pk=design_id, team_id=caller.membership.team_id).first()
    if design is None:
        raise t.ToolInputError([("design_id", f"no design {design_id} in your team; list_designs gives them")])
    return design


def _revision(design: Design, number: int | None, field: str = "revision") -> DesignRevision:
    if number is None:
        if design.current_revision is None:
            raise t.ToolInputError([(field, "the design has no saved revision")])
        return design.current_revision
    revision = DesignRevision.objects.filter(design=design, number=number).first()
    if revision is None:
        last = design.current_revision.number if design.current_revision else 0
        raise t.ToolInputError([(field, f"{design.name} has no revision {number}; revisions: 1 to {last}")])
    return revision


def _value(revision: DesignRevision) -> DesignValue:
    workspace = revision_workspace(revision=revision)
    if workspace.design is None:
        raise Refused(f"revision {revision.number} no longer validates: "
                      + "; ".join(f"{p}: {m}" for p, m in workspace.problems))
    return workspace.design


def _tree(revision: DesignRevision) -> tuple[DesignValue, FileTree]:
    workspace = revision_workspace(revision=revision)
    if workspace.design is None or workspace.tree is None:
        raise Refused(f"revision {revision.number}: no project can be generated "
                      f"({workspace.unsupported or 'the design is not valid'})")
    return workspace.design, workspace.tree


def _deployment(caller: Caller, deployment_id: int) -> Deployment:
    deployment = Deployment.objects.select_related("target", "design", "revision").filter(
        pk=deployment_id, target__team_id=caller.membership.team_id).first()
    if deployment is None:
        raise t.ToolInputError([("deployment_id", f"no deployment {deployment_id} in your team")])
    return deployment


def _row(design: Design) -> dict[str, Any]:
    return {"id": design.pk, "name": design.name, "blueprint": design.blueprint,
            "current_revision": design.current_revision.number if design.current_revision else None,
            "updated_at": design.updated_at.isoformat()}


def project_types(*, caller: Caller) -> t.ProjectTypesOut:
    caller_require(caller=caller, scope="read")
    return t.project_types()


# ---------------------------------------------------------------------------------------------- designs
def designs_list(*, caller: Caller) -> list[s.DesignRowOut]:
    caller_require(caller=caller, scope="read", action=Action.READ)
    rows = Design.objects.filter(team_id=caller.membership.team_id).select_related("current_revision")
    return [s.DesignRowOut(**_row(d)) for d in rows.order_by("name")]


def design_read(*, caller: Caller, design_id: int) -> s.DesignDetailOut:
    caller_require(caller=caller, scope="read", action=Action.READ)
    design = _design(caller, design_id)
    revisions = [s.RevisionOut(number=r["number"], author=r["author"], created_at=r["created_at"].isoformat(),
                               message=r["message"], current=r["current"])
                 for r in history.history_of(membership=caller.membership, design=design)]
    current = design.current_revision
    return s.DesignDetailOut(**_row(design), revisions=revisions,
                             summary=t.design_summary(_value(current)) if current else None,
                             document=current.document if current else None)


def _saved(saved: design_services.Saved) -> s.SavedOut:
    if saved.design is None or saved.revision is None:
        policy = [m for f, m in saved.problems if f == "policy"]
        if policy:
            raise Refused(policy[0])
        raise t.ToolInputError(saved.problems)
    return s.SavedOut(design_id=saved.design.pk, name=saved.design.name, revision=saved.revision.number,
                      check=t.check(convert.design_of_revision(saved.revision)))


def design_create(*, caller: Caller, name: str, blueprint: str | None, options: dict[str, Any] | None,
                  project: dict[str, Any] | None, document: dict[str, Any] | None, message: str) -> s.SavedOut:
    """A new design from a blueprint's options or from a Design document (the API's POST /designs)."""
    caller_require(caller=caller, scope="write", action=Action.EDIT)
    if (document is None) == (blueprint is None):
        raise t.ToolInputError([("blueprint", "give either blueprint (with options and project) or document")])
    if document is not None:
        saved = authoring.design_save_document(membership=caller.membership, name=name, document=document,
                                               message=message, via="mcp")
    else:
        saved = authoring.design_save_blueprint(membership=caller.membership, name=name, blueprint=blueprint or "",
                                                options=options or {}, project=project, message=message, via="mcp")
    return _saved(saved)


def design_import(*, caller: Caller, name: str, template: str, source_name: str, message: str) -> s.ImportedOut:
    """A new design from a SAM/CloudFormation template, with the import report (the API's POST /designs/import)."""
    from apps.designs.importing import design_import_template

    caller_require(caller=caller, scope="write", action=Action.EDIT)
    imported = design_import_template(membership=caller.membership, name=name, template=template,
                                      source_name=source_name, message=message, via="mcp")
    saved = _saved(imported.saved)
    if imported.report is None:  # only a refused template has none, and _saved raised for it
        raise t.ToolInputError([("template", "the import produced no report")])
    return s.ImportedOut(report=t.ImportReportOut(**imported.report.as_dict()), **saved.model_dump())


def design_update(*, caller: Caller, design_id: int, document: dict[str, Any], message: str) -> s.SavedOut:
    """A new revision of a design whose content is a whole Design document (the API's PUT /designs/{id})."""
    caller_require(caller=caller, scope="write", action=Action.EDIT)
    design = _design(caller, design_id)
    return _saved(authoring.design_save_document(membership=caller.membership, name=design.name, document=document,
                                                 message=message, design=design, via="mcp"))


def design_edit(*, caller: Caller, design_id: int, edits: Any, message: str) -> s.EditedOut:
    """Edit operations on the current revision, all or nothing, saved as the next revision (the API's
    POST /designs/{id}/edits); problems name `edits[i].field`."""
    from apps.designs.editing import design_apply_edits

    caller_require(caller=caller, scope="write", action=Action.EDIT)
    design = _design(caller, design_id)
    before = _value(_revision(design, None))
    saved = _saved(design_apply_edits(membership=caller.membership, design=design, edits=edits, message=message,
                                      via="mcp"))
    after = _value(_revision(Design.objects.get(pk=design.pk), saved.revision))
    from generators.editing.summary import change_summary

    return s.EditedOut(changes=t.ChangesOut(**change_summary(before, after).as_dict()), **saved.model_dump())


def revision_design(*, caller: Caller, design_id: int, revision: int | None) -> DesignValue:
    caller_require(caller=caller, scope="read", action=Action.READ)
    return _value(_revision(_design(caller, design_id), revision))


# ---------------------------------------------------------------------------------------------- advisor, cost
def revision_check(*, caller: Caller, design_id: int, revision: int | None) -> t.CheckOut:
    caller_require(caller=caller, scope="read", action=Action.READ)
    return t.check(_value(_revision(_design(caller, design_id), revision)))


def revision_fix(*, caller: Caller, design_id: int, rule: str, component: str | None, path: str | None,
                 message: str) -> s.FixedOut:
    """Apply a finding's fix to the current revision and save the result as the next revision (as the wizard's
    *Fix* button does: the fix is an edit of the draft, validated, policy-checked and audited on save)."""
    caller_require(caller=caller, scope="write", action=Action.EDIT)
    design = _design(caller, design_id)
    current = _value(_revision(design, None))
    t.apply_fix(current, rule=rule, component=component, path=path)  # names the field when there is nothing to fix
    finding = next(f for f in t.check(current).findings if f.rule == rule and f.fix
                   and component in (None, f.component) and path in (None, f.path))
    draft = design_services.design_open(membership=caller.membership, design=design)
    outcome = design_services.draft_apply_fix(membership=caller.membership, draft=draft, rule=rule,
                                              component=finding.component, path=finding.path)
    if not outcome.ok:
        raise t.ToolInputError([("rule", m) if not p else (p, m) for p, m in outcome.problems])
    saved = _saved(design_services.draft_save(membership=caller.membership, draft=draft, name=design.name,
                                              message=message or f"Fix {rule}: {finding.fix}", via="mcp"))
    return s.FixedOut(applied=finding.fix or "", **saved.model_dump())


def revision_cost(*, caller: Caller, design_id: int, revision: int | None,
                  requests_per_month: float | None) -> t.CostOut:
    caller_require(caller=caller, scope="read", action=Action.READ)
    return t.cost(_value(_revision(_design(caller, design_id), revision)), requests_per_month=requests_per_month)


# ---------------------------------------------------------------------------------------------- files
def revision_files(*, caller: Caller, design_id: int, revision: int | None) -> t.FilesOut:
    """The generated files, as the wizard's preview shows them (reading is not a download: no zip leaves)."""
    caller_require(caller=caller, scope="read", action=Action.READ)
    return t.files_of(*_tree(_revision(_design(caller, design_id), revision)))


def revision_file(*, caller: Caller, design_id: int, path: str, revision: int | None) -> t.FileOut:
    caller_require(caller=caller, scope="read", action=Action.READ)
    _, tree = _tree(_revision(_design(caller, design_id), revision))
    return t.file_of(tree, path)


def revision_zip(*, caller: Caller, design_id: int, revision: int | None) -> history.Download:
    """The project as a zip: a download, so role-checked, org-policy-checked and audited like the API's."""
    caller_require(caller=caller, scope="read")
    chosen = _revision(_design(caller, design_id), revision)
    try:
        return history.revision_download(membership=caller.membership, revision=chosen, via="mcp")
    except (PolicyViolation, history.HistoryError) as error:
        raise Refused(str(error)) from error


@dataclass(frozen=True)
class ZipLink:
    path: str
    filename: str


def revision_zip_link(*, caller: Caller, design_id: int, revision: int | None) -> ZipLink:
    """Where the JSON API serves a revision's zip (which checks the token, role and org policy again and audits
    the download when it is fetched)."""
    caller_require(caller=caller, scope="read", action=Action.READ)
    design = _design(caller, design_id)
    chosen = _revision(design, revision)
    path = reverse("api:download_zip", kwargs={"design_id": design.pk, "number": chosen.number})
    return ZipLink(path=path, filename=f"{_value(chosen).project.name}.zip")


def revisions_compare(*, caller: Caller, design_id: int, old: int, new: int) -> s.ComparisonOut:
    caller_require(caller=caller, scope="read", action=Action.READ)
    design = _design(caller, design_id)
    before, after = _revision(design, old, "old"), _revision(design, new, "new")
    try:
        comparison = history.revision_compare(membership=caller.membership, design=design, old=before, new=after)
    except history.HistoryError as error:
        raise Refused(str(error)) from error
    graph = comparison.graph

    def changes(items: dict[str, Any]) -> dict[str, list[s.ChangeOut]]:
        return {name: [s.ChangeOut(field=c.field, old=c.old, new=c.new) for c in values]
                for name, values in items.items()}

    return s.ComparisonOut(
        old=old, new=new, components_added=graph.components_added, components_removed=graph.components_removed,
        components_changed=changes(graph.components_changed), connections_added=graph.connections_added,
        connections_removed=graph.connections_removed, connections_changed=changes(graph.connections_changed),
        grants_added=graph.grants_added, grants_removed=graph.grants_removed,
        project_changed=[s.ChangeOut(field=c.field, old=c.old, new=c.new) for c in graph.project_changed],
        files=[s.FileChangeOut(path=f.path, status=f.status, ownership=f.ownership,
                               diff=f.diff[:MAX_FILE_DIFF_CHARS]) for f in comparison.files])


# ---------------------------------------------------------------------------------------------- deployments
def targets_list(*, caller: Caller) -> list[s.TargetOut]:
    caller_require(caller=caller, scope="read", action=Action.READ)
    # an agent's production deployment always waits for an approval (deployment_start), whatever the target's gate
    return [s.TargetOut(id=x.pk, name=x.name, environment=x.environment, region=x.region, kind=x.kind,
                        requires_approval=x.environment == Target.Environment.PROD
                        or approvals.target_requires_approval(target=x))
            for x in Target.objects.filter(team_id=caller.membership.team_id).order_by("name")]


# what the deployment services refuse with (role, policy, a busy stack, a missing approval): the message is the answer
REFUSALS: tuple[type[Exception], ...] = (deployments.DeploymentError, NotAllowed, PolicyViolation,
                                         approvals.ApprovalError)


def deployment_start(*, caller: Caller, design_id: int, target_id: int, revision: int | None) -> s.DeploymentOut:
    """Deploy a revision to a target: the worker prepares the change set (status `review`), then
    confirm_deployment runs it. A target that requires approval, and any production target, waits for an admin
    other than the token's user."""
    caller_require(caller=caller, scope="deploy")
    chosen = _revision(_design(caller, design_id), revision)
    target = Target.objects.filter(pk=target_id, team_id=caller.membership.team_id).first()
    if target is None:
        raise t.ToolInputError([("target_id", f"no target {target_id} in your team; list_targets gives them")])
    try:  # not in one transaction, as on the deployment page: a policy block's audit entry must outlive the refusal
        # an agent's production deployment always waits for a human admin other than the token's user, even where
        # the target's gate has been turned off for people
        deployment = deployments.deployment_create(revision=chosen, target=target, requested_by=caller.user,
                                                   approval_required=target.environment == Target.Environment.PROD)
    except REFUSALS as error:
        raise _refusal(error) from error
    return deployment_out(deployment)


def deployment_read(*, caller: Caller, deployment_id: int, after_event: int = 0) -> s.DeploymentOut:
    caller_require(caller=caller, scope="read", action=Action.READ)
    deployment = _deployment(caller, deployment_id)
    deployments.deployment_expire_overdue()
    deployment.refresh_from_db()
    return deployment_out(deployment, after_event=after_event)


def deployment_confirm(*, caller: Caller, deployment_id: int) -> s.DeploymentOut:
    caller_require(caller=caller, scope="deploy")
    deployment = _deployment(caller, deployment_id)
    try:
        with transaction.atomic():
            deployments.deployment_confirm(deployment=deployment, confirmed_by=caller.user)
            # the confirmation is what lets the change set run: on record, like every change an agent makes
            audit_record(team=deployment.target.team_id, actor=caller.user, action=AuditAction.CHANGED,
                         subject_type="deployment", subject_id=deployment.pk,
                         subject=f"{deployment.design.name} r{deployment.revision.number}" if deployment.revision
                         else deployment.stack_name, target=deployment.target.name,
                         detail={"change": "change set confirmed"})
    except REFUSALS as error:
        raise _refusal(error) from error
    deployment.refresh_from_db()
    return deployment_out(deployment)


def deployment_out(deployment: Deployment, *, after_event: int = 0) -> s.DeploymentOut:
    approval = Approval.objects.filter(deployment=deployment).select_related("requested_by", "decided_by").first()
    if approval is not None:
        approval = approvals.approval_refresh(approval=approval)
    events = deployments.deployment_events_since(deployment=deployment, after_id=after_event)
    return s.DeploymentOut(
        id=deployment.pk, status=deployment.status, status_label=deployment.status_label,
        terminal=deployment.is_terminal, design_id=deployment.design_id,
        revision=deployment.revision.number if deployment.revision else None, target_id=deployment.target_id,
        stack_name=deployment.stack_name, changes=deployment.changes or [], outputs=deployment.outputs or [],
        error=deployment.error,
        events=[s.EventOut(id=e.pk, at=e.created_at.isoformat(), level=e.level, message=e.message) for e in events],
        approval=None if approval is None else s.ApprovalOut(
            status=approval.status,
            requested_by=approval.requested_by.get_username() if approval.requested_by else "",
            decided_by=approval.decided_by.get_username() if approval.decided_by else "",
            comment=approval.comment, expired_reason=approval.expired_reason))
