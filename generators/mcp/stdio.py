"""`python -m generators mcp`: an MCP server over stdio for a developer's own assistant (Claude Desktop, an IDE).

Engine-only: it works on design files (YAML or JSON, see docs/design-format.md) under one folder, the *root* (the
current directory unless `--root` says otherwise); no team, no account, no deployment. Paths given to the tools
are relative to the root, and a path that leaves it is refused, so an assistant cannot read or write elsewhere.
Writing tools (create_design, apply_fix, render_project) never overwrite a file unless told to.

Bad input is a tool error (`isError`) whose text names the field (`options.batch_size: …`), never a traceback.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Annotated, Any

from mcp.server.mcpserver.exceptions import ResourceNotFoundError, ToolError
from mcp_types import BlobResourceContents, EmbeddedResource, TextContent
from pydantic import BaseModel, Field

from generators.filetree import FileTree
from generators.mcp import prompts
from generators.mcp import tools as t
from generators.mcp.base import DesignerServer
from generators.model import Design, DesignInputError, dump_design, load_design

INSTRUCTIONS = """\
Design serverless AWS projects as a typed component graph, check them against best practices, price them and
generate complete SAM or CDK projects. Design files live under the folder this server was started in.
Typical flow: list_project_types -> create_design (or import_template) -> apply_edits (add, connect, rename or
remove components) -> check_design (apply_fix for findings with a fix) -> estimate_cost -> list_files / read_file
-> render_project (or download_zip)."""

DesignFile = Annotated[str, Field(description="Path of a design file (.yaml, .yml or .json) relative to the root")]


class DesignOut(BaseModel):
    design_file: str
    summary: t.DesignSummaryOut
    check: t.CheckOut = Field(description="The advisor's findings on the design as saved")


class FixOut(DesignOut):
    applied: str = Field(description="What the fix changed")


class EditsOut(DesignOut):
    changes: t.ChangesOut = Field(description="What the edits change in the generated SAM template")


class ImportOut(DesignOut):
    report: t.ImportReportOut


class RenderOut(BaseModel):
    out: str = Field(description="Where the project was written")
    target: str
    files: int


class LocalDesigns:
    """Design files under a root folder."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def path(self, relative: str, field: str = "design_file") -> Path:
        if not relative or not relative.strip():
            raise t.ToolInputError([(field, "a path relative to the root is required")])
        if "\x00" in relative:
            raise t.ToolInputError([(field, "a path may not contain a NUL character")])
        try:
            path = (self.root / relative).resolve()
        except (OSError, RuntimeError) as exc:
            raise t.ToolInputError([(field, f"{relative!r} is not a usable path ({exc})")]) from None
        if not path.is_relative_to(self.root):
            raise t.ToolInputError([(field, f"{relative!r} is outside the root folder {self.root}")])
        return path

    def read_text(self, relative: str, field: str, limit: int) -> str:
        """A text file under the root, at most `limit` characters."""
        path = self.path(relative, field)
        try:
            with path.open("rb") as file:
                data = file.read(limit + 1)
        except FileNotFoundError:
            raise t.ToolInputError([(field, f"{relative}: no such file")]) from None
        except OSError as exc:
            raise t.ToolInputError([(field, f"{relative}: cannot read it ({exc.strerror or exc})")]) from None
        if len(data) > limit:
            raise t.ToolInputError([(field, f"{relative}: larger than {limit} bytes")])
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise t.ToolInputError([(field, f"{relative}: not UTF-8 text")]) from None

    def load(self, relative: str) -> Design:
        path = self.path(relative)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise t.ToolInputError([("design_file", f"{relative}: no such file")]) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise t.ToolInputError([("design_file", f"{relative}: cannot read it ({exc})")]) from None
        try:
            return load_design(text)
        except DesignInputError as exc:
            raise t.ToolInputError([(f"{relative}: {p}" if p else relative, m) for p, m in exc.problems]) from None

    def save(self, relative: str, design: Design, *, overwrite: bool) -> Path:
        path = self.path(relative)
        if path.suffix not in (".yaml", ".yml", ".json"):
            raise t.ToolInputError([("design_file", f"{relative!r}: use a .yaml, .yml or .json file name")])
        if path.exists() and not overwrite:
            raise t.ToolInputError([("design_file", f"{relative} already exists; pass overwrite=true to replace it")])
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(dump_design(design, "json" if path.suffix == ".json" else "yaml"), encoding="utf-8")
        except OSError as exc:
            raise t.ToolInputError([("design_file", f"{relative}: cannot write it ({exc.strerror or exc})")]) from None
        return path

    def described(self, relative: str, design: Design) -> DesignOut:
        return DesignOut(design_file=relative, summary=t.design_summary(design), check=t.check(design))


def _guard(problems: t.ToolInputError) -> ToolError:
    return ToolError(f"invalid input: {problems}")


