"""The one loading path for design documents (CLI, API, web app, worker): bounded before and while parsing.

JSON goes through `json.loads` (what the API accepts, the CLI accepts: surrogate-pair escapes, tabs); YAML goes
through libyaml's event parser (C), from which the value is built here without recursion, so that aliases can
be refused, keys required to be strings and nesting bounded *before* anything deep or large is built (libyaml's
own composer recurses in C and crashes the process on very deep nesting). Every limit below has a message that
names the field (or the line) at fault; nothing here ever raises anything but `DesignInputError`.
"""

from __future__ import annotations

import json
import math
from typing import Any

import yaml

from generators.model.messages import DesignInputError, shown

MAX_DOCUMENT_BYTES = 2_000_000
MAX_DEPTH = 24
MAX_STRING_LENGTH = 4096
MAX_KEY_LENGTH = 256
MAX_VALUES = 100_000
MAX_COMPONENTS = 500
MAX_CONNECTIONS = 2000
_LIST_LIMITS = {"components": MAX_COMPONENTS, "connections": MAX_CONNECTIONS}
# libyaml's C parser is fast, but its composer is not used (see above); the C loader is only a speed-up here
_Parser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Refused(Exception):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


def _path(parts: list[str | int]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{shown(part, 40, quote=False)}" if text else
                                                           shown(part, 40, quote=False))
    return text


def check_value(value: Any, parts: list[str | int]) -> None:
    """One JSON scalar: a bounded string of valid Unicode, a finite number, a boolean or null."""
    if isinstance(value, str):
        if len(value) > MAX_STRING_LENGTH:
            raise _Refused(_path(parts), f"a text of {len(value)} characters; at most {MAX_STRING_LENGTH} are allowed")
        if "\x00" in value:
            raise _Refused(_path(parts), "contains a NUL character (U+0000), which no text field accepts")
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise _Refused(_path(parts), "contains a lone surrogate (not valid Unicode)") from None
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise _Refused(_path(parts), f"{value} is not a finite number")
    elif isinstance(value, bool) or value is None or isinstance(value, int):
        return
    else:
        kind = type(value).__name__
        raise _Refused(_path(parts), f"a {kind} value; a design holds only text, numbers, true/false, null, "
                                     "lists and mappings (quote dates and times)")


def path_with_nul(data: Any) -> str | None:
    """Where parsed data holds a NUL character (U+0000) in a key or a string (`a.b[2]`), or None. No text field of a
    design or a template means anything with one, and PostgreSQL cannot store one."""
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str) and "\x00" in value:
            return path or "(the text)"
        if isinstance(value, dict):
            for key, item in value.items():
                inner = f"{path}.{key}" if path else str(key)
                if isinstance(key, str) and "\x00" in key:
                    return inner.replace("\x00", "\\0")
                stack.append((item, inner))
        elif isinstance(value, list):
            stack.extend((item, f"{path}[{i}]") for i, item in enumerate(value))
    return None


def check_data(data: Any) -> None:
    """Bound an already-parsed document (a dict from the API, a row from the database) without recursion.
    Raises DesignInputError naming the first field over a limit."""
    try:
        _walk(data)
    except _Refused as refused:
        raise DesignInputError([(refused.path, refused.message)]) from None


def _walk(data: Any) -> None:
    stack: list[tuple[Any, list[str | int]]] = [(data, [])]
    count = 0
    while stack:
        value, parts = stack.pop()
        count += 1
        if count > MAX_VALUES:
            raise _Refused("", f"the document holds more than {MAX_VALUES} values")
        if len(parts) > MAX_DEPTH:
            raise _Refused(_path(parts[:MAX_DEPTH]), f"nested deeper than {MAX_DEPTH} levels")
        if isinstance(value, dict):
            for key, item in value.items():
                if not isinstance(key, str):
                    raise _Refused(_path(parts), f"the key {shown(key)} is not text; mapping keys must be text")
                if len(key) > MAX_KEY_LENGTH:
                    raise _Refused(_path(parts), f"a key of {len(key)} characters; at most {MAX_KEY_LENGTH}")
                check_value(key, parts)
                stack.append((item, [*parts, key]))
        elif isinstance(value, (list, tuple)):
            stack.extend((item, [*parts, i]) for i, item in enumerate(value))
        else:
            check_value(value, parts)
    _check_counts(data)


