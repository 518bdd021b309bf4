"""The web app's MCP server: tools, resources and prompts over the portal, for a caller authenticated by the view.

Each tool is a thin async function: it takes the caller the view put in the request's ASGI state, and runs one
service of `apps/mcp/services.py` in the request's own thread (`sync_to_async`, thread-sensitive: the ORM and its
transactions work as in any view) inside an audit channel, so every audit entry the call writes says `via=mcp`
with the tool's name and the token. Refusals and bad input come back as tool errors (`isError`) with the
services' messages: `forbidden: …` (the token's scope or the user's role: the API's 403), `refused: …` (org policy,
approval, state) or `invalid input: <field>: …`; nothing raises out as a server error.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from functools import cache
from typing import Annotated, Any, TypeVar

from asgiref.sync import sync_to_async
from mcp.server.mcpserver import Context
from mcp.server.mcpserver.exceptions import ResourceNotFoundError, ToolError
from mcp_types import BlobResourceContents, EmbeddedResource, ResourceLink, TextContent
from pydantic import Field

from apps.api.tokens import PREFIX, Caller
from apps.audit.services import audit_channel
from apps.mcp import schemas as s
from apps.mcp import services
from generators.mcp import prompts
from generators.mcp import tools as t
from generators.mcp.base import DesignerServer
from generators.model import dump_design
from generators.model.names import NAME_MAX_LENGTH, NAME_PATTERN, NAME_RULE

R = TypeVar("R")

INSTRUCTIONS = """\
The serverless designer of your team: design serverless AWS projects as typed component graphs, check them against
best practices, price them, read the generated SAM or CDK project, and deploy saved revisions to your team's
targets. What you may do is what your token's scopes (read, write, deploy) and your role in the team allow.
Typical flow: list_project_types -> create_design -> check_design (apply_fix) -> estimate_cost -> list_files /
read_file -> list_targets -> start_deployment -> get_deployment until status is review -> confirm_deployment ->
get_deployment until terminal. A production deployment (and any target that requires approval) waits for the
approval of a human admin other than the token's user, given in the portal."""

DesignId = Annotated[int, Field(ge=1, description="A design's id, from list_designs or create_design")]
RevisionNumber = Annotated[int | None, Field(ge=1, description="Revision number (default: the current one)")]
FORBIDDEN: tuple[type[Exception], ...] = (services.Forbidden, *services.PERMISSION_REFUSALS)


def caller_of(ctx: Context[Any, Any]) -> Caller:
    """The caller the /mcp view authenticated (`scope["state"]["caller"]`); there is none outside that view."""
    request = ctx.request_context.request
    state = getattr(request, "state", None)
    caller = getattr(state, "caller", None)
    if not isinstance(caller, Caller):
        raise ToolError("not authenticated: call /mcp with Authorization: Bearer sdp_…")
    return caller


async def run(ctx: Context[Any, Any], tool: str, work: Callable[[Caller], R]) -> R:
    caller = caller_of(ctx)

    def governed() -> R:
        with audit_channel(via="mcp", detail={"tool": tool,
                                              "token": f"{caller.token.name} ({PREFIX}{caller.token.prefix}…)"}):
            try:
                return work(caller)
            except t.ToolInputError as problems:
                raise ToolError(f"invalid input: {problems}") from None
            except FORBIDDEN as forbidden:
                raise ToolError(f"forbidden: {forbidden}") from None
            except services.Refused as refused:
                raise ToolError(f"refused: {refused}") from None

    return await sync_to_async(governed)()


