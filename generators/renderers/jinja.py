"""The one Jinja2 environment for code templates (generators/templates/**.j2), with escaping filters.

User text reaches generated code only through `py_str` / `ts_str` / `md_text`; identifiers come from
validated names (`pascal`, `snake`, `camel`).
"""

from __future__ import annotations

import contextlib
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from generators.catalog import COMPONENTS
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


class _TemplateBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache of compiled templates (keyed by template name and a checksum of its source, and
    stamped with the Python bytecode version), that never fails a render: a cache it cannot write is skipped."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def template_cache_directory() -> Path | None:
    """Where compiled templates are kept between processes: $DESIGNER_TEMPLATE_CACHE, else
    $XDG_CACHE_HOME/serverless-designer/templates (~/.cache/... by default); `off` disables the cache."""
    setting = os.environ.get("DESIGNER_TEMPLATE_CACHE", "")
    if setting == "off":
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no home directory to be found: no cache
            return None
    return Path(base) / "serverless-designer" / "templates"


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """The cache, when its directory can be made and is safe to load code from: owned by this user and writable
    by nobody else (compiled templates are executed; another user's files must never be)."""
    directory = template_cache_directory()
    if directory is None:
        return None
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        status = directory.stat()
    except OSError:
        return None
    if status.st_uid != os.getuid() or status.st_mode & 0o022:
        return None
    return _TemplateBytecodeCache(str(directory))


@cache
def environment() -> jinja2.Environment:
    """Compiling the templates is most of a cold render, so compiled templates are cached on disk (see
    `template_cache_directory`); the output is the same with or without the cache."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        bytecode_cache=_bytecode_cache(),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters.update(py_str=py_str, ts_str=ts_str, md_text=md_text, pascal=pascal, snake=snake, camel=camel,
                       upper_snake=upper_snake, tojson_sorted=lambda v: json.dumps(v, sort_keys=True))
    env.globals["frontend_site"] = _frontend_site
    env.globals["catalog"] = COMPONENTS  # the kind facts (labels, event-source ports) READMEs print
    return env


def _frontend_site(design: Any) -> Any:
    """The README's front-end section reads the site the design serves (imported late: it renders templates)."""
    from generators.renderers.frontend import site_of

    return site_of(design)


def render_template(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)