def _check_counts(data: Any) -> None:
    if not isinstance(data, dict):
        return
    for field, limit in (("components", MAX_COMPONENTS), ("connections", MAX_CONNECTIONS)):
        items = data.get(field)
        if isinstance(items, list) and len(items) > limit:
            raise _Refused(field, f"{len(items)} {field}; at most {limit} are allowed")


# ---------------------------------------------------------------------------------------------- text

def parse_document(text: str | bytes) -> Any:
    """Parse a design document: JSON when it is JSON, otherwise YAML (aliases refused, keys text, bounded).
    Raises DesignInputError with a one-line message; never anything else."""
    if isinstance(text, bytes):
        if len(text) > MAX_DOCUMENT_BYTES:
            raise DesignInputError([("", _too_big(len(text)))])
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DesignInputError([("", f"not UTF-8 text (byte {exc.start})")]) from None
    else:
        if len(text) > MAX_DOCUMENT_BYTES:
            raise DesignInputError([("", _too_big(len(text)))])
        try:
            size = len(text.encode("utf-8"))
        except UnicodeEncodeError as exc:
            raise DesignInputError([("", f"not valid Unicode text: a lone surrogate at character {exc.start}")]) \
                from None
        if size > MAX_DOCUMENT_BYTES:
            raise DesignInputError([("", _too_big(size))])
    text = text.removeprefix("\ufeff")
    stripped = text.lstrip()
    if stripped[:1] in ("{", "["):
        data, ok = _json(text)
        if ok:
            check_data(data)
            return data
    try:
        data = _yaml(text)
    except _Refused as refused:
        raise DesignInputError([(refused.path, refused.message)]) from None
    _check_counts_or_raise(data)
    return data


def parse_json(text: str | bytes) -> Any:
    """Strict JSON (a request body): bounded like a design document, no YAML fallback."""
    if len(text) > MAX_DOCUMENT_BYTES:
        raise DesignInputError([("", _too_big(len(text)))])
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DesignInputError([("", f"not UTF-8 text (byte {exc.start})")]) from None
    data, ok = _json(text)
    if not ok:
        raise DesignInputError([("", "not valid JSON")])
    check_data(data)
    return data


def _too_big(size: int) -> str:
    return f"the document is {size:,} bytes; at most {MAX_DOCUMENT_BYTES:,} are allowed"


def _check_counts_or_raise(data: Any) -> None:
    try:
        _check_counts(data)
    except _Refused as refused:
        raise DesignInputError([(refused.path, refused.message)]) from None


