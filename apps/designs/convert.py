"""The one place that maps database rows to `generators` values and back."""

from __future__ import annotations

from typing import Any

from apps.designs.models import Design as DesignRow
from apps.designs.models import DesignRevision, Draft
from apps.designs.recipe import Recipe
from generators.model import Design
from generators.model.io import design_from_data, design_to_data


def recipe_of_draft(draft: Draft) -> Recipe:
    return Recipe(blueprint=draft.blueprint or None, options=dict(draft.options), project=dict(draft.project),
                  base_document=draft.base_document, edits=tuple(draft.edits))


def recipe_to_draft(recipe: Recipe, draft: Draft) -> None:
    draft.blueprint = recipe.blueprint or ""
    draft.options = recipe.options
    draft.project = recipe.project
    draft.base_document = recipe.base_document
    draft.edits = list(recipe.edits)


def recipe_to_json(recipe: Recipe) -> dict[str, Any]:
    return {"blueprint": recipe.blueprint, "options": recipe.options, "project": recipe.project,
            "edits": list(recipe.edits)}


def recipe_of_revision(revision: DesignRevision) -> Recipe:
    """How to reopen a revision: its recipe when the wizard made it, else its document as the base."""
    recipe = revision.recipe or {}
    if recipe.get("blueprint"):
        return Recipe(blueprint=recipe["blueprint"], options=dict(recipe.get("options") or {}),
                      project=dict(recipe.get("project") or {}), edits=tuple(recipe.get("edits") or ()))
    return Recipe(blueprint=None, base_document=revision.document)


def design_of_revision(revision: DesignRevision) -> Design:
    return design_from_data(revision.document)


def design_to_document(design: Design) -> dict[str, Any]:
    return design_to_data(design)


def design_label(row: DesignRow) -> str:
    return f"{row.name} (revision {row.current_revision.number})" if row.current_revision else row.name
