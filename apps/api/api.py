"""The JSON API (`/api/`, spec at `/api/openapi.json`, browsable docs at `/api/docs`).

django-ninja builds the OpenAPI document from the typed operations below (pydantic models: the same library the
engine's Design model uses), so the spec cannot drift from the code. Every operation authenticates a personal
access token (`Authorization: Bearer sdp_…`), checks its scope, then calls the same services as the web pages;
refusals carry the same messages.
"""

from __future__ import annotations

import copy
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from ninja.security import HttpBearer

from apps.api import schemas
from apps.api.errors import ApiError, invalid
from apps.api.tokens import (
    Caller,
    RateLimited,
    ScopeMissing,
    TokenRejected,
    caller_require_scope,
    token_authenticate,
)
from apps.designs import authoring
from apps.designs.editing import design_apply_edits
from apps.designs.importing import design_import_template
from apps.designs.models import Design, DesignRevision
from apps.designs.services import NotAllowed as DesignNotAllowed
from apps.designs.services import revision_workspace
from apps.history import services as history_services
from apps.policies.services import PolicyViolation
from apps.teams.permissions import Action, NotAllowed, membership_require
from generators.blueprints import BLUEPRINTS
from generators.editing.operations import EDIT_LIST
from generators.model import DesignInputError, design_json_schema
from generators.model.loading import parse_json
from generators.model.messages import bound_problems


class TokenAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> Caller | None:
        try:
            caller = token_authenticate(raw=token)
        except TokenRejected as rejected:
            raise ApiError(401, f"token: {rejected}") from rejected
        except RateLimited as limited:
            raise ApiError(429, str(limited), headers={"Retry-After": str(limited.retry_after)}) from limited
        request.user = caller.user  # so that services and logs see who acts
        return caller


class BoundedJsonParser(Parser):
    """Request bodies go through the engine's loading path: JSON only, bounded in size, depth and string length,
    no NaN; whatever it refuses becomes ninja's 400 "Cannot parse request body"."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        try:
            data = parse_json(request.body)
        except DesignInputError as exc:
            raise BodyRefused(exc.problems) from None
        if not isinstance(data, dict):
            raise BodyRefused([("", "the body must be a JSON object")])
        return data


class BodyRefused(ValueError):
    """A request body the loading path refused; ninja wraps it in its 400 "Cannot parse request body", and the
    HttpError handler below adds what was wrong and where."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{f}: {m}" if f else m for f, m in problems))
        self.problems = problems


class DesignerApi(NinjaAPI):
    """The OpenAPI document carries the real schema of a Design document (the engine's own JSON Schema, with its
    name pattern and bounds) and says that a body has exactly one of `document` and `blueprint`."""

    def get_openapi_schema(self, *, path_prefix: str | None = None,
                           path_params: dict[str, Any] | None = None) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        document = design_json_schema(ref_template="#/components/schemas/Design{model}")
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for name, definition in document.pop("$defs", {}).items():
            components[f"Design{name}"] = definition
        document.pop("$schema", None)
        components["DesignDocument"] = document
        body = components.get("DesignIn")
        if body is not None:
            body["properties"]["document"] = {"$ref": "#/components/schemas/DesignDocument",
                                              "description": "A Design document (see docs/design-format.md)"}
            body["oneOf"] = _document_or_blueprint(components)
            # project settings: the Project of a Design, every field optional (the name defaults to the design's)
            project_settings = copy.deepcopy(components["DesignProject"])
            project_settings.pop("required", None)
            project_settings["title"] = "ProjectSettings"
            components["DesignProjectSettings"] = project_settings
            body["properties"]["project"] = {"$ref": "#/components/schemas/DesignProjectSettings",
                                             "description": body["properties"]["project"].get("description", "")}
        operations = EDIT_LIST.json_schema(ref_template="#/components/schemas/Edit{model}")
        for name, definition in operations.pop("$defs", {}).items():
            components[f"Edit{name}"] = definition
        components["EditOperation"] = operations["items"]
        edits = components.get("EditsIn")
        if edits is not None:  # the body is validated by the engine (messages naming edits[i].field)
            edits["properties"]["edits"]["items"] = {"$ref": "#/components/schemas/EditOperation"}
        return schema


def _document_or_blueprint(components: dict[str, Any]) -> list[dict[str, Any]]:
    """Exactly one of `document` and `blueprint`; with a blueprint, `options` are that blueprint's options (their
    real names, types and ranges: the server refuses any other)."""
    branches: list[dict[str, Any]] = [{"required": ["document"], "not": {"required": ["blueprint"]}}]
    for name in BLUEPRINTS:
        prefix = "Options" + "".join(part.title() for part in name.split("-"))
        options = BLUEPRINTS[name].options_model.model_json_schema(
            ref_template=f"#/components/schemas/{prefix}{{model}}")
        for definition_name, definition in options.pop("$defs", {}).items():
            components[f"{prefix}{definition_name}"] = definition
        components[prefix] = options
        branches.append({"required": ["blueprint"], "not": {"required": ["document"]},
                         "properties": {"blueprint": {"const": name},
                                        "options": {"$ref": f"#/components/schemas/{prefix}"}}})
    return branches


