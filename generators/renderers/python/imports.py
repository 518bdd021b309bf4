"""Import blocks sorted the way ruff's isort rules (I001) expect, so templates can state imports next to the code
that needs them, in any order and under any condition.

A template writes its imports between two marker lines; `sort_import_block` replaces them with one block:
`from __future__`, then the standard library, third-party, first-party and relative sections, each with
plain imports before `from` imports, names ordered constants → classes → functions (natural order), and long
lines wrapped one name per line.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from functools import lru_cache

BEGIN = "# --- imports ---"
END = "# --- end imports ---"
LINE_LENGTH = 120
_FROM_RE = re.compile(r"^from\s+(\.*[\w.]*)\s+import\s+(.+)$")
_IMPORT_RE = re.compile(r"^import\s+([\w.]+)$")
_DIGITS_RE = re.compile(r"\d+")
_BLOCK_RE = re.compile(rf"^{re.escape(BEGIN)}\n(.*?){re.escape(END)}\n", re.DOTALL | re.MULTILINE)


def _section(module: str, first_party: frozenset[str]) -> int:
    if module.startswith("."):
        return 4  # relative imports: ruff's local-folder section, last
    top = module.split(".")[0]
    if top == "__future__":
        return 0
    if top in sys.stdlib_module_names:
        return 1
    if top in first_party:
        return 3
    return 2


def _natural(text: str) -> str:
    """Case-insensitive natural order, as ruff sorts: `name2` before `name10` (digit runs compare as numbers)."""
    return _DIGITS_RE.sub(lambda match: match.group().zfill(20), text.lower())


def _member_key(name: str) -> tuple[int, str]:
    """ruff's `order-by-type`: CONSTANTS, then Classes, then everything else; natural order within each."""
    if name.isupper() and len(name) > 1:
        kind = 0
    elif name[:1].isupper():
        kind = 1
    else:
        kind = 2
    return kind, _natural(name)


def _module_key(module: str) -> str:
    return _natural(module)


def format_imports(lines: Iterable[str], first_party: Iterable[str] = ()) -> str:
    """The sorted import block (without a trailing blank line) for `import x` / `from x import a, b` lines."""
    known = frozenset(first_party)
    plain: dict[int, set[str]] = {}
    from_: dict[int, dict[str, set[str]]] = {}
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if match := _FROM_RE.match(line):
            module, names = match.group(1), match.group(2)
            members = {n.strip() for n in names.strip("()").split(",") if n.strip()}
            from_.setdefault(_section(module, known), {}).setdefault(module, set()).update(members)
        elif match := _IMPORT_RE.match(line):
            plain.setdefault(_section(match.group(1), known), set()).add(match.group(1))
        else:
            raise ValueError(f"unsupported import line in a template: {line!r}")
    sections: list[str] = []
    for section in sorted(set(plain) | set(from_)):
        out = [f"import {m}" for m in sorted(plain.get(section, ()), key=_module_key)]
        for module in sorted(from_.get(section, {}), key=_module_key):
            names = sorted(from_[section][module], key=_member_key)
            single = f"from {module} import {', '.join(names)}"
            if len(single) <= LINE_LENGTH:
                out.append(single)
            else:
                out.append("\n".join([f"from {module} import (", *(f"    {n}," for n in names), ")"]))
        sections.append("\n".join(out))
    return "\n\n".join(sections)


@lru_cache(maxsize=1024)
def _formatted_block(lines: str, first_party: tuple[str, ...]) -> str:
    """Import blocks repeat across handlers and renders; each distinct one is sorted once."""
    return format_imports(lines.splitlines(), first_party)


def sort_import_block(source: str, first_party: Iterable[str] = ()) -> str:
    """Replace the marked import block of rendered source with the sorted imports."""
    match = _BLOCK_RE.search(source)
    if match is None:
        raise ValueError("rendered module has no import block markers")
    block = _formatted_block(match.group(1), tuple(first_party)) + "\n"
    return source[: match.start()] + block + source[match.end():]
