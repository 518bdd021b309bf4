"""Golden path services: publish a golden path or a new version of it (admins), start a design from one
(editors), and upgrade a design made from an older version (editors) — a three-way merge saved as a new revision.
Each is role-checked and audited; the engine (`generators.golden`) does the document, parameter, lock and merge
work."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from apps.audit.services import Action as AuditAction
from apps.audit.services import audit_record
from apps.designs import authoring
from apps.designs.models import Design
from apps.designs.recipe import Recipe
from apps.designs.services import Saved, membership_require_editor
from apps.designs.workspace import Workspace, workspace_for
from apps.golden.models import GoldenPath, GoldenPathVersion, GoldenSource
from apps.golden.selectors import golden_source_of, version_document
from apps.history.graphdiff import GraphDiff, graph_diff
from apps.history.services import FileChange, file_changes
from apps.policies.services import policy_org_defaults
from apps.teams.models import Membership
from apps.teams.permissions import Action, membership_require
from generators.golden import (
    GoldenPath as GoldenDocument,
)
from generators.golden import (
    Merge,
    golden_design,
    golden_path_from_data,
    golden_path_to_data,
    merge_designs,
    parameter_problems,
    validate_values,
)
from generators.golden.merge import Side
from generators.model import DesignInputError
from generators.model.io import design_from_data, design_to_data

Problems = list[tuple[str, str]]


class GoldenError(Exception):
    """A request refused with problems, each naming its field."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p}: {m}" if p else m for p, m in problems))


# ------------------------------------------------------------------------------------------------ publishing
def _document(*, membership: Membership, design: Design, slug: str, title: str, description: str, version: int,
              parameters: Any, locked: Any) -> GoldenDocument:
    if design.team_id != membership.team_id:
        raise GoldenError([("design", "no such design in your team")])
    if design.current_revision is None:
        raise GoldenError([("design", f"{design.name} has no saved revision")])
    data = {"kind": "golden-path", "id": slug, "title": title, "description": description, "version": version,
            "design": design.current_revision.document, "parameters": parameters or [], "locked": locked or []}
    try:
        document = golden_path_from_data(data)
    except DesignInputError as exc:
        raise GoldenError(list(exc.problems)) from None
    problems = parameter_problems(document)
    if problems:
        raise GoldenError(problems)
    return document


def golden_path_publish(*, membership: Membership, design: Design, slug: str, title: str, description: str = "",
                        scope: str = "team", parameters: Any = None, locked: Any = None,
                        notes: str = "", via: str = "web") -> GoldenPathVersion:
    """Turn a saved design into a new golden path (version 1). Admins only."""
    membership_require(membership=membership, action=Action.PUBLISH_GOLDEN)
    if scope not in GoldenPath.Scope.values:
        raise GoldenError([("scope", f"{scope!r} is not a scope; allowed: {', '.join(GoldenPath.Scope.values)}")])
    if len(notes) > 500:
        raise GoldenError([("notes", "at most 500 characters")])
    document = _document(membership=membership, design=design, slug=slug, title=title, description=description,
                         version=1, parameters=parameters, locked=locked)
    try:
        with transaction.atomic():
            golden = GoldenPath.objects.create(team=membership.team, slug=document.id, title=document.title,
                                               description=document.description, scope=scope,
                                               created_by=membership.user)
            version = GoldenPathVersion.objects.create(
                golden_path=golden, number=1, document=golden_path_to_data(document), notes=notes.strip(),
                source_design=design, published_by=membership.user)
            _audit_published(membership, version, via)
    except IntegrityError:
        raise GoldenError([("slug", f"the team already has a golden path {slug!r}; publish a new version of "
                                    "it instead")]) from None
    return version


