"""The one Jinja2 environment for code templates (generators/templates/**.j2), with escaping filters.

User text reaches generated code only through `py_str` / `ts_str` / `md_text`; identifiers come from
validated names (`pascal`, `snake`, `camel`).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from generators.model.names import camel, pascal, snake, upper_snake

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def py_str(value: Any) -> str:
    """A Python string literal (double-quoted, fully escaped)."""
    return json.dumps(str(value), ensure_ascii=True)


def ts_str(value: Any) -> str:
    """A single-quoted TypeScript string literal (the generated code's quote style): JSON's escapes, then `'`
    escaped and `"` left plain; `</` and line separators escaped."""
    body = json.dumps(str(value), ensure_ascii=True)[1:-1].replace('\\"', '"').replace("'", "\\'")
    return "'" + body.replace("</", "<\\/") + "'"


def md_text(value: Any) -> str:
    """Plain text safe inside Markdown prose (no HTML, no link/emphasis syntax surprises)."""
    text = str(value)
    for char in "\\`*_{}[]<>#|":
        text = text.replace(char, "\\" + char)
    return text


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters.update(py_str=py_str, ts_str=ts_str, md_text=md_text, pascal=pascal, snake=snake, camel=camel,
                       upper_snake=upper_snake, tojson_sorted=lambda v: json.dumps(v, sort_keys=True))
    return env


def render_template(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)
