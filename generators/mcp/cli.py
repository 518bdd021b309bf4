"""The `mcp` command of `python -m generators` (registered in generators/cli.py's EXTRA_COMMANDS). The MCP SDK is
imported only when the command runs."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from generators.cli import EXIT_OK, UsageError


def cmd_mcp(args: argparse.Namespace) -> int:
    root = Path(args.root)
    if not root.is_dir():
        raise UsageError(f"--root {args.root}: not a folder")
    from generators.mcp.stdio import serve

    serve(root)
    return EXIT_OK


def register(sub: Any) -> None:
    parser = sub.add_parser("mcp", help="serve the engine to an AI assistant over MCP (stdio): design files under "
                                        "--root (default: the current folder)")
    parser.add_argument("--root", default=".", metavar="DIR",
                        help="folder the assistant may read and write design files and projects in")
    parser.set_defaults(func=cmd_mcp)
