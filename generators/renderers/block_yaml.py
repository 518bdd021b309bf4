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


class _Out:
    __slots__ = ("column", "parts", "tagged")

    def __init__(self, tagged: type) -> None:
        self.parts: list[str] = []
        self.column = 0
        self.tagged = tagged  # values of this type carry `.tag` (e.g. "!Ref") and `.value` (str or list)

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.column += len(text)

    def line(self, indent: int) -> None:
        self.parts.append("\n" + " " * indent)
        self.column = indent

    def folded(self, words: str, indent: int, quoted: bool) -> None:
        """Write a scalar that may pass the width: a single space becomes a line break when the column is past the
        width (never around a quoted scalar's first or last character), as the emitter's writers do."""
        text = words[1:-1] if quoted else words
        if quoted:
            self.write("'")
        start = end = 0
        spaces = False
        size = len(text)
        while end <= size:
            ch = text[end] if end < size else None
            if spaces:
                if ch != " ":
                    if (start + 1 == end and self.column > WIDTH
                            and (not quoted or (start != 0 and end != size))):
                        self.line(indent)
                    else:
                        self.write(text[start:end])
                    start = end
            elif ch is None or ch == " ":
                if start < end:
                    self.write(text[start:end])
                start = end
            spaces = ch == " "
            end += 1
        if quoted:
            self.write("'")


def _value_scalar(out: _Out, value: str, indent: int, tag: str | None) -> None:
    """A scalar after `key:` or `-` (the column just after the indicator): ` [!Tag ]text`."""
    if tag is not None:
        out.write(" " + tag)
    scalar = _scalar(value, False, tag is not None)
    out.write(" ")
    if " " in scalar.text and out.column + len(scalar.text) > WIDTH:
        out.folded(scalar.text, indent + 2, scalar.quoted)
    else:
        out.write(scalar.text)


def _leaf(value: Any) -> str | None:
    kind = type(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    return None


def _node(out: _Out, value: Any, indent: int, after_dash: bool) -> None:
    """Any value after `key:` (`after_dash` False; `indent` is the mapping's) or after `-` (True; `indent` is
    the sequence's)."""
    tag: str | None = None
    if type(value) is out.tagged:
        tag, value = getattr(value, "tag"), getattr(value, "value")  # noqa: B009
    kind = type(value)
    if kind is str:
        _value_scalar(out, value, indent, tag)
        return
    leaf = _leaf(value)
    if leaf is not None and tag is None:
        out.write(" " + leaf)
        return
    if kind is dict and tag is None:
        if not value:
            out.write(" {}")
        else:
            _mapping(out, value, indent + 2, inline_first=after_dash)
        return
    if kind is list:
        if not value:
            if tag is not None:
                raise Unsupported("an empty tagged sequence")
            out.write(" []")
            return
        if tag is not None:
            out.write(" " + tag)
        # a sequence that is a mapping's value is not indented (libyaml's "indentless" sequence)
        _sequence(out, value, indent + 2 if after_dash else indent, inline_first=after_dash and tag is None)
        return
    raise Unsupported(f"a value of type {kind.__name__}" + (" with a tag" if tag else ""))


def _mapping(out: _Out, mapping: dict[Any, Any], indent: int, inline_first: bool) -> None:
    first = True
    for key, value in mapping.items():
        if type(key) is not str:
            raise Unsupported("a mapping key that is not a string")
        if len(key) >= 120:
            raise Unsupported("a key too long to be a simple key")
        if first and inline_first:
            out.write(" " * (indent - out.column))  # `- key:` on the dash's line
        elif first and out.column == 0 and not out.parts:
            pass  # the document's first key
        else:
            out.line(indent)
        first = False
        out.write(_scalar(key, True, False).text + ":")
        _node(out, value, indent, after_dash=False)


def _sequence(out: _Out, items: list[Any], indent: int, inline_first: bool) -> None:
    first = True
    for item in items:
        if first and inline_first:
            out.write(" " * (indent - out.column))  # `- - item` on the outer dash's line
        else:
            out.line(indent)
        first = False
        out.write("-")
        _node(out, item, indent, after_dash=True)


def dump(document: dict[str, Any], tagged: type) -> str:
    """The block-style YAML of a mapping whose values are dicts, lists, str, int, bool and `tagged` objects (a
    `.tag` such as "!Ref" and a `.value`), or `Unsupported`."""
    if type(document) is not dict or not document:
        raise Unsupported("a document that is not a non-empty mapping")
    out = _Out(tagged)
    _mapping(out, document, 0, inline_first=False)
    out.parts.append("\n")
    return "".join(out.parts)