def golden_path_version_publish(*, membership: Membership, golden_path: GoldenPath, design: Design,
                                parameters: Any = None, locked: Any = None, notes: str = "",
                                title: str | None = None, description: str | None = None,
                                via: str = "web") -> GoldenPathVersion:
    """The next version of a golden path, from a saved design. Admins of the publishing team only."""
    membership_require(membership=membership, action=Action.PUBLISH_GOLDEN)
    if golden_path.team_id != membership.team_id:
        raise GoldenError([("golden_path", f"{golden_path.title} is published by {golden_path.team.name}; only "
                                           "its admins publish new versions")])
    if len(notes) > 500:
        raise GoldenError([("notes", "at most 500 characters")])
    with transaction.atomic():
        locked_row = GoldenPath.objects.select_for_update().get(pk=golden_path.pk)
        number = (locked_row.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        document = _document(membership=membership, design=design, slug=locked_row.slug,
                             title=title if title is not None else locked_row.title,
                             description=description if description is not None else locked_row.description,
                             version=number, parameters=parameters, locked=locked)
        version = GoldenPathVersion.objects.create(
            golden_path=locked_row, number=number, document=golden_path_to_data(document), notes=notes.strip(),
            source_design=design, published_by=membership.user)
        locked_row.title, locked_row.description = document.title, document.description
        locked_row.save(update_fields=["title", "description", "updated_at"])
        _audit_published(membership, version, via)
    return version


def _audit_published(membership: Membership, version: GoldenPathVersion, via: str) -> None:
    document = version.document
    audit_record(team=membership.team_id, actor=membership.user,
                 action=AuditAction.CREATED if version.number == 1 else AuditAction.CHANGED,
                 subject_type="golden path", subject_id=version.golden_path_id,
                 subject=f"{version.golden_path.title} v{version.number}", via=via,
                 detail={"published": version.number, "scope": version.golden_path.scope, "notes": version.notes,
                         "parameters": [p["name"] for p in document.get("parameters", [])],
                         "locked": [lock["path"] for lock in document.get("locked", [])]})


# ------------------------------------------------------------------------------------------------ using
def golden_path_use(*, membership: Membership, golden_path: GoldenPath, name: str, values: Mapping[str, Any],
                    message: str = "", via: str = "web") -> Saved:
    """A new design from the latest version of a golden path with the member's parameter values. Editors."""
    membership_require_editor(membership=membership)
    version = golden_path.latest
    if version is None:
        return Saved(None, None, [("golden_path", "it has no published version")])
    document = version_document(version)
    name = name.strip()
    try:
        chosen = validate_values(document, values)
        design = golden_design(document, values, name=name)
    except DesignInputError as exc:
        return Saved(None, None, [(f"parameters.{p}" if p and p != "name" else p or "parameters", m)
                                  for p, m in exc.problems])
    with transaction.atomic():
        saved = authoring.design_save_document(
            membership=membership, name=name, document=design_to_data(design), via=via,
            message=message or f"From golden path {golden_path.title} v{version.number}")
        if saved.design is None:
            return saved
        Design.objects.filter(pk=saved.design.pk).update(blueprint=f"golden:{golden_path.slug}"[:40])
        GoldenSource.objects.create(design=saved.design, version=version, parameters=chosen)
        audit_record(team=membership.team_id, actor=membership.user, action=AuditAction.CREATED,
                     subject_type="design", subject_id=saved.design.pk,
                     subject=f"{saved.design.name} from golden path {golden_path.title} v{version.number}",
                     via=via, detail={"golden_path": golden_path.slug, "version": version.number,
                                      "parameters": chosen})
    saved.design.refresh_from_db()
    return saved


# ------------------------------------------------------------------------------------------------ upgrading
def golden_outdated(*, membership: Membership, golden_path: GoldenPath) -> list[GoldenSource]:
    """The member's team's designs made from an older version of the golden path."""
    membership_require(membership=membership, action=Action.READ)
    latest = golden_path.latest
    if latest is None:
        return []
    return list(GoldenSource.objects.filter(version__golden_path=golden_path, version__number__lt=latest.number,
                                            design__team_id=membership.team_id)
                .select_related("design", "version").order_by("design__name"))


@dataclass
class Upgrade:
    design: Design
    source: GoldenSource
    target: GoldenPathVersion
    merge: Merge
    graph: GraphDiff | None = None
    files: list[FileChange] = field(default_factory=list)
    current: Workspace | None = None
    upgraded: Workspace | None = None

    @property
    def ready(self) -> bool:
        return self.merge.ok and self.upgraded is not None and self.upgraded.design is not None


def _source(design: Design) -> GoldenSource:
    source = golden_source_of(design_id=design.pk)
    if source is None:
        raise GoldenError([("design", f"{design.name} was not made from a golden path")])
    return source


def golden_upgrade_preview(*, membership: Membership, design: Design,
                           resolutions: Mapping[str, str] | None = None) -> Upgrade:
    """What upgrading the design to the latest version of its golden path gives: the three-way merge (conflicts,
    locked settings taken), the graph diff and the generated files' diff against the current revision."""
    membership_require(membership=membership, action=Action.READ)
    source = _source(design)
    target = source.version.golden_path.latest
    if target is None or design.current_revision is None:
        raise GoldenError([("design", "nothing to upgrade")])
    chosen: dict[str, Side] = {}
    for path, side in (resolutions or {}).items():
        if side not in ("mine", "theirs"):
            raise GoldenError([(f"resolutions.{path}", f"{side!r} is not a resolution; allowed: mine, theirs")])
        chosen[path] = side  # type: ignore[assignment]
    old, new = version_document(source.version), version_document(target)
    name = design.current_revision.document["project"]["name"]
    try:
        base = golden_design(old, source.parameters, name=name)
        theirs = golden_design(new, _carried(new, source.parameters), name=name)
    except DesignInputError as exc:
        raise GoldenError(list(exc.problems)) from None
    mine = design_from_data(design.current_revision.document)
    merged = merge_designs(base, mine, theirs, new_version=new, resolutions=chosen)
    upgrade = Upgrade(design, source, target, merged)
    # the team's organisation defaults, as in every download: the patch applies to the repository it generated
    organisation = policy_org_defaults(team=design.team_id)
    upgrade.current = workspace_for(Recipe(blueprint=None, base_document=design.current_revision.document),
                                    organisation=organisation)
    if merged.design is not None:
        upgrade.upgraded = workspace_for(Recipe(blueprint=None, base_document=design_to_data(merged.design)),
                                         organisation=organisation)
        upgrade.graph = graph_diff(mine, merged.design)
        if upgrade.current.tree is not None and upgrade.upgraded.tree is not None:
            upgrade.files = file_changes(upgrade.current.tree, upgrade.upgraded.tree)
    return upgrade


def _carried(document: GoldenDocument, values: Mapping[str, Any]) -> dict[str, Any]:
    """The user's parameter values that the new version still has (a dropped parameter falls back to the
    design's value; a new one takes its default)."""
    names = {p.name for p in document.parameters}
    return {k: v for k, v in values.items() if k in names}


def golden_upgrade_apply(*, membership: Membership, design: Design, resolutions: Mapping[str, str] | None = None,
                         message: str = "", via: str = "web") -> Saved:
    """Save the upgraded design as a new revision (every conflict resolved) and remember the new version."""
    membership_require_editor(membership=membership)
    upgrade = golden_upgrade_preview(membership=membership, design=design, resolutions=resolutions)
    if upgrade.source.version_id == upgrade.target.pk:
        return Saved(None, None, [("design", f"{design.name} is already on version {upgrade.target.number}")])
    if upgrade.merge.unresolved:
        return Saved(None, None, [(f"resolutions.{c.path}", "conflict: you changed it and so did version "
                                                            f"{upgrade.target.number}; choose mine or theirs")
                                  for c in upgrade.merge.unresolved])
    if upgrade.merge.design is None:
        return Saved(None, None, upgrade.merge.problems)
    old_number = upgrade.source.version.number
    with transaction.atomic():
        source = GoldenSource.objects.select_for_update().get(pk=upgrade.source.pk)
        source.version = upgrade.target
        source.parameters = _carried(version_document(upgrade.target), source.parameters)
        source.upgraded_at = timezone.now()
        source.save()  # before saving: the lock check reads the new version's locks
        saved = authoring.design_save_document(
            membership=membership, name=design.name, document=design_to_data(upgrade.merge.design), design=design,
            via=via, message=message or f"Upgraded to golden path {upgrade.target.golden_path.title} "
                                        f"v{upgrade.target.number}")
        if saved.design is None:
            transaction.set_rollback(True)
            return saved
        audit_record(team=membership.team_id, actor=membership.user, action=AuditAction.CHANGED,
                     subject_type="design", subject_id=design.pk,
                     subject=f"{design.name} upgraded to golden path {upgrade.target.golden_path.title} "
                             f"v{upgrade.target.number}", via=via,
                     detail={"golden_path": upgrade.target.golden_path.slug, "from_version": old_number,
                             "to_version": upgrade.target.number, "locked_taken": upgrade.merge.locked,
                             "conflicts": [c.as_dict() for c in upgrade.merge.conflicts]})
    return saved
