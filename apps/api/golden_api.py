"""Golden path operations of the JSON API: list and read golden paths, publish one or a new version (admins),
start a design from one (editors), and preview or apply the upgrade of a design made from an older version. The
same services as the pages: roles, locks, the three-way merge and the audit log are the same."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Schema, Status
from pydantic import Field

from apps.api import schemas
from apps.api.api import ERRORS, _caller, _design, _design_out, _guard, api
from apps.api.errors import ApiError, invalid
from apps.designs.services import NotAllowed as DesignNotAllowed
from apps.designs.services import Saved
from apps.golden import selectors, services
from apps.golden.models import GoldenPath
from apps.teams.permissions import Action, NotAllowed
from generators.golden import Lock, Parameter, options_model
from generators.model.names import NAME_MAX_LENGTH, NAME_PATTERN, NAME_RULE
from generators.options_info import describe_options


class GoldenVersionOut(Schema):
    number: int
    notes: str
    published_by: str
    published_at: Any


class GoldenPathOut(Schema):
    id: int
    slug: str
    title: str
    description: str
    scope: Literal["team", "organisation"]
    team: str
    latest_version: int | None


class GoldenPathDetail(GoldenPathOut):
    versions: list[GoldenVersionOut]
    parameters: list[dict[str, Any]] = Field(description="Each parameter: name, type, choices, default, minimum, "
                                                         "maximum, help (as `python -m generators options`)")
    locked: list[Lock]
    document: dict[str, Any] | None = Field(description="The latest version's golden path document (the file "
                                                        "`python -m generators new --path FILE` reads)")
    outdated_designs: list[schemas.DesignOut] = Field(description="The team's designs on an older version")


class GoldenPublishIn(Schema):
    design_id: int = Field(description="The saved design whose current revision becomes the golden path's design")
    parameters: list[Parameter] = Field(default_factory=list, max_length=50)
    locked: list[Lock] = Field(default_factory=list, max_length=200)
    notes: str = Field(default="", max_length=500, description="What changed in this version")


class GoldenCreateIn(GoldenPublishIn):
    slug: str = Field(min_length=1, max_length=NAME_MAX_LENGTH, pattern=NAME_PATTERN,
                      description=f"The golden path's id: {NAME_RULE}")
    title: str = Field(min_length=1, max_length=80)
    description: str = Field(default="", max_length=1000)
    scope: Literal["team", "organisation"] = "team"


class GoldenUseIn(Schema):
    name: str = Field(min_length=1, max_length=NAME_MAX_LENGTH, pattern=NAME_PATTERN,
                      description=f"Design name, unique in the team (also the project's name): {NAME_RULE}")
    parameters: dict[str, Any] = Field(default_factory=dict, description="Values of the golden path's parameters")
    message: str = Field(default="", max_length=500)


class ConflictOut(Schema):
    path: str
    base: Any
    mine: Any
    theirs: Any
    mine_removed: bool
    theirs_removed: bool
    resolution: Literal["mine", "theirs"] | None


class FileChangeOut(Schema):
    path: str
    status: str
    ownership: str
    in_patch: bool
    diff: str


class UpgradeOut(Schema):
    golden_path: str
    from_version: int
    to_version: int
    ready: bool = Field(description="Every conflict resolved and the merged design valid")
    conflicts: list[ConflictOut]
    locked_taken: list[str] = Field(description="Locked settings set to the new version's value")
    problems: list[schemas.Problem]
    components_added: list[str]
    components_removed: list[str]
    components_changed: list[str]
    files: list[FileChangeOut]


class UpgradeIn(Schema):
    resolutions: dict[str, Literal["mine", "theirs"]] = Field(
        default_factory=dict, description="Per conflicting setting path: keep mine or take the new version's")
    message: str = Field(default="", max_length=500)


def _out(golden: GoldenPath) -> dict[str, Any]:
    latest = golden.latest
    return {"id": golden.pk, "slug": golden.slug, "title": golden.title, "description": golden.description,
            "scope": golden.scope, "team": golden.team.name, "latest_version": latest.number if latest else None}


def _golden(caller: Any, golden_id: int) -> GoldenPath:
    return selectors.golden_path_get(membership=caller.membership, pk=golden_id)


def _refused(error: Exception) -> ApiError:
    if isinstance(error, NotAllowed | DesignNotAllowed):
        return ApiError(403, str(error))
    if isinstance(error, services.GoldenError):
        status = 409 if any(p == "slug" and "already has" in m for p, m in error.problems) else 422
        refusal = invalid(error.problems)
        refusal.status = status
        return refusal
    raise error


def _saved(saved: Saved) -> dict[str, Any]:
    if saved.design is None or saved.revision is None:
        error = invalid(saved.problems)
        error.status = 409 if any(f == "name" and "already has" in m for f, m in saved.problems) \
            else 403 if any(f == "policy" for f, _ in saved.problems) else 422
        raise error
    return {"design": _design_out(saved.design), "revision": saved.revision.number}


@api.get("/golden-paths", response={200: list[GoldenPathOut], **ERRORS}, tags=["golden paths"])
def list_golden_paths(request: HttpRequest) -> Any:
    """The golden paths the token's team may use: its own and every organisation-wide one (scope read)."""
    caller = _caller(request, "read")
    _guard(caller, Action.READ)
    return [_out(g) for g in selectors.golden_paths_visible(membership=caller.membership)]


