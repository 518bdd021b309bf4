"""A fast writer for the block-style YAML that `cfn_yaml.dump` produces, for the documents templates are made of.

It writes exactly what libyaml's emitter writes for the same document (block mappings and sequences, `!Tag`
short forms, plain or single-quoted printable-ASCII scalars, lines folded at the same width), without building
PyYAML's node and event objects, which are most of a cold render's time. Anything outside that subset (other
types, multi-line or non-ASCII text, text that would need double quotes, long keys) raises `Unsupported`, and
the caller falls back to PyYAML. tests/engine/test_block_yaml.py compares the two on every variant and on
generated documents.
"""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Any, NamedTuple

import yaml

WIDTH = 120
_STR_TAG = "tag:yaml.org,2002:str"
_PRINTABLE_ASCII = frozenset(chr(c) for c in range(0x20, 0x7F))
_RESOLVER = yaml.resolver.Resolver()
_ANALYSER = yaml.emitter.Emitter(io.StringIO(), allow_unicode=True)


class Unsupported(Exception):
    """The document holds something this writer does not reproduce exactly; use PyYAML."""


class _Scalar(NamedTuple):
    text: str  # as written, without the separating space
    quoted: bool


@lru_cache(maxsize=16384)
def _scalar(value: str, simple_key: bool, tagged: bool) -> _Scalar:
    """libyaml's style choice for a str scalar in block context: plain when the analysis allows it (and, untagged,
    when it reads back as a string), else single-quoted; double quotes are not reproduced here."""
    if not _PRINTABLE_ASCII.issuperset(value):
        raise Unsupported("text outside printable ASCII")
    analysis = _ANALYSER.analyze_scalar(value)
    plain = analysis.allow_block_plain and not (simple_key and (analysis.empty or analysis.multiline))
    if not value and tagged:
        raise Unsupported("an empty tagged scalar")
    if not value and simple_key:
        plain = False
    if plain and not tagged:
        plain = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == _STR_TAG  # type: ignore[no-untyped-call]
    if plain:
        return _Scalar(value, quoted=False)
    if not analysis.allow_single_quoted or (simple_key and analysis.multiline):
        raise Unsupported("text that needs double quotes")
    return _Scalar("'" + value.replace("'", "''") + "'", quoted=True)


def _folded(text: str, column: int, indent: int, quoted: bool) -> str:
    """A scalar that may pass the width, written from `column`: a single space becomes a line break (and the
    continuation indent) when the column is past the width, never around a quoted scalar's first or last
    character, as the emitter's plain and single-quoted writers do."""
    body = text[1:-1] if quoted else text
    out = ["'"] if quoted else []
    column += len(out)
    start = end = 0
    spaces = False
    size = len(body)
    while end <= size:
        ch = body[end] if end < size else None
        if spaces:
            if ch != " ":
                if start + 1 == end and column > WIDTH and (not quoted or (start != 0 and end != size)):
                    out.append("\n" + " " * indent)
                    column = indent
                else:
                    out.append(body[start:end])
                    column += end - start
                start = end
        elif ch is None or ch == " ":
            if start < end:
                out.append(body[start:end])
                column += end - start
            start = end
        spaces = ch == " "
        end += 1
    if quoted:
        out.append("'")
    return "".join(out)


def _node(parts: list[str], value: Any, indent: int, column: int, after_dash: bool, tagged: type) -> None:
    """Any value after `key:` (`after_dash` False; `indent` is the mapping's) or after `-` (True; `indent` is
    the sequence's); `column` is where the indicator ended."""
    tag: str | None = None
    if type(value) is tagged:
        tag, value = getattr(value, "tag"), getattr(value, "value")  # noqa: B009
    kind = type(value)
    if kind is str:
        if tag is not None:
            parts.append(" " + tag)
            column += 1 + len(tag)
        scalar = _scalar(value, False, tag is not None)
        text = scalar.text
        if column + 1 + len(text) > WIDTH and " " in text:
            text = _folded(text, column + 1, indent + 2, scalar.quoted)
        parts.append(" " + text)
        return
    if tag is None:
        if kind is bool:
            parts.append(" true" if value else " false")
            return
        if kind is int:
            parts.append(f" {value}")
            return
        if kind is dict:
            if value:
                _mapping(parts, value, indent + 2, after_dash, tagged)
            else:
                parts.append(" {}")
            return
    if kind is list:
        if not value:
            if tag is not None:
                raise Unsupported("an empty tagged sequence")
            parts.append(" []")
            return
        if tag is not None:
            parts.append(" " + tag)
        # a sequence that is a mapping's value is not indented (libyaml's "indentless" sequence)
        _sequence(parts, value, indent + 2 if after_dash else indent, after_dash and tag is None, tagged)
        return
    raise Unsupported(f"a value of type {kind.__name__}" + (" with a tag" if tag else ""))


def _mapping(parts: list[str], mapping: dict[Any, Any], indent: int, inline_first: bool, tagged: type) -> None:
    newline = "\n" + " " * indent
    first = True
    for key, value in mapping.items():
        if type(key) is not str:
            raise Unsupported("a mapping key that is not a string")
        if len(key) >= 120:
            raise Unsupported("a key too long to be a simple key")
        text = _scalar(key, True, False).text
        if first and inline_first:
            parts.append(" ")  # `- key:` on the dash's line (the dash is one column left of the mapping)
        elif parts:
            parts.append(newline)
        first = False
        parts.append(text + ":")
        _node(parts, value, indent, indent + len(text) + 1, False, tagged)


def _sequence(parts: list[str], items: list[Any], indent: int, inline_first: bool, tagged: type) -> None:
    newline_dash = "\n" + " " * indent + "-"
    first = True
    for item in items:
        parts.append(" -" if first and inline_first else newline_dash)  # `- - item` on the outer dash's line
        first = False
        _node(parts, item, indent, indent + 1, True, tagged)


def dump(document: dict[str, Any], tagged: type) -> str:
    """The block-style YAML of a mapping whose values are dicts, lists, str, int, bool and `tagged` objects (a
    `.tag` such as "!Ref" and a `.value`), or `Unsupported`."""
    if type(document) is not dict or not document:
        raise Unsupported("a document that is not a non-empty mapping")
    parts: list[str] = []
    _mapping(parts, document, 0, False, tagged)
    parts.append("\n")
    return "".join(parts)
