"""Unified diffs in git's format, so that `git apply` takes them (file creation, deletion, mode changes and
files without a final newline included). Pure Python: no Django, no git binary needed to make them."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

NO_NEWLINE = "\\ No newline at end of file\n"
CONTEXT = 3


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _emit(prefix: str, line: str) -> str:
    if line.endswith("\n"):
        return prefix + line
    return prefix + line + "\n" + NO_NEWLINE


def _range(start: int, length: int) -> str:
    # git's convention: an empty range starts one line before (0 for an empty file)
    if length == 0:
        return f"{start},0"
    return f"{start + 1}" if length == 1 else f"{start + 1},{length}"


def hunks(old: str, new: str, *, context: int = CONTEXT) -> str:
    """The @@ hunks between two texts ('' when they are equal)."""
    a, b = _lines(old), _lines(new)
    out: list[str] = []
    for group in difflib.SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(context):
        first, last = group[0], group[-1]
        a_start, a_end, b_start, b_end = first[1], last[2], first[3], last[4]
        out.append(f"@@ -{_range(a_start, a_end - a_start)} +{_range(b_start, b_end - b_start)} @@\n")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out.extend(_emit(" ", line) for line in a[i1:i2])
                continue
            if tag in ("replace", "delete"):
                out.extend(_emit("-", line) for line in a[i1:i2])
            if tag in ("replace", "insert"):
                out.extend(_emit("+", line) for line in b[j1:j2])
    return "".join(out)


def _mode(mode: int) -> str:
    return "100755" if mode & 0o111 else "100644"


def file_patch(path: str, old: str | None, new: str | None, *, old_mode: int = 0o644, new_mode: int = 0o644) -> str:
    """One file's section of a git patch: created (old None), deleted (new None) or changed; '' if unchanged."""
    header = f"diff --git a/{path} b/{path}\n"
    if old is None and new is None:
        return ""
    if old is None:
        assert new is not None
        body = hunks("", new)
        return f"{header}new file mode {_mode(new_mode)}\n" + (f"--- /dev/null\n+++ b/{path}\n{body}" if body else "")
    if new is None:
        body = hunks(old, "")
        return f"{header}deleted file mode {_mode(old_mode)}\n" + (f"--- a/{path}\n+++ /dev/null\n{body}"
                                                                   if body else "")
    body = hunks(old, new)
    mode = f"old mode {_mode(old_mode)}\nnew mode {_mode(new_mode)}\n" if _mode(old_mode) != _mode(new_mode) else ""
    if not body and not mode:
        return ""
    return header + mode + (f"--- a/{path}\n+++ b/{path}\n{body}" if body else "")


def join(sections: Iterable[str]) -> str:
    return "".join(section for section in sections if section)
