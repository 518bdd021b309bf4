"""`python -m generators`: create, describe and render serverless projects from the command line.

Exit codes: 0 success, 1 advisor errors (`check`; `new` and `render` refuse such a design, naming the findings)
or an internal error, 2 bad input (a one-line message per problem, naming the option or field and the allowed
values). Bad input never prints a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from pydantic import ValidationError

from generators.blueprints import BLUEPRINTS, ProjectOptions
from generators.model import Design, DesignInputError, design_json_schema, dump_design, load_design
from generators.model.io import parse_document, validation_problems
from generators.model.loading import MAX_DOCUMENT_BYTES

# Renderers, the advisor and the cost estimate are imported by the commands that use them, so that each
# command pays only for what it runs (a whole `new` process should start in well under a second).

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
TYPES = tuple(BLUEPRINTS)


class UsageError(Exception):
    """Bad input from the user: reported as `error: ...` lines and exit status 2."""

    def __init__(self, *lines: str) -> None:
        self.lines = lines
        super().__init__("; ".join(lines))


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")


def _parse_set(pairs: Sequence[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UsageError(f"--set {pair!r}: expected KEY=VALUE, e.g. --set source=kinesis")
        if key in values:
            raise UsageError(f"--set {key}: given twice")
        value: Any = raw
        if raw.strip().startswith(("[", "{")):
            try:
                value = parse_document(raw)
            except DesignInputError as exc:
                reason = "; ".join(f"{p}: {m}" if p else m for p, m in exc.problems)
                raise UsageError(f"--set {key}: the value is not valid YAML/JSON ({reason})") from None
        elif raw == "null":
            value = None
        values[key] = value
    return values


def _problems_to_usage(exc: DesignInputError, prefix: str, known: Sequence[str] = ()) -> UsageError:
    lines = []
    for path, message in exc.problems:
        if message == "unknown field" and "." not in path and "[" not in path and known:
            message = f"unknown option; options: {', '.join(known)}"
        lines.append(f"{prefix}{path}: {message}" if path else f"{prefix.rstrip(': ')}: {message}")
    return UsageError(*lines)


PROJECT_DEFAULTS = {"language": "python", "iac": "sam", "region": "us-east-1", "architecture": "arm64"}


def _design_from_args(args: argparse.Namespace) -> Design:
    if getattr(args, "path", None):
        if args.type:
            raise UsageError(f"{args.type}: give either a project type or --path FILE (a golden path), not both")
        return _with_org_defaults(_design_from_golden_path(args), args.org_defaults)
    if not args.type:
        raise UsageError(f"a project type is required ({', '.join(TYPES)}), or --path FILE for a golden path")
    if not args.name:
        raise UsageError("--name: required (lowercase letters, digits, hyphens)")
    blueprint = BLUEPRINTS[args.type]
    project_fields = set(ProjectOptions.model_fields)
    options = _parse_set(args.set or [])
    misplaced = sorted(set(options) & project_fields)
    if misplaced:
        raise UsageError(f"--set {misplaced[0]}: a project setting; use --{misplaced[0].replace('_', '-')} instead")
    chosen: dict[str, Any] = {key: getattr(args, key) or default for key, default in PROJECT_DEFAULTS.items()}
    try:
        project = ProjectOptions(name=args.name, description=args.description or "", **chosen).project()
    except ValidationError as exc:
        raise _problems_to_usage(DesignInputError(validation_problems(exc)), "--") from None
    try:
        design = blueprint.build(project, options)
    except DesignInputError as exc:
        raise _problems_to_usage(exc, "--set ", list(blueprint.options_model.model_fields)) from None
    return _with_org_defaults(design, args.org_defaults)


def _with_org_defaults(design: Design, path_text: str | None) -> Design:
    """`--org-defaults FILE`: the organisation defaults (YAML or JSON, docs/org-defaults.md) applied to the design;
    without it, the design keeps the `organisation` its document holds."""
    from generators.model.io import load_org_defaults, with_org_defaults

    if path_text is None:
        return design
    try:
        return with_org_defaults(design, load_org_defaults(read_bounded(path_text)))
    except DesignInputError as exc:
        raise _problems_to_usage(exc, f"--org-defaults {path_text}: ") from None


def _design_from_golden_path(args: argparse.Namespace) -> Design:
    """A design from an exported golden path file: its parameters are set with --set, its locks refused."""
    from generators.golden import golden_design, load_golden_path

    try:
        golden = load_golden_path(read_bounded(args.path))
    except DesignInputError as exc:
        raise _problems_to_usage(exc, f"{args.path}: ") from None
    values = _parse_set(args.set or [])
    by_path = {p.path: p.name for p in golden.parameters}
    for key in PROJECT_DEFAULTS:
        given = getattr(args, key)
        if given is None:
            continue
        parameter = by_path.get(f"project.{key}")
        lock = golden.lock_for(f"project.{key}")
        if parameter is not None:
            values.setdefault(parameter, given)
        elif lock is not None:
            raise UsageError(f"--{key}: locked by golden path {golden.id} v{golden.version}: {lock.reason}")
        else:
            raise UsageError(f"--{key}: golden path {golden.id} does not let you choose it; parameters: "
                             f"{', '.join(by_path.values()) or 'none'}")
    name = args.name or str(golden.design["project"]["name"])
    try:
        return golden_design(golden, values, name=name, description=args.description or None)
    except DesignInputError as exc:
        raise _problems_to_usage(exc, "--set ", [p.name for p in golden.parameters]) from None


def _render_to(design: Design, out: str) -> Path:
    from generators.renderers import UnsupportedTarget, render
    from generators.writer import write_directory, write_zip

    path = Path(out)
    if path.suffix == ".zip" and path.is_dir():
        raise UsageError(f"--out {out}: is a directory, not a .zip file")
    if path.suffix != ".zip" and path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise UsageError(f"--out {out}: already exists and is not empty; choose a new directory")
    try:
        tree = render(design)
    except UnsupportedTarget as exc:
        raise UsageError(str(exc)) from None
    except ValueError as exc:
        raise UsageError(f"cannot render this design: {exc}") from None
    if path.suffix == ".zip":
        write_zip(tree, path, root=design.project.name)
    else:
        try:
            write_directory(tree, path)
        except FileExistsError as exc:
            raise UsageError(f"--out {out}: {exc}") from None
    return path


def _error_findings(design: Design) -> int | None:
    """The advisor gate (generators.advisor.gate): a design with active error findings is not rendered."""
    from generators.advisor.gate import ErrorFindings, require_no_errors

    try:
        require_no_errors(design)
    except ErrorFindings as refused:
        for line in refused.lines():
            print(f"error: {line}", file=sys.stderr)
        return EXIT_FINDINGS
    return None


def cmd_new(args: argparse.Namespace) -> int:
    design = _design_from_args(args)
    if (refused := _error_findings(design)) is not None:
        return refused
    path = _render_to(design, args.out)
    origin = args.type or f"golden path {args.path}"
    print(f"Created {design.project.name} ({origin}, {design.project.iac}+{design.project.language}) in {path}")
    return EXIT_OK


def cmd_design(args: argparse.Namespace) -> int:
    design = _design_from_args(args)
    sys.stdout.write(dump_design(design, args.format))
    return EXIT_OK


def read_bounded(path_text: str) -> bytes:
    """A document file's bytes, never more than the limit (+1, so the loader can say it is too big)."""
    try:
        with Path(path_text).open("rb") as file:  # never more than the limit into memory, whatever the file's size
            return file.read(MAX_DOCUMENT_BYTES + 1)
    except FileNotFoundError:
        raise UsageError(f"{path_text}: no such file") from None
    except OSError as exc:
        raise UsageError(f"{path_text}: cannot read it ({exc})") from None


