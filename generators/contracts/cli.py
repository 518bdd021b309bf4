"""`python -m generators contract export|import|diff`: event contracts in JSON Schema, and their compatibility.

`export DESIGN` prints every contract's JSON Schema (draft 2020-12), or writes one file per event type with
`--out DIR`; `import SCHEMA` prints the contract a JSON Schema describes (YAML, for a design's `contracts`);
`diff OLD NEW` compares two designs or schema files and exits 1 when a change is breaking.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import yaml

from generators.contracts.diff import diff_contracts
from generators.contracts.schema import ContractImportError, contract_from_schema, contract_schema
from generators.model.contracts import EventContract, event_class
from generators.model.io import parse_document
from generators.model.messages import DesignInputError


def register(subparsers: Any) -> None:
    contract = subparsers.add_parser("contract", help="export, import and compare event contracts (JSON Schema)")
    actions = contract.add_subparsers(dest="action", required=True, metavar="ACTION")
    export = actions.add_parser("export", help="the JSON Schema of each event contract of a design")
    export.add_argument("design_file", metavar="DESIGN")
    export.add_argument("--event", metavar="TYPE", help="only this event type")
    export.add_argument("--out", metavar="DIR", help="write <EventType>.v<version>.schema.json files here")
    export.set_defaults(func=cmd_export)
    imported = actions.add_parser("import", help="the contract a JSON Schema describes, as YAML")
    imported.add_argument("schema_file", metavar="SCHEMA")
    imported.add_argument("--channel", help="the channel (when the schema has no x-channel)")
    imported.add_argument("--name", help="the event type (when the schema has no title or x-event-type)")
    imported.set_defaults(func=cmd_import)
    diff = actions.add_parser("diff", help="classify the changes between two revisions; exit 1 if any is breaking")
    diff.add_argument("old", metavar="OLD", help="a design file or a contract's JSON Schema")
    diff.add_argument("new", metavar="NEW")
    diff.add_argument("--format", choices=("text", "json"), default="text")
    diff.set_defaults(func=cmd_diff)


def _read(path_text: str) -> Any:
    from generators.cli import UsageError, read_bounded

    text = read_bounded(path_text)
    try:
        return parse_document(text)
    except DesignInputError as exc:
        raise UsageError(*(f"{path_text}: {p}: {m}" if p else f"{path_text}: {m}" for p, m in exc.problems)) from None


def contracts_of(path_text: str) -> list[EventContract]:
    """The contracts in a design file, or the one a JSON Schema file describes."""
    from generators.cli import UsageError, read_design_file

    data = _read(path_text)
    if isinstance(data, dict) and "project" in data:
        return read_design_file(path_text).contracts
    try:
        return [contract_from_schema(data)]
    except ContractImportError as exc:
        raise UsageError(*(f"{path_text}: {p}: {m}" if p else f"{path_text}: {m}" for p, m in exc.problems)) from None


def cmd_export(args: argparse.Namespace) -> int:
    from generators.cli import UsageError, read_design_file

    contracts = read_design_file(args.design_file).contracts
    if args.event is not None:
        contracts = [c for c in contracts if c.name == args.event]
        if not contracts:
            raise UsageError(f"--event {args.event!r}: no such event type in {args.design_file}")
    if not contracts:
        raise UsageError(f"{args.design_file}: the design has no contracts")
    schemas = {c.name: contract_schema(c) for c in contracts}
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        for contract in contracts:
            path = out / f"{event_class(contract.name)}.v{contract.version}.schema.json"
            path.write_text(json.dumps(schemas[contract.name], indent=2) + "\n")
            print(f"Wrote {path}")
    elif len(schemas) == 1:
        print(json.dumps(next(iter(schemas.values())), indent=2))
    else:
        print(json.dumps(schemas, indent=2))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from generators.cli import UsageError

    data = _read(args.schema_file)
    try:
        contract = contract_from_schema(data, channel=args.channel, name=args.name)
    except ContractImportError as exc:
        raise UsageError(*(f"{args.schema_file}: {p}: {m}" if p else f"{args.schema_file}: {m}"
                           for p, m in exc.problems)) from None
    document = {"contracts": [contract.model_dump(mode="json", exclude_none=True, exclude_defaults=False)]}
    print(yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=110), end="")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    changes = diff_contracts(contracts_of(args.old), contracts_of(args.new))
    breaking = [c for c in changes if c.severity == "breaking"]
    if args.format == "json":
        print(json.dumps([{"severity": c.severity, "event": c.event, "path": c.path, "message": c.message}
                          for c in changes], indent=2))
    else:
        for change in changes:
            print(change)
        print(f"{len(breaking)} breaking, {len(changes) - len(breaking)} compatible change(s)")
    return 1 if breaking else 0