@cache
def mcp_server() -> DesignerServer:
    """One server per process (tools are registered once; each request gets its own transport in the view)."""
    server = DesignerServer("serverless-designer", title="Serverless designer", instructions=INSTRUCTIONS)

    @server.tool(title="List project types")
    async def list_project_types(ctx: Context[Any, Any]) -> t.ProjectTypesOut:
        """The project types (blueprints) a design can start from, each with its options (type or allowed values,
        default, range, help), and the project settings every type shares."""
        return await run(ctx, "list_project_types", lambda caller: services.project_types(caller=caller))

    @server.tool(title="List designs")
    async def list_designs(ctx: Context[Any, Any]) -> list[s.DesignRowOut]:
        """Your team's designs with their current revision numbers."""
        return await run(ctx, "list_designs", lambda caller: services.designs_list(caller=caller))

    @server.tool(title="Get a design and its revisions")
    async def get_design(design_id: DesignId, ctx: Context[Any, Any]) -> s.DesignDetailOut:
        """A design: its revisions (number, author, message), the current components and connections, and the
        current Design document."""
        return await run(ctx, "get_design", lambda caller: services.design_read(caller=caller, design_id=design_id))

    @server.tool(title="Create a design")
    async def create_design(
        ctx: Context[Any, Any],
        name: Annotated[str, Field(min_length=1, max_length=80, description="Design name, unique in the team; "
                                   "for a blueprint also the project name (lowercase letters, digits, hyphens)")],
        blueprint: Annotated[str | None, Field(description="A project type from list_project_types")] = None,
        options: Annotated[dict[str, Any] | None, Field(description="The blueprint's options")] = None,
        project: Annotated[dict[str, Any] | None, Field(
            description="Project settings: language, iac, region, architecture, description, tags")] = None,
        document: Annotated[dict[str, Any] | None, Field(
            description="A whole Design document instead of a blueprint (docs/design-format.md)")] = None,
        message: Annotated[str, Field(max_length=500, description="Revision message")] = "",
    ) -> s.SavedOut:
        """Save a new design (revision 1) from a blueprint with its options, or from a Design document. The org
        policy is checked; returns the advisor's findings on it. Needs the write scope and the editor role."""
        return await run(ctx, "create_design", lambda caller: services.design_create(
            caller=caller, name=name, blueprint=blueprint, options=options, project=project, document=document,
            message=message))

    @server.tool(title="Import a template")
    async def import_template(
        ctx: Context[Any, Any],
        name: Annotated[str, Field(min_length=1, max_length=NAME_MAX_LENGTH, pattern=NAME_PATTERN, description=(
            f"Design name, unique in the team, and the project's name: {NAME_RULE}"))],
        template: Annotated[str, Field(min_length=1, max_length=t.MAX_TEMPLATE_CHARS,
                                       description="A SAM or CloudFormation template's text (YAML or JSON)")],
        source_name: Annotated[str, Field(max_length=255, pattern=r"^[A-Za-z0-9._-]+$",
                                          description="The template's file name, for messages")] = "template.yaml",
        message: Annotated[str, Field(max_length=500, description="Revision message")] = "",
    ) -> s.ImportedOut:
        """Save a new design (revision 1) from a SAM/CloudFormation template: resources the catalog knows become
        typed components and connections, the rest is kept verbatim. Returns the import report and the findings.
        The org policy is checked. Needs the write scope and the editor role."""
        return await run(ctx, "import_template", lambda caller: services.design_import(
            caller=caller, name=name, template=template, source_name=source_name, message=message))

    @server.tool(title="Save a new revision from a document")
    async def update_design(
        ctx: Context[Any, Any], design_id: DesignId,
        document: Annotated[dict[str, Any], Field(description="The whole new Design document")],
        message: Annotated[str, Field(max_length=500, description="Revision message")] = "",
    ) -> s.SavedOut:
        """Save a Design document as the design's next revision (get_design gives the current document)."""
        return await run(ctx, "update_design", lambda caller: services.design_update(
            caller=caller, design_id=design_id, document=document, message=message))

    @server.tool(title="Edit a design")
    async def apply_edits(
        ctx: Context[Any, Any], design_id: DesignId,
        edits: Annotated[list[dict[str, Any]], Field(min_length=1, max_length=500,
                                                     description=t.EDITS_DESCRIPTION)],
        message: Annotated[str, Field(max_length=500, description="Revision message")] = "",
    ) -> s.EditedOut:
        """Add, change, rename or remove components and connect or disconnect them on the current revision, all
        or nothing, saved as the next revision; returns the findings and what the edits change in the generated
        template. Needs the write scope and the editor role."""
        return await run(ctx, "apply_edits", lambda caller: services.design_edit(
            caller=caller, design_id=design_id, edits=edits, message=message))

    @server.tool(title="Check a design")
    async def check_design(ctx: Context[Any, Any], design_id: DesignId,
                           revision: RevisionNumber = None) -> t.CheckOut:
        """The advisor's best-practice findings on a revision: what is wrong, where, what to do, and whether
        apply_fix can fix it."""
        return await run(ctx, "check_design", lambda caller: services.revision_check(
            caller=caller, design_id=design_id, revision=revision))

    @server.tool(title="Apply a finding's fix")
    async def apply_fix(
        ctx: Context[Any, Any], design_id: DesignId,
        rule: Annotated[str, Field(description="The finding's rule id, e.g. SQS-01")],
        component: Annotated[str | None, Field(description="The finding's component, when it names one")] = None,
        path: Annotated[str | None, Field(description="The finding's path, when it names one")] = None,
        message: Annotated[str, Field(max_length=500, description="Revision message")] = "",
    ) -> s.FixedOut:
        """Apply the fix of a finding on the current revision and save the result as the next revision."""
        return await run(ctx, "apply_fix", lambda caller: services.revision_fix(
            caller=caller, design_id=design_id, rule=rule, component=component, path=path, message=message))

    @server.tool(title="Estimate the monthly cost")
    async def estimate_cost(
        ctx: Context[Any, Any], design_id: DesignId, revision: RevisionNumber = None,
        requests_per_month: Annotated[float | None, Field(
            ge=0, le=1e13, description="Requests, messages or events per entry point per month")] = None,
    ) -> t.CostOut:
        """A revision's estimated monthly AWS cost, per component, with the assumptions and prices used."""
        return await run(ctx, "estimate_cost", lambda caller: services.revision_cost(
            caller=caller, design_id=design_id, revision=revision, requests_per_month=requests_per_month))

    @server.tool(title="List the generated files")
    async def list_files(ctx: Context[Any, Any], design_id: DesignId,
                         revision: RevisionNumber = None) -> t.FilesOut:
        """The files of the project a revision generates, for its target (project.iac + project.language)."""
        return await run(ctx, "list_files", lambda caller: services.revision_files(
            caller=caller, design_id=design_id, revision=revision))

    @server.tool(title="Read a generated file")
    async def read_file(ctx: Context[Any, Any], design_id: DesignId,
                        path: Annotated[str, Field(description="A path from list_files, e.g. template.yaml")],
                        revision: RevisionNumber = None) -> t.FileOut:
        """One generated file's content (text, or base64 for binary files)."""
        return await run(ctx, "read_file", lambda caller: services.revision_file(
            caller=caller, design_id=design_id, path=path, revision=revision))

    @server.tool(title="Download the project as a zip", structured_output=False)
    async def download_zip(
        ctx: Context[Any, Any], design_id: DesignId, revision: RevisionNumber = None,
        as_link: Annotated[bool, Field(description=(
            "true: answer with a link to the API's zip download (fetch it with the same token) instead of "
            "embedding the zip"))] = False,
    ) -> list[TextContent | EmbeddedResource | ResourceLink]:
        """A revision's generated project as a zip, embedded in the result (base64), or as a link to the JSON
        API's download. A download: the org policy is checked and the audit log records it."""
        if as_link:
            link = await run(ctx, "download_zip", lambda caller: services.revision_zip_link(
                caller=caller, design_id=design_id, revision=revision))
            url = _absolute(ctx, link.path)
            return [TextContent(type="text", text=f"{link.filename}: GET {url} with Authorization: Bearer <token>"),
                    ResourceLink(type="resource_link", name=link.filename, uri=url, mime_type="application/zip",
                                 description="The zip, from the JSON API (the same token; org policy checked and "
                                             "audited when fetched)")]
        download = await run(ctx, "download_zip", lambda caller: services.revision_zip(
            caller=caller, design_id=design_id, revision=revision))
        uri = f"design://{design_id}/revisions/{revision or 'current'}/zip"
        return [TextContent(type="text", text=f"{download.filename}: {len(download.content)} bytes"),
                EmbeddedResource(type="resource", resource=BlobResourceContents(
                    uri=uri, mime_type=download.content_type, blob=base64.b64encode(download.content).decode()))]

    @server.tool(title="Compare two revisions")
    async def compare_revisions(
        ctx: Context[Any, Any], design_id: DesignId,
        old: Annotated[int, Field(ge=1, description="The older revision number")],
        new: Annotated[int, Field(ge=1, description="The newer revision number")],
    ) -> s.ComparisonOut:
        """What changed between two revisions: components and connections added, removed or changed (with the
        settings), IAM grants gained or lost, and a diff of every generated file that changed."""
        return await run(ctx, "compare_revisions", lambda caller: services.revisions_compare(
            caller=caller, design_id=design_id, old=old, new=new))

    @server.tool(title="List deploy targets")
    async def list_targets(ctx: Context[Any, Any]) -> list[s.TargetOut]:
        """Where your team deploys: AWS accounts and regions by environment, and whether each needs approval."""
        return await run(ctx, "list_targets", lambda caller: services.targets_list(caller=caller))

    @server.tool(title="Start a deployment")
    async def start_deployment(
        ctx: Context[Any, Any], design_id: DesignId,
        target_id: Annotated[int, Field(ge=1, description="A target's id, from list_targets")],
        revision: RevisionNumber = None,
    ) -> s.DeploymentOut:
        """Deploy a saved revision to a target (deploy scope; deployer role for dev and staging, admin for prod;
        the org policy is checked). A worker prepares the change set: poll get_deployment until status is
        `review`, then confirm_deployment. A production target, or any target that requires approval, waits for a
        human admin other than you to approve it in the portal."""
        return await run(ctx, "start_deployment", lambda caller: services.deployment_start(
            caller=caller, design_id=design_id, target_id=target_id, revision=revision))

    @server.tool(title="Get a deployment and its events")
    async def get_deployment(
        ctx: Context[Any, Any],
        deployment_id: Annotated[int, Field(ge=1, description="From start_deployment")],
        after_event: Annotated[int, Field(ge=0, description="Only events after this event id (to follow it)")] = 0,
    ) -> s.DeploymentOut:
        """A deployment's status, change set, approval, outputs and events (newer than `after_event`)."""
        return await run(ctx, "get_deployment", lambda caller: services.deployment_read(
            caller=caller, deployment_id=deployment_id, after_event=after_event))

    @server.tool(title="Confirm a deployment's change set")
    async def confirm_deployment(
        ctx: Context[Any, Any],
        deployment_id: Annotated[int, Field(ge=1, description="A deployment in status review")],
    ) -> s.DeploymentOut:
        """Execute the change set of a deployment in status `review` (after its approval, where one is needed)."""
        return await run(ctx, "confirm_deployment", lambda caller: services.deployment_confirm(
            caller=caller, deployment_id=deployment_id))

    @server.resource("design://{design_id}/document", name="design-document", mime_type="application/yaml",
                     description="The current revision's Design document (YAML)")
    async def current_document(design_id: str, ctx: Context[Any, Any]) -> str:
        number = _number(design_id, "design_id")
        return await _resource(ctx, lambda caller: dump_design(services.revision_design(
            caller=caller, design_id=number, revision=None), "yaml"))

    @server.resource("design://{design_id}/revisions/{revision}/document", name="revision-document",
                     mime_type="application/yaml", description="A revision's Design document (YAML)")
    async def revision_document(design_id: str, revision: str, ctx: Context[Any, Any]) -> str:
        number, chosen = _number(design_id, "design_id"), _number(revision, "revision")
        return await _resource(ctx, lambda caller: dump_design(services.revision_design(
            caller=caller, design_id=number, revision=chosen), "yaml"))

    @server.resource("design://{design_id}/revisions/{revision}/files/{+path}", name="generated-file",
                     mime_type="text/plain", description="A file of the project a revision generates")
    async def generated_file(design_id: str, revision: str, path: str, ctx: Context[Any, Any]) -> str | bytes:
        number, chosen = _number(design_id, "design_id"), _number(revision, "revision")

        def read(caller: Caller) -> str | bytes:
            out = services.revision_file(caller=caller, design_id=number, path=path, revision=chosen)
            return base64.b64decode(out.content) if out.encoding == "base64" else out.content

        return await _resource(ctx, read)

    prompts.register(server)
    return server


def _absolute(ctx: Context[Any, Any], path: str) -> str:
    """`path` on this server (scheme and host of the request the tool answers)."""
    request = ctx.request_context.request
    base = str(getattr(request, "base_url", "") or "").rstrip("/")
    return f"{base}{path}"


def _number(text: str, field: str) -> int:
    """A resource URI's number (`design://7/…`); anything else is bad input naming the field."""
    if not text.isascii() or not text.isdigit() or int(text) < 1 or len(text) > 18:
        raise ResourceNotFoundError(f"invalid input: {field}: {text[:40]!r} is not a whole number of at least 1")
    return int(text)


async def _resource(ctx: Context[Any, Any], work: Callable[[Caller], R]) -> R:
    """A resource read, governed like a tool call; a refusal or bad input is the protocol's invalid-params error
    (-32602) with the tool's message, not an internal error."""
    try:
        return await run(ctx, "read_resource", work)
    except ToolError as error:
        raise ResourceNotFoundError(str(error)) from None