def read_design_file(path_text: str) -> Design:
    text = read_bounded(path_text)
    try:
        return load_design(text)
    except DesignInputError as exc:
        raise _problems_to_usage(exc, f"{path_text}: ") from None


def cmd_render(args: argparse.Namespace) -> int:
    design = _with_org_defaults(read_design_file(args.design_file), args.org_defaults)
    if (refused := _error_findings(design)) is not None:
        return refused
    path = _render_to(design, args.out)
    print(f"Rendered {design.project.name} ({design.project.iac}+{design.project.language}) to {path}")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    print(json.dumps(design_json_schema(), indent=2))
    return EXIT_OK


def cmd_options(args: argparse.Namespace) -> int:
    from generators.options_info import describe_options

    blueprint = BLUEPRINTS[args.type]
    infos = describe_options(blueprint.options_model)
    if args.format == "json":
        print(json.dumps({"type": blueprint.name, "title": blueprint.title, "summary": blueprint.summary,
                          "options": [i.as_dict() for i in infos]}, indent=2))
        return EXIT_OK
    print(f"{blueprint.name}: {blueprint.summary}\n")
    for info in infos:
        kind = " | ".join(str(c) for c in info.choices) if info.choices else info.type
        bounds = f" [{info.minimum}..{info.maximum}]" if info.minimum is not None else ""
        default = json.dumps(info.default) if not isinstance(info.default, str) else info.default
        print(f"  {info.name} ({kind}{bounds}) default: {default}")
        if info.help:
            print(f"      {info.help}")
    print("\nSet them with --set KEY=VALUE (lists and mappings as YAML/JSON, e.g. --set 'consumers=[...]').")
    return EXIT_OK


