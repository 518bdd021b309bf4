"""Saving a design without the wizard (the JSON API): from a Design document, or from a blueprint's options and
project settings. Both go through a Draft and `draft_save`, so validation, messages, policies and the audit log are
exactly the wizard's."""

from __future__ import annotations

from typing import Any

from apps.designs import services
from apps.designs.models import Design, Draft
from apps.teams.models import Membership
from generators.blueprints import BLUEPRINTS
from generators.model import DesignInputError


def design_save_document(*, membership: Membership, name: str, document: dict[str, Any], message: str = "",
                         design: Design | None = None, via: str = "api") -> services.Saved:
    """A new design (or, with `design`, its next revision) whose content is a Design document."""
    services.membership_require_editor(membership=membership)
    draft = Draft(team=membership.team, created_by=membership.user, design=design,
                  base_revision=design.current_revision if design else None, blueprint="", base_document=document)
    workspace = services.draft_workspace(draft=draft)
    if workspace.design is None:
        return services.Saved(None, None, [(f"document.{p}" if p else "document", m) for p, m in workspace.problems])
    draft.save()
    return services.draft_save(membership=membership, draft=draft, name=name, message=message, via=via)


def design_save_blueprint(*, membership: Membership, name: str, blueprint: str, options: dict[str, Any],
                          project: dict[str, Any] | None = None, message: str = "", design: Design | None = None,
                          via: str = "api") -> services.Saved:
    """A new design (or its next revision) built by a blueprint from its options and the project settings."""
    services.membership_require_editor(membership=membership)
    if blueprint not in BLUEPRINTS:
        return services.Saved(None, None, [("blueprint", f"unknown project type {blueprint!r}; allowed: "
                                                         f"{', '.join(BLUEPRINTS)}")])
    try:
        BLUEPRINTS[blueprint].options(options)
    except DesignInputError as exc:
        return services.Saved(None, None, [(f"options.{p}" if p else "options", m) for p, m in exc.problems])
    draft = Draft(team=membership.team, created_by=membership.user, design=design,
                  base_revision=design.current_revision if design else None, blueprint=blueprint,
                  options=options, project={"name": name, **(project or {})})
    workspace = services.draft_workspace(draft=draft)
    if workspace.design is None:
        return services.Saved(None, None, [(p or "project", m) for p, m in workspace.problems])
    draft.save()
    return services.draft_save(membership=membership, draft=draft, name=name, message=message, via=via)
