"""Import a SAM/CloudFormation template as a new design (docs/import.md): the engine maps it, the Draft path of
the wizard validates and saves it (one first revision, or nothing at all)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from apps.designs import authoring, services
from apps.teams.models import Membership
from generators.importing import Report, TemplateError, import_template


@dataclass
class Imported:
    saved: services.Saved
    report: Report | None


def design_import_template(*, membership: Membership, name: str, template: str | bytes,
                           source_name: str = "template.yaml", message: str = "", via: str = "api") -> Imported:
    """A new design from a template; bad input comes back as (place, message) problems and saves nothing."""
    services.membership_require_editor(membership=membership)
    try:
        result = import_template(template, source_name)
    except TemplateError as exc:
        return Imported(services.Saved(None, None, [(f"template: {p}" if p else "template", m)
                                                    for p, m in exc.problems]), None)
    document: dict[str, Any] = result.design.model_dump(mode="json", exclude_none=True)
    document["project"]["name"] = name
    saved = authoring.design_save_document(membership=membership, name=name, document=document,
                                           message=message or f"imported from {source_name}", via=via)
    return Imported(saved, result.report)
