"""Design services: keyword-only, typed, named <entity>_<action>. Views (and later the JSON API) call these.

Nothing here trusts input: every change is validated by the engine before it is stored, and a change that
does not validate is returned as problems (field path, message) while the stored draft stays as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max

from apps.audit.services import Action as AuditAction
from apps.audit.services import audit_record
from apps.designs import convert
from apps.designs.models import Design, DesignRevision, Draft
from apps.designs.recipe import Edit, Recipe, apply_edit, with_edit
from apps.designs.workspace import Workspace, workspace_for
from apps.golden.locks import golden_lock_problems
from apps.policies.services import PolicyViolation, Stage, policy_enforce, policy_org_defaults
from apps.teams.models import Membership
from generators.blueprints import BLUEPRINTS
from generators.model import DesignInputError

Problems = list[tuple[str, str]]
BLANK = "blank"  # the seventh starting point: a design with no component yet, composed step by step


class NotAllowed(Exception):
    """The member's role does not allow the action (roles are enforced in services, not only in templates)."""


@dataclass(frozen=True)
class Outcome:
    """The result of a change: the problems that stopped it (empty = stored)."""

    problems: Problems

    @property
    def ok(self) -> bool:
        return not self.problems


def membership_require_editor(*, membership: Membership) -> None:
    """Raise NotAllowed unless the member may create and edit designs (editor, deployer or admin)."""
    if not membership.at_least("editor"):
        raise NotAllowed(f"your role in {membership.team.name} is {membership.role}; editing needs editor or above")


def _require_editor(membership: Membership) -> None:
    membership_require_editor(membership=membership)


def draft_workspace(*, draft: Draft) -> Workspace:
    return workspace_for(convert.recipe_of_draft(draft), requests_per_month=draft.requests_per_month,
                         organisation=policy_org_defaults(team=draft.team_id))


def draft_start(*, membership: Membership, blueprint: str, name: str = "") -> Draft:
    """A new draft of a blueprint's default design. Raises DesignInputError for an unknown project type."""
    _require_editor(membership)
    if blueprint == BLANK:
        return Draft.objects.create(team=membership.team, created_by=membership.user, blueprint="",
                                    base_document={"project": {"name": name or _free_project_name(membership, "")},
                                                   "components": [], "connections": []})
    if blueprint not in BLUEPRINTS:
        raise DesignInputError([("blueprint", f"unknown project type {blueprint!r}; allowed: "
                                              f"{', '.join((*BLUEPRINTS, BLANK))}")])
    project_name = name or _free_project_name(membership, blueprint)
    return Draft.objects.create(team=membership.team, created_by=membership.user, blueprint=blueprint,
                                project={"name": project_name})


def _free_project_name(membership: Membership, blueprint: str) -> str:
    base = {"api": "my-api", "event-processor": "my-processor", "fan-out": "my-fan-out", "workflow": "my-workflow",
            "scheduled-job": "my-job", "web-app": "my-web-app"}.get(blueprint, "my-project")
    taken = set(Design.objects.filter(team=membership.team).values_list("name", flat=True))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _store(draft: Draft, recipe: Recipe) -> Outcome:
    """Store `recipe` in the draft if it gives a valid design; otherwise keep the draft and report why."""
    workspace = workspace_for(recipe, requests_per_month=draft.requests_per_month)
    if workspace.design is None:
        return Outcome(workspace.problems)
    locked = golden_lock_problems(design_id=draft.design_id, design=workspace.design)
    if locked:  # a design made from a golden path keeps its locked settings
        return Outcome(locked)
    convert.recipe_to_draft(recipe, draft)
    draft.save()
    return Outcome([])


def draft_update_options(*, membership: Membership, draft: Draft, options: dict[str, Any]) -> Outcome:
    _require_editor(membership)
    recipe = convert.recipe_of_draft(draft)
    if recipe.blueprint is None:
        return Outcome([("", "this design was not made from a project type; edit its components instead")])
    try:
        BLUEPRINTS[recipe.blueprint].options(options)
    except DesignInputError as exc:
        return Outcome(exc.problems)
    return _store(draft, replace(recipe, options=options))


def draft_update_project(*, membership: Membership, draft: Draft, project: dict[str, Any]) -> Outcome:
    _require_editor(membership)
    return _store(draft, replace(convert.recipe_of_draft(draft), project=project))


def draft_edit(*, membership: Membership, draft: Draft, edit: Edit) -> Outcome:
    """Change a component's or a connection's settings (`op` set / set_connection), validated by the model."""
    _require_editor(membership)
    if not edit.get("values"):
        return Outcome([])
    recipe = convert.recipe_of_draft(draft)
    candidate = replace(recipe, edits=with_edit(recipe.edits, edit))
    workspace = workspace_for(candidate)
    if workspace.design is None:
        return Outcome(workspace.problems)
    current = workspace_for(recipe)
    if len(workspace.stale) > len(current.stale):  # the new edit itself did not apply: say why, store nothing
        if current.design is not None:  # with the engine's paths, so the form marks the field they name
            try:
                apply_edit(current.design, edit)
            except DesignInputError as exc:
                return Outcome(list(exc.problems))
            except (KeyError, ValueError):
                pass
        return Outcome([("", workspace.stale[-1])])
    return _store(draft, candidate)