def _duplicate_free(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping: dict[str, Any] = {}
    for key, value in pairs:
        if key in mapping:
            raise _Refused("", f"duplicate key {shown(key)}")
        mapping[key] = value
    return mapping


def _no_constant(name: str) -> Any:
    raise _Refused("", f"{name} is not a JSON number")


def _json(text: str) -> tuple[Any, bool]:
    """(value, True) for JSON text; (None, False) when it is not JSON (then it is tried as YAML)."""
    try:
        return json.loads(text, object_pairs_hook=_duplicate_free, parse_constant=_no_constant), True
    except json.JSONDecodeError:
        return None, False
    except _Refused as refused:
        raise DesignInputError([(refused.path, f"not valid JSON: {refused.message}")]) from None
    except RecursionError:
        raise DesignInputError([("", f"not valid JSON: nested deeper than {MAX_DEPTH} levels")]) from None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise DesignInputError([("", f"not valid JSON: {shown(str(exc), quote=False)}")]) from None


_CONTAINER_TAGS = {yaml.MappingStartEvent: "tag:yaml.org,2002:map", yaml.SequenceStartEvent: "tag:yaml.org,2002:seq"}
_SCALAR_TAGS = frozenset({
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
})


def _yaml(text: str) -> Any:
    loader = _Parser(text)
    try:
        return _build(loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DesignInputError([("", f"not valid YAML/JSON{where}: {shown(problem, quote=False)}")]) from None
    except RecursionError:  # pragma: no cover - the builder does not recurse; kept as a last guard
        raise DesignInputError([("", f"nested deeper than {MAX_DEPTH} levels")]) from None
    finally:
        loader.dispose()


def _line(event: Any) -> str:
    mark = event.start_mark
    return f" (line {mark.line + 1})" if mark is not None else ""


def _build(loader: Any) -> Any:
    """Build the value of the first document from parser events, iteratively and within the limits."""
    # each frame: [container, path parts, pending key (mappings) or None, key-expected flag]
    stack: list[list[Any]] = []
    result: Any = None
    done = False
    count = 0
    documents = 0
    while loader.check_event():
        event = loader.get_event()
        if isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
            continue
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _Refused("", f"more than one YAML document{_line(event)}; a design file holds one")
            continue
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(_frame_path(stack), f"YAML aliases (*{shown(event.anchor, 40, quote=False)}) are not "
                                               f"allowed in a design{_line(event)}; write the value out")
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            value = stack.pop()[0]
            if stack:
                _put(stack, value, event)
            else:
                result, done = value, True
            continue
        count += 1
        if count > MAX_VALUES:
            raise _Refused("", f"the document holds more than {MAX_VALUES} values")
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            tag = event.tag
            if tag not in (None, "!", _CONTAINER_TAGS[type(event)]):
                raise _Refused(_frame_path(stack), f"the YAML tag {shown(tag, 60)} is not allowed{_line(event)}")
            if len(stack) >= MAX_DEPTH:
                raise _Refused(_frame_path(stack), f"nested deeper than {MAX_DEPTH} levels{_line(event)}")
            parts = _child_parts(stack, event)
            stack.append([{} if isinstance(event, yaml.MappingStartEvent) else [], parts, None, True])
            continue
        assert isinstance(event, yaml.ScalarEvent)
        value = _scalar(loader, event, stack)
        if stack:
            _put(stack, value, event)
        else:
            result, done = value, True
    return result if done else None


def _frame_path(stack: list[list[Any]]) -> str:
    if not stack:
        return ""
    frame = stack[-1]
    parts = list(frame[1])
    if isinstance(frame[0], dict) and frame[2] is not None:
        parts.append(frame[2])
    elif isinstance(frame[0], list):
        parts.append(len(frame[0]))
    return _path(parts)


def _child_parts(stack: list[list[Any]], event: Any) -> list[str | int]:
    if not stack:
        return []
    frame = stack[-1]
    if isinstance(frame[0], dict):
        if frame[3]:
            raise _Refused(_path(frame[1]), f"a list or mapping used as a mapping key{_line(event)}; keys must be text")
        return [*frame[1], frame[2]]
    return [*frame[1], len(frame[0])]


def _scalar(loader: Any, event: Any, stack: list[list[Any]]) -> Any:
    tag = event.tag
    if tag in (None, "!"):
        tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
    if tag == "tag:yaml.org,2002:timestamp":
        tag = "tag:yaml.org,2002:str"  # a date stays the text it was written as
    if tag == "tag:yaml.org,2002:merge":
        raise _Refused(_frame_path(stack), f"YAML merge keys ('<<') are not allowed in a design{_line(event)}")
    if tag not in _SCALAR_TAGS:
        raise _Refused(_frame_path(stack), f"the YAML tag {shown(tag, 60)} is not allowed{_line(event)}")
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        value = loader.construct_object(node)
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise _Refused(_frame_path(stack), f"{shown(str(exc), quote=False)}{_line(event)}") from None
    check_value(value, _frame_parts(stack))
    return value


def _frame_parts(stack: list[list[Any]]) -> list[str | int]:
    if not stack:
        return []
    frame = stack[-1]
    if isinstance(frame[0], dict):
        return [*frame[1], frame[2]] if not frame[3] else list(frame[1])
    return [*frame[1], len(frame[0])]


def _put(stack: list[list[Any]], value: Any, event: Any) -> None:
    frame = stack[-1]
    container = frame[0]
    if isinstance(container, list):
        container.append(value)
        if len(frame[1]) == 1 and frame[1][0] in _LIST_LIMITS and len(container) > _LIST_LIMITS[frame[1][0]]:
            field = frame[1][0]  # refused as soon as it is known, not after parsing the rest
            raise _Refused(field, f"more than {_LIST_LIMITS[field]} {field}; at most {_LIST_LIMITS[field]} are allowed")
        return
    if frame[3]:  # a key
        if not isinstance(value, str):
            raise _Refused(_path(frame[1]), f"the key {shown(value)} is not text{_line(event)}; quote it")
        if len(value) > MAX_KEY_LENGTH:
            raise _Refused(_path(frame[1]), f"a key of {len(value)} characters; at most {MAX_KEY_LENGTH}")
        if value in container:
            raise _Refused(_path(frame[1]), f"duplicate key {shown(value)}{_line(event)}")
        frame[2], frame[3] = value, False
    else:
        container[frame[2]] = value
        frame[2], frame[3] = None, True
