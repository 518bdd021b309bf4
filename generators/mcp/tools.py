"""What both MCP servers answer, as pure functions over Design values with typed results.

The results are pydantic models so that the MCP SDK publishes their JSON Schema as each tool's output schema and
sends them as structured content; their field descriptions are what an assistant reads. Bad input raises
`ToolInputError` with (field path, message) pairs in the CLI's and the API's words."""

from __future__ import annotations

import base64
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

from generators.blueprints import BLUEPRINTS, ProjectOptions
from generators.filetree import FileTree
from generators.model import Design, DesignInputError
from generators.model.io import design_from_data, validation_problems

MAX_TEXT_FILE_CHARS = 200_000


class ToolInputError(Exception):
    """Bad input to a tool: each problem names its field (`options.batch_size: 20000 is out of range; …`)."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{field}: {message}" if field else message for field, message in problems))


def _prefixed(prefix: str, problems: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(f"{prefix}.{path}" if path else prefix, message) for path, message in problems]


# ---------------------------------------------------------------------------------------------- project types
class OptionOut(BaseModel):
    name: str
    type: str = Field(description="The option's type, or 'choice' with `choices`")
    choices: list[Any] | None = None
    default: Any = None
    minimum: Any = None
    maximum: Any = None
    nullable: bool = False
    help: str = ""


class ProjectTypeOut(BaseModel):
    name: str = Field(description="The value to pass as `blueprint`")
    title: str
    summary: str
    options: list[OptionOut] = Field(description="The blueprint's options (pass them as `options`)")


class ProjectSettingOut(BaseModel):
    name: str
    type: str
    choices: list[Any] | None = None
    default: Any = None
    help: str = ""


class ProjectTypesOut(BaseModel):
    project_types: list[ProjectTypeOut]
    project_settings: list[ProjectSettingOut] = Field(
        description="Settings shared by every project type (pass them as `project`; `name` is the design's name)")


def project_types() -> ProjectTypesOut:
    from generators.options_info import describe_options

    types = [ProjectTypeOut(name=b.name, title=b.title, summary=b.summary,
                            options=[OptionOut(**i.as_dict()) for i in describe_options(b.options_model)])
             for b in BLUEPRINTS.values()]
    settings = [ProjectSettingOut(name=i.name, type=i.type, choices=list(i.choices) if i.choices else None,
                                  default=i.default, help=i.help)
                for i in describe_options(ProjectOptions) if i.name != "name"]
    return ProjectTypesOut(project_types=types, project_settings=settings)


# ---------------------------------------------------------------------------------------------- designs
def design_from_blueprint(*, blueprint: str, name: str, options: dict[str, Any] | None = None,
                          project: dict[str, Any] | None = None) -> Design:
    """The design a blueprint builds; problems name `blueprint`, `name`, `project.<setting>` or `options.<option>`."""
    if blueprint not in BLUEPRINTS:
        raise ToolInputError([("blueprint", f"unknown project type {blueprint!r}; allowed: {', '.join(BLUEPRINTS)}")])
    settings = dict(project or {})
    if "name" in settings:
        raise ToolInputError([("project.name", "give the name as `name`, not in `project`")])
    try:
        project_value = ProjectOptions(name=name, **settings).project()
    except ValidationError as exc:
        problems = validation_problems(exc, {"name": name, **settings})
        raise ToolInputError([(p if p == "name" else f"project.{p}", m) for p, m in problems]) from None
    chosen = BLUEPRINTS[blueprint]
    try:
        return chosen.build(project_value, chosen.options(options or {}))
    except DesignInputError as exc:
        raise ToolInputError(_prefixed("options", exc.problems)) from None


def design_from_document(document: Any) -> Design:
    """A Design document (dict) validated; problems are `document.<field path>`."""
    try:
        return design_from_data(document)
    except DesignInputError as exc:
        raise ToolInputError(_prefixed("document", exc.problems)) from None


class DesignSummaryOut(BaseModel):
    project: str
    iac: str
    language: str
    region: str
    components: list[str] = Field(description="Components as `name (kind)`")
    connections: list[str] = Field(description="Connections as `source -kind-> target`")


def design_summary(design: Design) -> DesignSummaryOut:
    return DesignSummaryOut(
        project=design.project.name, iac=design.project.iac, language=design.project.language,
        region=design.project.region, components=[f"{c.name} ({c.kind})" for c in design.components],
        connections=[f"{c.source} -{c.kind}-> {c.target}" for c in design.connections])


# ---------------------------------------------------------------------------------------------- advisor
class FindingOut(BaseModel):
    rule: str = Field(description="Rule id; pass it to apply_fix with `component` and `path`")
    severity: Literal["error", "warning", "info"]
    title: str
    message: str
    hint: str = Field(description="What to do about it")
    component: str | None = None
    path: str | None = Field(default=None, description="The field at fault, when one is")
    edge: str | None = Field(default=None, description="The connection at fault, as `source -kind-> target`")
    fix: str | None = Field(default=None, description="What apply_fix would change; null when there is no fix")
    saving_usd_month: float | None = None
    silenced: bool = False


class CheckOut(BaseModel):
    errors: int
    warnings: int
    infos: int
    findings: list[FindingOut]


def check(design: Design) -> CheckOut:
    from generators.advisor import advise, count

    findings = advise(design)
    return CheckOut(
        errors=count(findings, "error"), warnings=count(findings, "warning"), infos=count(findings, "info"),
        findings=[FindingOut(rule=f.rule, severity=f.severity, title=f.title, message=f.message, hint=f.hint,
                             component=f.component, path=f.path, edge=f.edge,
                             fix=f.fix.description if f.fix else None, saving_usd_month=f.saving_usd_month,
                             silenced=f.silenced)
                  for f in findings])


def apply_fix(design: Design, *, rule: str, component: str | None = None, path: str | None = None) -> Design:
    """The design with the fix of the active finding (`rule`, `component`, `path`) applied."""
    from generators.advisor import active, advise

    findings = [f for f in active(advise(design)) if f.rule == rule]
    if not findings:
        raise ToolInputError([("rule", f"no active finding of rule {rule!r}; run check_design for the findings")])
    matching = [f for f in findings if (component is None or f.component == component)
                and (path is None or f.path == path)]
    if not matching:
        where = ", ".join(f"component={f.component!r} path={f.path!r}" for f in findings)
        raise ToolInputError([("component", f"rule {rule} has no finding there; its findings: {where}")])
    finding = next((f for f in matching if f.fix is not None), None)
    if finding is None or finding.fix is None:
        raise ToolInputError([("rule", f"the finding of {rule} has no automatic fix; do what its hint says: "
                                       f"{matching[0].hint}")])
    try:
        return finding.fix.apply(design)
    except (DesignInputError, ValueError) as exc:
        raise ToolInputError([("rule", f"the fix for {rule} could not be applied: {exc}")]) from None


# ---------------------------------------------------------------------------------------------- cost
class CostLineOut(BaseModel):
    component: str
    kind: str
    usd: float


class CostOut(BaseModel):
    total_usd_month: float = Field(description="Estimated monthly cost in USD")
    components: list[CostLineOut]
    estimate: dict[str, Any] = Field(description="The whole estimate: assumptions, priced lines, credits, notes")


def cost(design: Design, *, requests_per_month: float | None = None) -> CostOut:
    from generators.cost import Traffic, estimate

    traffic = None
    if requests_per_month is not None:
        try:
            traffic = Traffic(requests_per_month=requests_per_month)
        except ValidationError as exc:
            raise ToolInputError(validation_problems(exc)) from None
    result = estimate(design, traffic)
    return CostOut(total_usd_month=round(result.total_usd, 2),
                   components=[CostLineOut(component=c.name, kind=c.kind, usd=round(c.usd, 4))
                               for c in result.components],
                   estimate=result.to_dict())


# ---------------------------------------------------------------------------------------------- files
class FileEntryOut(BaseModel):
    path: str
    size: int = Field(description="Bytes")
    ownership: Literal["managed", "scaffold"] = Field(
        description="managed: the generator owns it; scaffold: written once, then the user's")
    executable: bool


class FilesOut(BaseModel):
    target: str = Field(description="What the files were generated for: iac+language")
    files: list[FileEntryOut]


class FileOut(BaseModel):
    path: str
    encoding: Literal["utf-8", "base64"]
    content: str
    truncated: bool = False


def render_tree(design: Design) -> FileTree:
    from generators.renderers import UnsupportedTarget, render

    try:
        return render(design)
    except UnsupportedTarget as exc:
        raise ToolInputError([("project.iac", str(exc))]) from None


def files_of(design: Design, tree: FileTree) -> FilesOut:
    return FilesOut(target=f"{design.project.iac}+{design.project.language}",
                    files=[FileEntryOut(path=p, size=len(f.content), ownership=f.ownership,
                                        executable=bool(f.mode & 0o111)) for p, f in tree.items()])


def file_of(tree: FileTree, path: str) -> FileOut:
    file = tree.get(path.strip().lstrip("/"))
    if file is None:
        nearby = [p for p in tree if p.rsplit("/", 1)[-1] == path.rsplit("/", 1)[-1]][:5]
        hint = f"; did you mean {', '.join(nearby)}" if nearby else "; list_files gives every path"
        raise ToolInputError([("path", f"{path!r} is not a generated file{hint}")])
    try:
        text = file.content.decode("utf-8")
    except UnicodeDecodeError:
        return FileOut(path=path, encoding="base64", content=base64.b64encode(file.content).decode("ascii"))
    truncated = len(text) > MAX_TEXT_FILE_CHARS
    return FileOut(path=path, encoding="utf-8", content=text[:MAX_TEXT_FILE_CHARS], truncated=truncated)


def zip_of(design: Design, tree: FileTree) -> bytes:
    from generators.writer import to_zip_bytes

    return to_zip_bytes(tree, root=design.project.name)


# ---------------------------------------------------------------------------------------------- edits
EDITS_DESCRIPTION = (
    "Edit operations applied in order, all or nothing (docs/editing.md): "
    "{op: add_component, kind, name, settings?}, {op: update_component, name, settings}, "
    "{op: rename_component, name, new_name}, {op: remove_component, name}, "
    "{op: connect, kind, source, target, settings?}, {op: disconnect, kind, source, target}. "
    "Kinds and the pairs each connection kind allows: the catalog (`python -m generators kinds`)."
)


class ChangesOut(BaseModel):
    resources_added: list[str]
    resources_removed: list[str]
    iam_granted: list[str]
    iam_revoked: list[str]
    env_added: list[str]
    env_removed: list[str]
    events_added: list[str]
    events_removed: list[str]


def apply_edits(design: Design, edits: Any) -> tuple[Design, ChangesOut]:
    """The design after the edit operations, and what they change in the generated SAM template; problems name
    `edits[i].field`."""
    from generators.editing import apply_edits as apply
    from generators.editing import parse_edits
    from generators.editing.summary import change_summary

    try:
        edited = apply(design, parse_edits(edits))
    except DesignInputError as exc:
        raise ToolInputError(exc.problems) from None
    return edited, ChangesOut(**change_summary(design, edited).as_dict())


# ---------------------------------------------------------------------------------------------- import
MAX_TEMPLATE_CHARS = 1_000_000


class ImportReportOut(BaseModel):
    """What became of the template (docs/import.md): typed components, resources kept verbatim, relationships."""

    typed: list[dict[str, Any]] = Field(description="Resources mapped to components: logical_id, type, kind")
    verbatim: list[dict[str, Any]] = Field(description="Resources kept as they are: logical_id, type, why")
    overrides: dict[str, list[str]] = Field(description="Properties kept verbatim on typed resources")
    relationships: dict[str, Any] = Field(description="recovered: became connections; missed: kept verbatim")
    sections: list[str] = Field(description="Template sections kept")
    findings: list[dict[str, Any]] = Field(description="The advisor's findings on the imported design")


def import_design(template: str, *, source_name: str = "template.yaml", name: str | None = None
                  ) -> tuple[Design, ImportReportOut]:
    """A SAM/CloudFormation template's text mapped to a Design (renamed to `name` when given) with the import
    report; problems name `template: <place>` or `name`."""
    from generators.importing import TemplateError, import_template

    if len(template) > MAX_TEMPLATE_CHARS:
        raise ToolInputError([("template", f"at most {MAX_TEMPLATE_CHARS} characters")])
    try:
        result = import_template(template, source_name)
    except TemplateError as exc:
        raise ToolInputError([(f"template: {p}" if p else "template", m) for p, m in exc.problems]) from None
    design = result.design
    if name is not None:
        document: dict[str, Any] = design.model_dump(mode="json", exclude_none=True)
        document["project"]["name"] = name
        try:
            design = design_from_data(document)
        except DesignInputError as exc:
            raise ToolInputError([("name" if p == "project.name" else f"template: {p}", m)
                                  for p, m in exc.problems]) from None
    return design, ImportReportOut(**result.report.as_dict())
