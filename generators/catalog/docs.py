"""The kind and connection tables of docs/design-format.md, generated from the catalog.

Regenerate them with `python -m generators.catalog.docs` (a test fails when the file is out of date). Only the
text between the `kinds` and `connections` markers is generated; the rest of the page is written by hand.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from generators.catalog import COMPONENTS, CONNECTIONS

DOC_PATH = Path(__file__).resolve().parents[2] / "docs" / "design-format.md"
_NOTE = "<!-- Generated from generators/catalog by `python -m generators.catalog.docs`; do not edit. -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _join(items: list[str]) -> str:
    return ", ".join(dict.fromkeys(items))


def components_table() -> str:
    lines = [_NOTE, "", "| kind | what it is | CloudFormation | a connected function gets | access levels |",
             "|---|---|---|---|---|"]
    for row in COMPONENTS.values():
        env = f"`<NAME>_{row.env_suffix}` ({row.env_attribute})" if row.env_suffix else "—"
        access = ", ".join(row.access) or "—"
        types = ", ".join(f"`{t}`" for t in row.cfn_types)
        lines.append(f"| `{row.kind}` | {_cell(row.label)}: {_cell(row.help)} | {types} | {env} | {access} |")
    return "\n".join(lines)


def connections_table() -> str:
    lines = [_NOTE, "", "| kind | from → to | generates |", "|---|---|---|"]
    for row in CONNECTIONS.values():
        groups: dict[tuple[str, ...], list[tuple[str, str]]] = {}
        for pair in row.pairs:
            groups.setdefault(row.generates[pair], []).append(pair)
        cells_pairs, cells_generated = [], []
        for generated, pairs in groups.items():
            text = f"{_join([s for s, _ in pairs])} → {_join([t for _, t in pairs])}"
            cells_pairs.append(text)
            access = _join([row.access[p] for p in pairs if p in row.access])
            cells_generated.append(f"{text}: {', '.join(generated)}" + (f" ({access})" if access else ""))
        pairs_cell = "; ".join(cells_pairs)
        generated_cell = "; ".join(cells_generated) if len(groups) > 1 else ", ".join(next(iter(groups))) + (
            f" ({_join(list(row.access.values()))})" if row.access else "")
        lines.append(f"| `{row.kind}` | {pairs_cell} | {_cell(generated_cell)} |")
    return "\n".join(lines)


def _replace(text: str, name: str, table: str) -> str:
    pattern = re.compile(rf"(<!-- {name}:begin -->\n)(?:.*?\n)?(<!-- {name}:end -->)", re.DOTALL)
    if not pattern.search(text):
        raise ValueError(f"{DOC_PATH} has no <!-- {name}:begin --> ... <!-- {name}:end --> markers")
    return pattern.sub(lambda m: m.group(1) + table + "\n" + m.group(2), text)


def render(current: str) -> str:
    return _replace(_replace(current, "kinds", components_table()), "connections", connections_table())


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    current = DOC_PATH.read_text(encoding="utf-8")
    text = render(current)
    if args == ["--check"]:
        if current != text:
            print(f"{DOC_PATH} is out of date; run: python -m generators.catalog.docs", file=sys.stderr)
            return 1
        return 0
    DOC_PATH.write_text(text, encoding="utf-8")
    print(f"wrote {DOC_PATH} ({len(COMPONENTS)} component kinds, {len(CONNECTIONS)} connection kinds)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
