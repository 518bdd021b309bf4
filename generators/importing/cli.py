"""`python -m generators import TEMPLATE` and `python -m generators compare-templates A B` (docs/import.md)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_DIFFERENT, EXIT_USAGE = 0, 1, 2


def _read(path_text: str) -> str | None:
    path = Path(path_text)
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        print(f"error: {path_text}: no such file", file=sys.stderr)
    except IsADirectoryError:
        print(f"error: {path_text}: a directory; give the template file (template.yaml)", file=sys.stderr)
    except UnicodeDecodeError:
        print(f"error: {path_text}: not UTF-8 text", file=sys.stderr)
    return None


def cmd_import(args: argparse.Namespace) -> int:
    from generators.importing import TemplateError, import_template
    from generators.model import dump_design

    text = _read(args.template)
    if text is None:
        return EXIT_USAGE
    try:
        result = import_template(text, Path(args.template).name)
    except TemplateError as exc:
        for place, message in exc.problems:
            print(f"error: {args.template}: {place}: {message}" if place else f"error: {message}", file=sys.stderr)
        return EXIT_USAGE
    document = dump_design(result.design, args.format)
    if args.out:
        Path(args.out).write_text(document, encoding="utf-8")
    else:
        sys.stdout.write(document)
    if args.report == "json":
        print(json.dumps(result.report.as_dict(), indent=2), file=sys.stderr)
    else:
        sys.stderr.write(result.report.as_text())
    return EXIT_OK


def cmd_compare(args: argparse.Namespace) -> int:
    from generators.importing import TemplateError
    from generators.importing.compare import compare_templates

    texts = [_read(args.a), _read(args.b)]
    if texts[0] is None or texts[1] is None:
        return EXIT_USAGE
    try:
        found = compare_templates(texts[0], texts[1])
    except TemplateError as exc:
        for place, message in exc.problems:
            print(f"error: {place}: {message}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # the SAM transform refuses the template: say which and why
        print(f"error: the SAM transform failed ({type(exc).__name__}: {exc})", file=sys.stderr)
        return EXIT_USAGE
    for line in found:
        print(line)
    if not found:
        print("equal after the SAM transform")
    return EXIT_DIFFERENT if found else EXIT_OK


def register(sub: Any) -> None:
    parser = sub.add_parser("import", help="import a SAM/CloudFormation template as a design (docs/import.md)")
    parser.add_argument("template", metavar="TEMPLATE", help="template.yaml or template.json")
    parser.add_argument("--out", metavar="DESIGN", help="write the design here (default: stdout)")
    parser.add_argument("--format", choices=("yaml", "json"), default="yaml")
    parser.add_argument("--report", choices=("text", "json"), default="text", help="report format (stderr)")
    parser.set_defaults(func=cmd_import)
    compare = sub.add_parser("compare-templates",
                             help="compare two templates after the SAM transform; exit 1 on differences")
    compare.add_argument("a", metavar="A")
    compare.add_argument("b", metavar="B")
    compare.set_defaults(func=cmd_compare)
