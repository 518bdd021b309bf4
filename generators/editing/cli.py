"""`python -m generators edit DESIGN OPS.json`: apply edit operations to a design file (docs/editing.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from generators.editing.apply import apply_edits, parse_edits
from generators.model import DesignInputError, dump_design
from generators.model.io import parse_document
from generators.model.loading import MAX_DOCUMENT_BYTES


def _read(path_text: str) -> bytes:
    from generators.cli import UsageError

    try:
        with Path(path_text).open("rb") as file:
            return file.read(MAX_DOCUMENT_BYTES + 1)
    except FileNotFoundError:
        raise UsageError(f"{path_text}: no such file") from None
    except OSError as exc:
        raise UsageError(f"{path_text}: cannot read it ({exc})") from None


def cmd_edit(args: argparse.Namespace) -> int:
    from generators.cli import UsageError, _problems_to_usage, read_design_file

    if args.in_place and args.out:
        raise UsageError("edit: give --out FILE or --in-place, not both")
    design = read_design_file(args.design_file)
    try:
        edits = parse_edits(parse_document(_read(args.ops_file)))
        edited = apply_edits(design, edits)
    except DesignInputError as exc:
        raise _problems_to_usage(exc, f"{args.ops_file}: ") from None
    target = args.design_file if args.in_place else args.out
    fmt = "json" if (target or "").endswith(".json") else "yaml"
    text = dump_design(edited, fmt)
    if target:
        Path(target).write_text(text, encoding="utf-8")
        print(f"Applied {len(edits)} edit(s); {len(edited.components)} components, "
              f"{len(edited.connections)} connections written to {target}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def register(sub: Any) -> None:
    edit = sub.add_parser("edit", help="apply edit operations (add, connect, remove...) to a design file")
    edit.add_argument("design_file", metavar="DESIGN")
    edit.add_argument("ops_file", metavar="OPS", help="a JSON or YAML list of edit operations (docs/editing.md)")
    edit.add_argument("--out", metavar="FILE", help="write the edited design here (default: standard output)")
    edit.add_argument("--in-place", action="store_true", help="overwrite DESIGN with the edited design")
    edit.set_defaults(func=cmd_edit)