# No browsable docs page: Swagger UI loads scripts from a CDN, which our Content-Security-Policy forbids; the spec
# at /api/openapi.json feeds any OpenAPI viewer or client generator.
api = DesignerApi(title="Serverless designer API", version="1", auth=TokenAuth(), urls_namespace="api", docs_url=None,
               parser=BoundedJsonParser(),
               description="Designs, generated projects, findings, cost, deployments and approvals of one team. "
                           "Authenticate with a personal access token (Authorization: Bearer sdp_…) made on the "
                           "API tokens page; each token has scopes (read, write, deploy, approve), an expiry and a "
                           "rate limit.")

ERRORS: dict[int, type[schemas.Problems]] = dict.fromkeys((400, 401, 403, 404, 409, 413, 422, 429), schemas.Problems)


@api.exception_handler(RequestDataTooBig)
def _too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return api.create_response(request, {"detail": f"the request body is over {limit:,} bytes", "problems": []},
                               status=413)


@api.exception_handler(ApiError)
def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    response = api.create_response(request, exc.body(), status=exc.status)
    for name, value in exc.headers.items():
        response[name] = value
    return response


@api.exception_handler(NinjaValidationError)
def _validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    problems = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("body", "payload", "query", "path")]
        problems.append((".".join(location), str(error.get("msg", "invalid"))))
    return api.create_response(request, invalid(bound_problems(problems)).body(), status=422)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": "token: send Authorization: Bearer sdp_…", "problems": []},
                               status=401)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, BodyRefused):
        refused = ApiError(exc.status_code, f"Cannot parse request body: {exc.__cause__}", exc.__cause__.problems)
        return api.create_response(request, refused.body(), status=exc.status_code)
    return api.create_response(request, {"detail": str(exc), "problems": []}, status=exc.status_code)


def _caller(request: HttpRequest, scope: str) -> Caller:
    caller: Caller = request.auth
    try:
        caller_require_scope(caller=caller, scope=scope)
    except ScopeMissing as missing:
        raise ApiError(403, str(missing)) from missing
    return caller


def _guard(caller: Caller, action: Action) -> None:
    try:
        membership_require(membership=caller.membership, action=action)
    except NotAllowed as refused:
        raise ApiError(403, str(refused)) from refused


def _design(caller: Caller, design_id: int) -> Design:
    """Only the token's team: another team's design is a 404, as in the UI."""
    return get_object_or_404(Design.objects.select_related("current_revision", "team"), pk=design_id,
                             team_id=caller.membership.team_id)


def _revision(design: Design, number: int | None) -> DesignRevision:
    if number is None:
        if design.current_revision is None:
            raise ApiError(404, "the design has no saved revision")
        return design.current_revision
    return get_object_or_404(DesignRevision, design=design, number=number)


def _design_out(design: Design) -> dict[str, Any]:
    return {"id": design.pk, "name": design.name, "blueprint": design.blueprint,
            "current_revision": design.current_revision.number if design.current_revision else None,
            "updated_at": design.updated_at}


# ---------------------------------------------------------------------------------------------- designs
@api.get("/designs", response={200: list[schemas.DesignOut], **ERRORS}, tags=["designs"])
def list_designs(request: HttpRequest) -> Any:
    """The designs of the token's team (scope read)."""
    caller = _caller(request, "read")
    _guard(caller, Action.READ)
    designs = Design.objects.filter(team_id=caller.membership.team_id).select_related("current_revision")
    return [_design_out(d) for d in designs]


@api.post("/designs/import", response={201: schemas.ImportOut, **ERRORS}, tags=["designs"])
def import_design(request: HttpRequest, body: schemas.ImportIn) -> Any:
    """A new design from a SAM/CloudFormation template, with the import report (scope write; docs/import.md)."""
    caller = _caller(request, "write")
    _guard(caller, Action.EDIT)
    try:
        result = design_import_template(membership=caller.membership, name=body.name, template=body.template,
                                        source_name=body.source_name, message=body.message)
    except DesignNotAllowed as refused:
        raise ApiError(403, str(refused)) from refused
    saved = result.saved
    if saved.design is None or saved.revision is None or result.report is None:
        error = invalid(saved.problems)
        error.status = 409 if any(f == "name" and "already has" in m for f, m in saved.problems) else 422
        raise error
    return Status(201, {"design": _design_out(saved.design), "revision": saved.revision.number,
                        "report": result.report.as_dict()})


@api.get("/designs/{design_id}", response={200: schemas.DesignDetail, **ERRORS}, tags=["designs"])
def get_design(request: HttpRequest, design_id: int) -> Any:
    """One design with its revisions and the current Design document (scope read)."""
    caller = _caller(request, "read")
    _guard(caller, Action.READ)
    design = _design(caller, design_id)
    revisions = [{"number": r.number, "author": r.author.get_username() if r.author else "",
                  "created_at": r.created_at, "message": r.message}
                 for r in design.revisions.select_related("author").order_by("-number")]
    return {**_design_out(design), "revisions": revisions,
            "document": design.current_revision.document if design.current_revision else None}


