"""Bounded error messages: a value is quoted with at most ~100 characters, a message and a list of problems have
a ceiling, so that a 1 MB input never becomes megabytes of error text in a page, an API answer or a terminal."""

from __future__ import annotations

from typing import Any

QUOTE_LIMIT = 100
MESSAGE_LIMIT = 400
PATH_LIMIT = 200
MAX_PROBLEMS = 20


def shown(value: Any, limit: int = QUOTE_LIMIT, *, quote: bool = True) -> str:
    """`repr(value)` (or `str` with quote=False) cut to `limit` characters with an ellipsis saying how long it was."""
    if isinstance(value, str) and len(value) > 10 * limit:
        value = value[: 2 * limit]  # do not build the repr of a megabyte to throw it away
        cut = True
    else:
        cut = False
    try:
        text = repr(value) if quote else str(value)
    except Exception:  # a repr that fails (it never should for JSON values)
        text = f"<{type(value).__name__}>"
    if len(text) > limit or cut:
        return text[: max(limit - 1, 1)] + "…"
    return text


def _bounded(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bound_problems(problems: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """At most MAX_PROBLEMS problems (the rest summarised in one line), each path and message bounded."""
    bounded = [(_bounded(str(path), PATH_LIMIT), _bounded(str(message), MESSAGE_LIMIT))
               for path, message in problems[:MAX_PROBLEMS]]
    if len(problems) > MAX_PROBLEMS:
        bounded.append(("", f"and {len(problems) - MAX_PROBLEMS} more problems"))
    return bounded


class DesignInputError(ValueError):
    """A design document that cannot be loaded; `problems` is a list of (field path, message), bounded."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = bound_problems(problems)
        super().__init__("; ".join(f"{p}: {m}" if p else m for p, m in self.problems))