def draft_apply_fix(*, membership: Membership, draft: Draft, rule: str, component: str | None,
                    path: str | None) -> Outcome:
    _require_editor(membership)
    recipe = convert.recipe_of_draft(draft)
    edit: Edit = {"op": "fix", "rule": rule, "component": component or None, "path": path or None}
    candidate = replace(recipe, edits=with_edit(recipe.edits, edit))
    workspace = workspace_for(candidate)
    if workspace.design is None:
        return Outcome(workspace.problems)
    if len(workspace.stale) > len(workspace_for(recipe).stale):
        return Outcome([("", f"the fix for {rule} could not be applied: {workspace.stale[-1]}")])
    return _store(draft, candidate)


def draft_set_traffic(*, membership: Membership, draft: Draft, requests_per_month: float | None) -> Outcome:
    if requests_per_month is not None and not 0 <= requests_per_month <= 1e13:
        return Outcome([("requests_per_month", f"{requests_per_month:g} is out of range; allowed: 0 to 1e13")])
    draft.requests_per_month = requests_per_month
    draft.save(update_fields=["requests_per_month", "updated_at"])
    return Outcome([])


@dataclass(frozen=True)
class Saved:
    design: Design | None
    revision: DesignRevision | None
    problems: Problems


def draft_save(*, membership: Membership, draft: Draft, name: str, message: str = "",
               as_new_design: bool = False, via: str = "web") -> Saved:
    """Save the draft as a new revision of its design (or as a new design). The draft stays open for more work."""
    _require_editor(membership)
    workspace = draft_workspace(draft=draft)
    if workspace.design is None:
        return Saved(None, None, workspace.problems or [("", "the design is not valid yet")])
    name = name.strip()
    if not name or len(name) > 80 or not name.isprintable():
        return Saved(None, None, [("name", "a design name of 1 to 80 printable characters (no control characters) "
                                           "is required")])
    if len(message) > 500:
        return Saved(None, None, [("message", "the message may have at most 500 characters")])
    locked = golden_lock_problems(design_id=None if as_new_design else draft.design_id, design=workspace.design)
    if locked:
        return Saved(None, None, locked)
    try:
        policy_enforce(membership=membership, design=workspace.design, stage=Stage.SAVE, subject=name)
    except PolicyViolation as violation:
        return Saved(None, None, [("policy", str(violation))])
    recipe = convert.recipe_of_draft(draft)
    try:
        with transaction.atomic():
            if draft.design is None or as_new_design:
                design = Design.objects.create(team=draft.team, name=name, blueprint=draft.blueprint,
                                               created_by=membership.user)
            else:
                design = Design.objects.select_for_update().get(pk=draft.design_id)
                design.name = name
            number = (design.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
            revision = DesignRevision.objects.create(
                design=design, number=number, document=convert.design_to_document(workspace.design),
                recipe=convert.recipe_to_json(recipe) if recipe.blueprint else {}, author=membership.user,
                message=message.strip() or ("First version" if number == 1 else f"Revision {number}"),
            )
            design.current_revision = revision
            design.save()
            draft.design = design
            draft.base_revision = revision
            draft.save(update_fields=["design", "base_revision", "updated_at"])
            audit_record(team=design.team_id, actor=membership.user,
                         action=AuditAction.CREATED if number == 1 else AuditAction.CHANGED, subject_type="revision",
                         subject_id=revision.pk, subject=f"{design.name} r{number}", via=via,
                         detail={"message": revision.message})
    except IntegrityError:
        return Saved(None, None, [("name", f"the team already has a design named {name!r}; choose another name")])
    return Saved(design, revision, [])


def design_open(*, membership: Membership, design: Design, revision: DesignRevision | None = None) -> Draft:
    """A draft at a revision (default: the current one), to continue in the wizard."""
    _require_editor(membership)
    revision = revision or design.current_revision
    if revision is None:
        raise DesignInputError([("", "the design has no saved revision")])
    recipe = convert.recipe_of_revision(revision)
    draft = Draft(team=design.team, created_by=membership.user, design=design, base_revision=revision)
    convert.recipe_to_draft(recipe, draft)
    draft.save()
    return draft


def revision_workspace(*, revision: DesignRevision) -> Workspace:
    return workspace_for(Recipe(blueprint=None, base_document=revision.document),
                         organisation=policy_org_defaults(team=revision.design.team_id))