@api.get("/golden-paths/{golden_id}", response={200: GoldenPathDetail, **ERRORS}, tags=["golden paths"])
def get_golden_path(request: HttpRequest, golden_id: int) -> Any:
    """A golden path: its versions, the latest one's parameters, locks and document, and the team's designs still
    on an older version (scope read)."""
    caller = _caller(request, "read")
    _guard(caller, Action.READ)
    golden = _golden(caller, golden_id)
    latest = golden.latest
    document = selectors.version_document(latest) if latest else None
    outdated = services.golden_outdated(membership=caller.membership, golden_path=golden)
    return {**_out(golden),
            "versions": [{"number": v.number, "notes": v.notes, "published_at": v.published_at,
                          "published_by": v.published_by.get_username() if v.published_by else ""}
                         for v in golden.versions.select_related("published_by")],
            "parameters": [i.as_dict() for i in describe_options(options_model(document))] if document else [],
            "locked": document.locked if document else [], "document": latest.document if latest else None,
            "outdated_designs": [_design_out(s.design) for s in outdated]}


def _dumped(body: GoldenPublishIn) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    return ([p.model_dump(mode="json", exclude_none=True) for p in body.parameters],
            [lock.model_dump(mode="json") for lock in body.locked])


@api.post("/golden-paths", response={201: GoldenPathOut, **ERRORS}, tags=["golden paths"])
def publish_golden_path(request: HttpRequest, body: GoldenCreateIn) -> Any:
    """Publish a saved design as a new golden path, version 1 (scope write; admins)."""
    caller = _caller(request, "write")
    _guard(caller, Action.PUBLISH_GOLDEN)
    parameters, locked = _dumped(body)
    try:
        version = services.golden_path_publish(
            membership=caller.membership, design=_design(caller, body.design_id), slug=body.slug, title=body.title,
            description=body.description, scope=body.scope, parameters=parameters, locked=locked, notes=body.notes,
            via="api")
    except (NotAllowed, services.GoldenError) as error:
        raise _refused(error) from error
    return Status(201, _out(version.golden_path))


@api.post("/golden-paths/{golden_id}/versions", response={201: GoldenPathOut, **ERRORS}, tags=["golden paths"])
def publish_golden_path_version(request: HttpRequest, golden_id: int, body: GoldenPublishIn) -> Any:
    """Publish the next version of a golden path from a saved design (scope write; admins of its team)."""
    caller = _caller(request, "write")
    _guard(caller, Action.READ)
    golden = _golden(caller, golden_id)
    _guard(caller, Action.PUBLISH_GOLDEN)
    parameters, locked = _dumped(body)
    try:
        services.golden_path_version_publish(
            membership=caller.membership, golden_path=golden, design=_design(caller, body.design_id),
            parameters=parameters, locked=locked, notes=body.notes, via="api")
    except (NotAllowed, services.GoldenError) as error:
        raise _refused(error) from error
    golden.refresh_from_db()
    return Status(201, _out(golden))


@api.post("/golden-paths/{golden_id}/designs", response={201: schemas.SavedOut, **ERRORS}, tags=["golden paths"])
def use_golden_path(request: HttpRequest, golden_id: int, body: GoldenUseIn) -> Any:
    """A new design from the latest version of a golden path with parameter values (scope write; editors). A
    locked setting or an unknown parameter is refused naming it (`parameters.<name>`) and, for a lock, why."""
    caller = _caller(request, "write")
    golden = _golden(caller, golden_id)
    _guard(caller, Action.EDIT)
    try:
        saved = services.golden_path_use(membership=caller.membership, golden_path=golden, name=body.name,
                                         values=body.parameters, message=body.message, via="api")
    except DesignNotAllowed as error:
        raise _refused(error) from error
    return Status(201, _saved(saved))


def _upgrade_out(upgrade: services.Upgrade) -> dict[str, Any]:
    graph = upgrade.graph
    return {"golden_path": upgrade.target.golden_path.slug, "from_version": upgrade.source.version.number,
            "to_version": upgrade.target.number, "ready": upgrade.ready,
            "conflicts": [c.as_dict() for c in upgrade.merge.conflicts], "locked_taken": upgrade.merge.locked,
            "problems": [{"field": p, "message": m} for p, m in upgrade.merge.problems],
            "components_added": graph.components_added if graph else [],
            "components_removed": graph.components_removed if graph else [],
            "components_changed": sorted(graph.components_changed) if graph else [],
            "files": [{"path": f.path, "status": f.status, "ownership": f.ownership, "in_patch": f.in_patch,
                       "diff": f.diff} for f in upgrade.files]}


@api.get("/designs/{design_id}/upgrade", response={200: UpgradeOut, **ERRORS}, tags=["golden paths"])
def get_upgrade(request: HttpRequest, design_id: int) -> Any:
    """What upgrading a design made from a golden path to its latest version gives: conflicts, locked settings
    taken, the graph changes and the generated files' diffs (scope read)."""
    caller = _caller(request, "read")
    _guard(caller, Action.READ)
    design = _design(caller, design_id)
    try:
        upgrade = services.golden_upgrade_preview(membership=caller.membership, design=design)
    except services.GoldenError as error:
        raise _refused(error) from error
    return _upgrade_out(upgrade)


@api.post("/designs/{design_id}/upgrade", response={201: schemas.SavedOut, **ERRORS}, tags=["golden paths"])
def upgrade_design(request: HttpRequest, design_id: int, body: UpgradeIn) -> Any:
    """Upgrade a design to the latest version of its golden path as a new revision: the user's edits kept, locked
    settings from the new version, each conflict resolved by `resolutions` (scope write; editors). Then the
    revision's patch (`/designs/{id}/revisions/{n}/patch?from=…` on the site) updates the generated project."""
    caller = _caller(request, "write")
    design = _design(caller, design_id)
    _guard(caller, Action.EDIT)
    try:
        saved = services.golden_upgrade_apply(membership=caller.membership, design=design,
                                              resolutions=body.resolutions, message=body.message, via="api")
    except (DesignNotAllowed, services.GoldenError) as error:
        raise _refused(error) from error
    return Status(201, _saved(saved))
