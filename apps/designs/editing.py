"""Typed edit operations (generators.editing) on saved designs and on drafts: the JSON API's
`POST /api/designs/{id}/edits`, the web's /mcp tool and the wizard's compose step go through here.

The operations are kept in the recipe as one `compose` edit, so a design made from a blueprint keeps its options
(changing one later replays the compose edits that still apply)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from apps.designs import convert, services
from apps.designs.models import Design, Draft
from apps.designs.recipe import Recipe
from apps.designs.workspace import workspace_for
from apps.teams.models import Membership
from generators.editing import apply_edits, parse_edits
from generators.model import Design as DesignModel
from generators.model import DesignInputError
from generators.model.io import design_to_data


def compose_edit(edits: list[dict[str, Any]]) -> dict[str, Any]:
    return {"op": "compose", "edits": edits}


def _with_edits(recipe: Recipe, edits: list[dict[str, Any]], result: DesignModel) -> Recipe:
    """The recipe plus the compose edit; a recipe whose replay does not give `result` becomes the document."""
    candidate = replace(recipe, edits=(*recipe.edits, compose_edit(edits)))
    workspace = workspace_for(candidate)
    before = len(workspace_for(recipe).stale)
    if recipe.blank and not recipe.edits:
        before = 0
    if workspace.design is not None and len(workspace.stale) == before and workspace.design == result:
        return candidate
    return Recipe(blueprint=None, base_document=design_to_data(result))


def design_apply_edits(*, membership: Membership, design: Design, edits: Any, message: str = "",
                       via: str = "api") -> services.Saved:
    """Apply edit operations to the current revision, all or nothing, and save the result as the next revision.
    Problems name `edits[i].field`; nothing is saved when any edit is refused."""
    services.membership_require_editor(membership=membership)
    revision = design.current_revision
    if revision is None:
        return services.Saved(None, None, [("", "the design has no saved revision")])
    try:
        operations = parse_edits(edits)
        result = apply_edits(convert.design_of_revision(revision), operations)
    except DesignInputError as exc:
        return services.Saved(None, None, exc.problems)
    dumped = [o.model_dump(mode="json") for o in operations]
    recipe = _with_edits(convert.recipe_of_revision(revision), dumped, result)
    draft = Draft(team=membership.team, created_by=membership.user, design=design, base_revision=revision)
    convert.recipe_to_draft(recipe, draft)
    draft.save()
    return services.draft_save(membership=membership, draft=draft, name=design.name,
                               message=message or f"{len(operations)} edit(s)", via=via)


def draft_apply_edits(*, membership: Membership, draft: Draft, edits: Any) -> services.Outcome:
    """The compose step: apply edit operations to the draft (all or nothing); problems name `edits[i].field`."""
    services.membership_require_editor(membership=membership)
    recipe = convert.recipe_of_draft(draft)
    current = workspace_for(recipe)
    base: DesignModel | dict[str, Any] | None = current.design
    if base is None and recipe.blank and not recipe.edits:
        base = recipe.base_data()  # a blank design: its first components
    if base is None:
        return services.Outcome(current.problems or [("", "the design is not valid yet")])
    try:
        operations = parse_edits(edits)
        result = apply_edits(base, operations)
    except DesignInputError as exc:
        return services.Outcome(exc.problems)
    dumped = [o.model_dump(mode="json") for o in operations]
    new_recipe = _with_edits(recipe, dumped, result)
    convert.recipe_to_draft(new_recipe, draft)
    draft.save()
    return services.Outcome([])


def draft_undo(*, membership: Membership, draft: Draft) -> dict[str, Any] | None:
    """Take back the draft's last compose edit; returns it (for redo), or None when there is none."""
    services.membership_require_editor(membership=membership)
    if not draft.edits or draft.edits[-1].get("op") != "compose":
        return None
    edit: dict[str, Any] = draft.edits.pop()
    draft.save(update_fields=["edits", "updated_at"])
    return edit


def draft_redo(*, membership: Membership, draft: Draft, edit: dict[str, Any]) -> services.Outcome:
    """Apply an undone compose edit again (it is checked again: the draft may have changed since)."""
    return draft_apply_edits(membership=membership, draft=draft, edits=list(edit.get("edits", [])))