def _save(caller: Caller, body: schemas.DesignIn, design: Design | None) -> Any:
    _guard(caller, Action.EDIT)
    sent = body.model_fields_set & {"document", "blueprint"}
    if len(sent) != 1 or (body.document is None) == (body.blueprint is None):
        raise invalid([("document", "send either document (a Design document) or blueprint with options; "
                                    "allowed: exactly one of them")])
    try:
        if body.document is not None:
            saved = authoring.design_save_document(membership=caller.membership, name=body.name,
                                                   document=body.document, message=body.message, design=design)
        else:
            assert body.blueprint is not None
            saved = authoring.design_save_blueprint(membership=caller.membership, name=body.name,
                                                    blueprint=body.blueprint, options=body.options,
                                                    project=body.project, message=body.message, design=design)
    except DesignNotAllowed as refused:
        raise ApiError(403, str(refused)) from refused
    if saved.design is None or saved.revision is None:
        status = 409 if any(field == "name" and "already has" in message for field, message in saved.problems) \
            else 403 if any(field == "policy" for field, _ in saved.problems) else 422
        error = invalid(saved.problems)
        error.status = status
        raise error
    return {"design": _design_out(saved.design), "revision": saved.revision.number}


@api.post("/designs", response={201: schemas.SavedOut, **ERRORS}, tags=["designs"])
def create_design(request: HttpRequest, body: schemas.DesignIn) -> Any:
    """A new design from a Design document or from a blueprint's options (scope write)."""
    return Status(201, _save(_caller(request, "write"), body, None))


@api.put("/designs/{design_id}", response={200: schemas.SavedOut, **ERRORS}, tags=["designs"])
def update_design(request: HttpRequest, design_id: int, body: schemas.DesignIn) -> Any:
    """A new revision of a design, from a Design document or a blueprint's options (scope write)."""
    caller = _caller(request, "write")
    return _save(caller, body, _design(caller, design_id))


@api.post("/designs/{design_id}/edits", response={201: schemas.SavedOut, **ERRORS}, tags=["designs"])
def edit_design(request: HttpRequest, design_id: int, body: schemas.EditsIn) -> Any:
    """Apply edit operations (add, update, rename, remove a component; connect, disconnect) to the current
    revision, all or nothing, and save the result as a new revision (scope write). A refused edit answers 422
    with problems naming `edits[i].field`; nothing is saved then."""
    caller = _caller(request, "write")
    _guard(caller, Action.EDIT)
    design = _design(caller, design_id)
    try:
        saved = design_apply_edits(membership=caller.membership, design=design, edits=body.edits,
                                   message=body.message)
    except DesignNotAllowed as refused:
        raise ApiError(403, str(refused)) from refused
    if saved.design is None or saved.revision is None:
        error = invalid(saved.problems)
        if any(field == "policy" for field, _ in saved.problems):
            error.status = 403
        raise error
    return Status(201, {"design": _design_out(saved.design), "revision": saved.revision.number})


@api.get("/designs/{design_id}/revisions/{number}/zip", response={200: None, **ERRORS}, tags=["designs"],
         openapi_extra={"responses": {200: {"description": "The generated project",
                                            "content": {"application/zip": {"schema": {"type": "string",
                                                                                       "format": "binary"}}}}}})
def download_zip(request: HttpRequest, design_id: int, number: int) -> Any:
    """The generated project of a revision as a zip (scope read; org policy checked; audited)."""
    caller = _caller(request, "read")
    design = _design(caller, design_id)
    revision = _revision(design, number)
    try:
        download = history_services.revision_download(membership=caller.membership, revision=revision, via="api")
    except NotAllowed as refused:
        raise ApiError(403, str(refused)) from refused
    except PolicyViolation as violation:
        raise ApiError(403, str(violation)) from violation
    except history_services.HistoryError as error:
        raise ApiError(422, str(error)) from error
    response = HttpResponse(download.content, content_type=download.content_type)
    response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    return response


@api.get("/designs/{design_id}/revisions/{number}/findings", response={200: schemas.FindingsOut, **ERRORS},
         tags=["designs"])
def findings(request: HttpRequest, design_id: int, number: int) -> Any:
    """The advisor's findings and the monthly cost estimate of a revision (scope read)."""
    caller = _caller(request, "read")
    _guard(caller, Action.READ)
    revision = _revision(_design(caller, design_id), number)
    workspace = revision_workspace(revision=revision)
    if workspace.design is None:
        raise invalid(workspace.problems)
    estimate = workspace.estimate
    return {"revision": revision.number,
            "findings": [{"rule": f.rule, "severity": f.severity, "message": f.message, "component": f.component,
                          "hint": f.hint, "silenced": f.silenced} for f in workspace.findings],
            "monthly_cost_usd": round(estimate.total_usd, 2) if estimate else None,
            "cost": estimate.to_dict() if estimate else None}
