"""`python -m generators kinds`: the component and connection catalog, as JSON or text."""

from __future__ import annotations

import argparse
import json
from typing import Any

from generators.catalog import COMPONENTS, CONNECTIONS, as_dict


def cmd_kinds(args: argparse.Namespace) -> int:
    if args.format == "json":
        print(json.dumps(as_dict(), indent=2))
        return 0
    print("Component kinds:")
    for row in COMPONENTS.values():
        print(f"  {row.kind:<14} {row.label}: {row.help}")
    print("\nConnection kinds (source -> target):")
    for conn in CONNECTIONS.values():
        print(f"  {conn.kind:<14} {conn.help}")
        for source, target in conn.pairs:
            print(f"      {source} -> {target}: {', '.join(conn.generates[(source, target)])}")
    return 0


def register(sub: Any) -> None:
    kinds = sub.add_parser("kinds", help="list component and connection kinds with what they generate")
    kinds.add_argument("--format", choices=("text", "json"), default="text")
    kinds.set_defaults(func=cmd_kinds)