def build_server(root: Path) -> DesignerServer:
    """The stdio server's tools, resources and prompts over the design files under `root`."""
    local = LocalDesigns(root)
    server = DesignerServer("serverless-designer", title="Serverless designer (local files)", instructions=INSTRUCTIONS)

    @server.tool(title="List project types")
    def list_project_types() -> t.ProjectTypesOut:
        """The project types (blueprints) a design can start from, each with its options: type or allowed values,
        default, range and help. Also the project settings every type shares (language, iac, region …)."""
        return t.project_types()

    @server.tool(title="Create a design")
    def create_design(
        design_file: DesignFile,
        name: Annotated[str, Field(description="Project name: lowercase letters, digits, hyphens (e.g. orders-api)")]
        = "",
        blueprint: Annotated[str | None, Field(description="A project type from list_project_types")] = None,
        options: Annotated[dict[str, Any] | None, Field(description="The blueprint's options")] = None,
        project: Annotated[dict[str, Any] | None, Field(
            description="Project settings: language, iac, region, architecture, description, tags")] = None,
        document: Annotated[dict[str, Any] | None, Field(
            description="A whole Design document instead of a blueprint (see the design://schema resource)")] = None,
        overwrite: bool = False,
    ) -> DesignOut:
        """Create a design file from a blueprint (blueprint + name + options + project) or from a Design document,
        and report the advisor's findings on it."""
        try:
            if (document is None) == (blueprint is None):
                raise t.ToolInputError([("blueprint", "give either blueprint (with name and options) or document")])
            design = t.design_from_document(document) if document is not None else t.design_from_blueprint(
                blueprint=blueprint or "", name=name, options=options, project=project)
            local.save(design_file, design, overwrite=overwrite)
            return local.described(design_file, design)
        except t.ToolInputError as problems:
            raise _guard(problems) from None

    @server.tool(title="Import a template")
    def import_template(
        design_file: DesignFile,
        template_file: Annotated[str | None, Field(
            description="A SAM or CloudFormation template (YAML or JSON) relative to the root")] = None,
        template: Annotated[str | None, Field(description="The template's text, instead of template_file")] = None,
        name: Annotated[str | None, Field(
            description="Project name for the design (default: the one the import derives)")] = None,
        overwrite: bool = False,
    ) -> ImportOut:
        """Import a SAM/CloudFormation template as a design file: resources the catalog knows become typed
        components and connections, the rest is kept verbatim; returns the import report and the findings."""
        try:
            if (template is None) == (template_file is None):
                raise t.ToolInputError([("template", "give either template_file or template")])
            text = template if template is not None else local.read_text(template_file or "", "template_file",
                                                                          t.MAX_TEMPLATE_CHARS)
            source = Path(template_file).name if template_file else "template.yaml"
            design, report = t.import_design(text, source_name=source, name=name)
            local.save(design_file, design, overwrite=overwrite)
            return ImportOut(report=report, **local.described(design_file, design).model_dump())
        except t.ToolInputError as problems:
            raise _guard(problems) from None

    @server.tool(title="Describe a design")
    def describe_design(design_file: DesignFile) -> t.DesignSummaryOut:
        """A design file's project settings, components and connections (the document itself is the resource
        design://file/{design_file})."""
        try:
            return t.design_summary(local.load(design_file))
        except t.ToolInputError as problems:
            raise _guard(problems) from None

    @server.tool(title="Check a design")
    def check_design(design_file: DesignFile) -> t.CheckOut:
        """Run the advisor's best-practice rules: each finding says what is wrong, where, what to do, and whether
        apply_fix can fix it."""
        try:
            return t.check(local.load(design_file))
        except t.ToolInputError as problems:
            raise _guard(problems) from None

    @server.tool(title="Apply a finding's fix")
    def apply_fix(
        design_file: DesignFile,
        rule: Annotated[str, Field(description="The finding's rule id, e.g. SQS-01")],
        component: Annotated[str | None, Field(description="The finding's component, when it names one")] = None,
        path: Annotated[str | None, Field(description="The finding's path, when it names one")] = None,
    ) -> FixOut:
        """Apply the fix of a finding from check_design and save the design file (rewritten as the model writes
        it); returns the findings after the fix."""
        try:
            design = local.load(design_file)
            described = t.check(design)
            fixed = t.apply_fix(design, rule=rule, component=component, path=path)
            applied = next((f.fix for f in described.findings if f.rule == rule and f.fix
                            and (component is None or f.component == component)), "") or ""
            local.save(design_file, fixed, overwrite=True)
            return FixOut(applied=applied, **local.described(design_file, fixed).model_dump())
        except t.ToolInputError as problems:
            raise _guard(problems) from None

    @server.tool(title="Edit a design")
    def apply_edits(
        design_file: DesignFile,
        edits: Annotated[list[dict[str, Any]], Field(description=t.EDITS_DESCRIPTION)],
    ) -> EditsOut:
        """Add, change, rename or remove components and connect or disconnect them, all or nothing, and save the
        design file; returns the design, its findings and what the edits change in the generated template."""
        try:
            design = local.load(design_file)
            edited, changes = t.apply_edits(design, edits)
            local.save(design_file, edited, overwrite=True)
            return EditsOut(changes=changes, **local.described(design_file, edited).model_dump())
        except t.ToolInputError as problems:
            raise _guard(problems) from None

    @server.tool(title="Estimate the monthly cost")
    def estimate_cost(
        design_file: DesignFile,
        requests_per_month: Annotated[float | None, Field(
            ge=0, le=1e13, description="Requests, messages or events per entry point per month")] = None,
    ) -> t.CostOut:
        """The design's estimated monthly AWS cost, per component, with the assumptions and prices used."""
        try:
            return t.cost(local.load(design_file), requests_per_month=requests_per_month)
        except t.ToolInputError as problems:
            raise _guard(problems) from None

    @server.tool(title="List the generated files")
    def list_files(design_file: DesignFile) -> t.FilesOut:
        """The files of the project the design generates (for its project.iac and project.language)."""
        try:
            design = local.load(design_file)
            return t.files_of(design, t.render_tree(design))
        except t.ToolInputError as problems:
            raise _guard(problems) from None

    @server.tool(title="Read a generated file")
    def read_file(design_file: DesignFile,
                  path: Annotated[str, Field(description="A path from list_files, e.g. template.yaml")]) -> t.FileOut:
        """One generated file's content (text, or base64 for binary files)."""
        try:
            return t.file_of(t.render_tree(local.load(design_file)), path)
        except t.ToolInputError as problems:
            raise _guard(problems) from None

    @server.tool(title="Write the project")
    def render_project(
        design_file: DesignFile,
        out: Annotated[str, Field(description="A new, empty folder, or a file ending in .zip, relative to the root")],
    ) -> RenderOut:
        """Generate the project and write it under the root (a folder that does not exist yet or is empty, or a
        .zip file). Never writes into a folder that has files."""
        try:
            design = local.load(design_file)
            target = local.path(out, "out")
            tree = t.render_tree(design)
            _write_project(design, tree, target, out)
            return RenderOut(out=out, target=f"{design.project.iac}+{design.project.language}", files=len(tree))
        except t.ToolInputError as problems:
            raise _guard(problems) from None

    @server.tool(title="Download the project as a zip", structured_output=False)
    def download_zip(design_file: DesignFile) -> list[TextContent | EmbeddedResource]:
        """The generated project as a zip, embedded in the result (base64), without writing anything."""
        try:
            design = local.load(design_file)
            data = t.zip_of(design, t.render_tree(design))
        except t.ToolInputError as problems:
            raise _guard(problems) from None
        name = f"{design.project.name}.zip"
        return [TextContent(type="text", text=f"{name}: {len(data)} bytes"),
                EmbeddedResource(type="resource", resource=BlobResourceContents(
                    uri=f"design://file/{design_file}/zip", mime_type="application/zip",
                    blob=base64.b64encode(data).decode("ascii")))]

    @server.resource("design://schema", name="design-schema", mime_type="application/json",
                     description="The JSON Schema of the Design document")
    def design_schema() -> str:
        import json

        from generators.model import design_json_schema

        return json.dumps(design_json_schema(), indent=2)

    @server.resource("design://file/{+design_file}", name="design-document", mime_type="application/yaml",
                     description="A local design file's Design document, validated and normalised (YAML)")
    def design_document(design_file: str) -> str:
        try:
            return dump_design(local.load(design_file), "yaml")
        except t.ToolInputError as problems:
            raise ResourceNotFoundError(f"invalid input: {problems}") from None

    prompts.register(server)
    return server


def _write_project(design: Design, tree: FileTree, target: Path, out: str) -> None:
    """A new .zip file, or a folder that does not exist yet or is empty (never one with files in it)."""
    from generators.writer import write_directory

    try:
        if target.suffix == ".zip":
            if target.exists():
                raise t.ToolInputError([("out", f"{out} already exists; choose a new file name")])
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(t.zip_of(design, tree))
        else:
            if target.exists() and (not target.is_dir() or any(target.iterdir())):
                raise t.ToolInputError([("out", f"{out} already exists and is not empty; choose a new folder")])
            write_directory(tree, target, allow_existing=True)
    except OSError as exc:
        raise t.ToolInputError([("out", f"{out}: cannot write it ({exc.strerror or exc})")]) from None


def serve(root: Path) -> None:
    """Run the stdio server until the client closes the connection."""
    build_server(root).run("stdio")