def _add_project_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("type", nargs="?", choices=TYPES, metavar="TYPE", help=f"project type: {', '.join(TYPES)}")
    parser.add_argument("--path", metavar="FILE", help="start from an exported golden path file instead of a type "
                                                      "(docs/golden-paths.md)")
    parser.add_argument("--name", help="project name (lowercase letters, digits, hyphens); required with a type")
    parser.add_argument("--language", choices=("python", "typescript"), help="default: python")
    parser.add_argument("--iac", choices=("sam", "cdk"), help="default: sam")
    parser.add_argument("--region", metavar="REGION", help="AWS region (e.g. eu-west-1; default: us-east-1)")
    parser.add_argument("--architecture", choices=("arm64", "x86_64"), help="default: arm64")
    parser.add_argument("--description", default="")
    parser.add_argument("--set", action="append", metavar="KEY=VALUE",
                        help="a blueprint option or golden path parameter (repeatable)")
    _add_org_defaults_argument(parser)


def _add_org_defaults_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--org-defaults", metavar="FILE", help="organisation defaults (YAML or JSON): permission "
                        "boundary, tags, log retention minimum, VPC, KMS keys, CI system (docs/org-defaults.md)")


# Other packages add subcommands here (advisor: check, rules; cost: cost): command -> "module:function" taking
# the subparsers object. They are imported only when their command runs or when help is asked for.
EXTRA_COMMANDS: dict[str, str] = {
    "check": "generators.advisor.cli:register",
    "rules": "generators.advisor.cli:register",
    "cost": "generators.cost.cli:register",
    "kinds": "generators.catalog.cli:register",
    "mcp": "generators.mcp.cli:register",  # an MCP server over stdio for AI assistants (docs/mcp.md)
    "edit": "generators.editing.cli:register",  # apply typed edit operations to a design file (docs/editing.md)
    "import": "generators.importing.cli:register",  # a SAM/CloudFormation template -> a design (docs/import.md)
    "compare-templates": "generators.importing.cli:register",
    "contract": "generators.contracts.cli:register",  # event contracts: JSON Schema export/import, diff
}
CORE_COMMANDS = frozenset({"new", "design", "render", "schema", "options"})


def _command_of(argv: Sequence[str]) -> str | None:
    return next((a for a in argv if not a.startswith("-")), None)


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m generators", description="The serverless designer's engine.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for internal errors")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)
    new = sub.add_parser("new", help="create a project from a blueprint")
    _add_project_arguments(new)
    new.add_argument("--out", required=True, metavar="PATH", help="new directory, or a file ending in .zip")
    new.set_defaults(func=cmd_new)
    design = sub.add_parser("design", help="print the Design document a blueprint produces")
    _add_project_arguments(design)
    design.add_argument("--format", choices=("yaml", "json"), default="yaml")
    design.set_defaults(func=cmd_design)
    render_cmd = sub.add_parser("render", help="render a design file to a project")
    render_cmd.add_argument("design_file", metavar="DESIGN_FILE")
    render_cmd.add_argument("--out", required=True, metavar="PATH", help="new directory, or a file ending in .zip")
    _add_org_defaults_argument(render_cmd)
    render_cmd.set_defaults(func=cmd_render)
    schema = sub.add_parser("schema", help="print the JSON Schema of the design document")
    schema.set_defaults(func=cmd_schema)
    options = sub.add_parser("options", help="list a blueprint's options with defaults, ranges and help")
    options.add_argument("type", choices=TYPES, metavar="TYPE", help=f"project type: {', '.join(TYPES)}")
    options.add_argument("--format", choices=("text", "json"), default="text")
    options.set_defaults(func=cmd_options)
    if _command_of(argv) not in CORE_COMMANDS:
        for entry in dict.fromkeys(EXTRA_COMMANDS.values()):
            module_name, _, function = entry.partition(":")
            module = __import__(module_name, fromlist=[function])
            getattr(module, function)(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv)
    try:
        args = parser.parse_args(argv)
        result: int = args.func(args)
        return result
    except UsageError as exc:
        for line in exc.lines:
            print(f"error: {line}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (`... | head`): what it read is all it wanted
        return 0
    except Exception as exc:  # an internal error: say so plainly, traceback only with --debug
        if "--debug" in argv:
            raise
        print(f"error: internal error ({type(exc).__name__}: {exc}); rerun with --debug and report it",
              file=sys.stderr)
        return EXIT_FINDINGS

