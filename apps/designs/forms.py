"""Forms built from the engine's pydantic models (the same facts the CLI's `options` command prints).

A form here only cleans: it turns posted strings into typed values (or says plainly why it cannot: the field,
what was typed, what is allowed) and maps the engine's validation problems back onto its fields. Whether
values are valid is decided by the engine's models, so the browser, the CLI and the API agree.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

from generators.model.messages import shown
from generators.options_info import OptionInfo, describe_options

Kind = Literal["choice", "int", "float", "bool", "text", "list", "multi", "rows", "mapping"]
_UNITS = {"mb": "MB", "s": "s", "days": "days", "minutes": "minutes", "hours": "hours", "ms": "ms"}
_WORDS = {"dlq": "DLQ", "cors": "CORS", "iac": "IaC", "api": "API", "sqs": "SQS", "ttl": "TTL", "mfa": "MFA",
          "url": "URL", "jwt": "JWT", "s3": "S3"}


def label_of(name: str) -> str:
    """`memory_mb` -> `Memory (MB)`, `cors_allow_origins` -> `CORS allow origins`."""
    words = name.split("_")
    unit = _UNITS.get(words[-1]) if len(words) > 1 else None
    if unit:
        words = words[:-1]
    text = " ".join(_WORDS.get(w, w) for w in words)
    text = text[:1].upper() + text[1:]
    return f"{text} ({unit})" if unit else text


@dataclass(frozen=True)
class Spec:
    name: str
    kind: Kind
    help: str = ""
    choices: tuple[Any, ...] = ()
    minimum: Any = None
    maximum: Any = None
    nullable: bool = False
    default: Any = None
    item: tuple[Spec, ...] = ()  # the fields of one row (kind "rows")
    item_title: str = "item"
    # the field means something only when these other fields hold one of these values (the model's
    # json_schema_extra "applies_when"); otherwise the form hides it
    applies_when: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def applies(self, values: Mapping[str, Any]) -> bool:
        return all(str(values.get(name, "")) in allowed for name, allowed in self.applies_when)

    @property
    def label(self) -> str:
        return label_of(self.name)

    @property
    def range_text(self) -> str:
        """`128–10240` under the field, unless its help already states the range (no "(128-10240) (128–10240)")."""
        if self.minimum is None or self.maximum is None:
            return ""
        if re.search(rf"(?<![\d.]){re.escape(str(self.minimum))}\s*[-–]\s*{re.escape(str(self.maximum))}(?![\d.])",
                     self.help):
            return ""
        return f"{self.minimum}–{self.maximum}"

    @property
    def add_label(self) -> str:
        """The rows' add button: "Add an environment", "Add a consumer"."""
        noun = self.item_title.replace("_", " ")
        return f"Add {'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"

    def allowed(self) -> str:
        if self.choices:
            return ", ".join(str(c) for c in self.choices)
        if self.minimum is not None and self.maximum is not None:
            return f"{self.minimum} to {self.maximum}"
        return ""


def _list_item(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _list_item(inner[0]) if len(inner) == 1 else None
    if origin is typing.Annotated:
        return _list_item(typing.get_args(annotation)[0])
    if origin is list:
        return typing.get_args(annotation)[0]
    return None


def _choices_of(annotation: Any) -> tuple[Any, ...]:
    origin = typing.get_origin(annotation)
    if origin is Literal:
        return typing.get_args(annotation)
    if origin is typing.Annotated:
        return _choices_of(typing.get_args(annotation)[0])
    return ()


def _applies_when(extra: object) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """A model field's `json_schema_extra={"applies_when": {"source": ["sqs"]}}` as (field, allowed values)."""
    when = extra.get("applies_when") if isinstance(extra, dict) else None
    if not isinstance(when, dict):
        return ()
    return tuple((str(other), tuple(str(v) for v in allowed)) for other, allowed in when.items()
                 if isinstance(allowed, list))


def specs_for(model: type[BaseModel], *, only: Iterable[str] | None = None, skip: Iterable[str] = (),
              choices: Mapping[str, tuple[Any, ...]] | None = None) -> tuple[Spec, ...]:
    """Form fields for a pydantic model: scalars, lists of words or choices, mappings and rows of a sub-model.
    Fields of other shapes (nested settings, JSON patterns) are left out."""
    wanted = set(only) if only is not None else None
    specs: list[Spec] = []
    infos: dict[str, OptionInfo] = {info.name: info for info in describe_options(model)}
    for name, field_info in model.model_fields.items():
        if name in skip or (wanted is not None and name not in wanted):
            continue
        info = infos[name]
        common: dict[str, Any] = {"help": info.help, "minimum": info.minimum, "maximum": info.maximum,
                                  "nullable": info.nullable, "default": info.default,
                                  "applies_when": _applies_when(field_info.json_schema_extra)}
        if choices and name in choices:
            specs.append(Spec(name, "choice", choices=choices[name], **common))
            continue
        item = _list_item(field_info.annotation)
        if info.type == "choice":
            specs.append(Spec(name, "choice", choices=info.choices or (), **common))
        elif info.type == "bool" and info.nullable:  # yes / no / not set: a checkbox cannot say "not set"
            specs.append(Spec(name, "choice", choices=(True, False), **common))
        elif info.type in ("int", "float", "bool"):
            specs.append(Spec(name, info.type, **common))  # type: ignore[arg-type]
        elif info.type == "str":
            specs.append(Spec(name, "text", **common))
        elif info.type == "mapping" and name in ("tags", "environment"):
            specs.append(Spec(name, "mapping", **common))
        elif item is not None and isinstance(item, type) and issubclass(item, BaseModel):
            title = name[:-1] if name.endswith("s") else name
            specs.append(Spec(name, "rows", item=specs_for(item, choices=choices), item_title=title, **common))
        elif item is not None and _choices_of(item):
            specs.append(Spec(name, "multi", choices=_choices_of(item), **common))
        elif info.type in ("list[str]",):
            specs.append(Spec(name, "list", **common))
    return tuple(specs)


# ---------------------------------------------------------------- bound fields (what templates show)


@dataclass
class BoundField:
    spec: Spec
    key: str
    value: Any
    errors: list[str] = field(default_factory=list)
    rows: list[list[BoundField]] = field(default_factory=list)
    applies: bool = True  # False: hidden (still posted, so nothing is lost), unless it has an error to show

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def label(self) -> str:
        return self.spec.label

    @property
    def kind(self) -> str:
        return self.spec.kind

    @property
    def id(self) -> str:
        return f"f-{self.key}"

    def choice_items(self) -> list[tuple[str, bool]]:
        selected = {str(v) for v in self.value} if isinstance(self.value, (list, tuple)) else {str(self.value)}
        return [(str(c), str(c) in selected) for c in self.spec.choices]


@dataclass
class Form:
    specs: tuple[Spec, ...]
    fields: list[BoundField]
    errors: list[str] = field(default_factory=list)  # problems no single field owns
    prefix: str = ""

    @property
    def is_valid(self) -> bool:
        return not self.errors and not any(_has_errors(f) for f in self.fields)

    def all_errors(self) -> list[str]:
        found = list(self.errors)
        for bound in _walk(self.fields):
            found.extend(bound.errors)
        return found

    def add_problems(self, problems: Iterable[tuple[str, str]]) -> None:
        """Attach the engine's (path, message) problems to the fields they name."""
        by_key = {b.key: b for b in _walk(self.fields)}
        for path, message in problems:
            key = _path_to_key(path, self.prefix)
            while key and key not in by_key:
                key = key.rpartition("-")[0]
            text = f"{words_for(path)}: {message}" if path else message
            if key:
                by_key[key].errors.append(text)
            else:
                self.errors.append(text)


_SEGMENT = re.compile(r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)?(?:\[(?P<index>\d+)\])?(?: \((?P<named>[^)]*)\))?")


def words_for(path: str) -> str:
    """An engine path as the form labels it, for people: `connections[0].batching_window_s` -> `Connection 1 ›
    Batching window (s)`, `components[3] (router).memory_mb` -> `router › Memory (MB)`. The API keeps the paths."""
    parts: list[str] = []
    for segment in re.split(r"\.(?![^(]*\))", path):
        match = _SEGMENT.fullmatch(segment.strip())
        if match is None:
            parts.append(segment)
            continue
        name, index, named = match.group("name"), match.group("index"), match.group("named")
        if named and index is not None:
            parts.append(named)
        elif named:
            parts.append(f"{label_of(name or '')} ({named})".strip())
        elif index is not None:
            singular = (name or "item")[:-1] if (name or "").endswith("s") else (name or "item")
            parts.append(f"{label_of(singular)} {int(index) + 1}")
        elif name:
            parts.append(label_of(name))
    return " › ".join(p for p in parts if p) or path


def _walk(fields: list[BoundField]) -> Iterable[BoundField]:
    for bound in fields:
        yield bound
        for row in bound.rows:
            yield from _walk(row)


def _has_errors(bound: BoundField) -> bool:
    return bool(bound.errors) or any(_has_errors(f) for row in bound.rows for f in row)


def _path_to_key(path: str, prefix: str) -> str:
    path = re.sub(r" \([^)]*\)", "", path)
    path = re.sub(r"\[(\d+)\]", r".\1", path).strip(".")
    return prefix + path.replace(".", "-") if path else ""


def _display(spec: Spec, value: Any) -> Any:
    if value is None:
        return "" if spec.kind not in ("multi", "bool") else ([] if spec.kind == "multi" else False)
    if spec.kind == "list" and isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if spec.kind == "mapping" and isinstance(value, dict):
        return "\n".join(f"{k}={v}" for k, v in value.items())
    return value


def bind(specs: tuple[Spec, ...], values: Mapping[str, Any], prefix: str = "") -> Form:
    """A form showing `values` (typed values, or the raw text of fields that could not be cleaned)."""
    return Form(specs, _bind_fields(specs, values, prefix), prefix=prefix)


def _bind_fields(specs: tuple[Spec, ...], values: Mapping[str, Any], prefix: str) -> list[BoundField]:
    fields: list[BoundField] = []
    for spec in specs:
        key = f"{prefix}{spec.name}"
        value = values.get(spec.name, spec.default)
        if spec.kind == "rows":
            rows = [_bind_fields(spec.item, row if isinstance(row, Mapping) else {}, f"{key}-{i}-")
                    for i, row in enumerate(value or [])]
            fields.append(BoundField(spec, key, None, rows=rows))
        else:
            applies = not spec.applies_when or spec.applies(
                {other.name: values.get(other.name, other.default) for other in specs})
            fields.append(BoundField(spec, key, _display(spec, value), applies=applies))
    return fields


# ---------------------------------------------------------------- cleaning posted data


@dataclass
class Cleaned:
    values: dict[str, Any]
    problems: list[tuple[str, str]]  # (field key path as the engine would name it, message)
    changed_structure: bool = False  # a row was added or removed


def clean(specs: tuple[Spec, ...], data: Any, prefix: str = "") -> Cleaned:
    """Posted strings -> typed values. `data` is a QueryDict (or a dict of lists/strings in tests)."""
    problems: list[tuple[str, str]] = []
    action_add, action_remove = _get(data, "_add"), _get(data, "_remove")
    values, changed = _clean_fields(specs, data, prefix, "", problems, action_add, action_remove)
    return Cleaned(values, problems, changed)


def _get(data: Any, key: str) -> str:
    value = data.get(key, "")
    if isinstance(value, list):
        value = value[-1] if value else ""
    return str(value).strip()


def _getlist(data: Any, key: str) -> list[str]:
    if hasattr(data, "getlist"):
        return [str(v) for v in data.getlist(key)]
    value = data.get(key, [])
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _clean_fields(specs: tuple[Spec, ...], data: Any, prefix: str, path: str, problems: list[tuple[str, str]],
                  action_add: str, action_remove: str) -> tuple[dict[str, Any], bool]:
    values: dict[str, Any] = {}
    changed = False
    for spec in specs:
        key, where = f"{prefix}{spec.name}", f"{path}{spec.name}"
        if spec.kind == "rows":
            count_raw = _get(data, f"{key}-count")
            count = int(count_raw) if count_raw.isdigit() else 0
            rows: list[dict[str, Any]] = []
            for i in range(min(count, 100)):
                if action_remove == f"{key}-{i}":
                    changed = True
                    continue
                row, row_changed = _clean_fields(spec.item, data, f"{key}-{i}-", f"{where}[{len(rows)}].", problems,
                                                 action_add, action_remove)
                changed = changed or row_changed
                rows.append(row)
            if action_add == key:
                rows.append(new_row(spec, len(rows)))
                changed = True
            values[spec.name] = rows
            continue
        values[spec.name] = _clean_value(spec, data, key, where, problems)
    return values, changed


def new_row(spec: Spec, index: int) -> dict[str, Any]:
    """Values of a row added with the "Add" button: defaults, and a fresh name where a name is needed."""
    row: dict[str, Any] = {}
    for item in spec.item:
        if item.default is not None:
            row[item.name] = item.default
        elif item.name == "name":
            row[item.name] = f"{spec.item_title.replace('_', '-')}{index + 1}"
        elif item.kind == "list":
            row[item.name] = ["example.event"]
    return row


def _clean_value(spec: Spec, data: Any, key: str, where: str, problems: list[tuple[str, str]]) -> Any:
    if spec.kind == "bool":
        return _get(data, key) in ("on", "true", "1", "yes")
    if spec.kind == "multi":
        picked = _getlist(data, key)
        bad = [p for p in picked if p not in {str(c) for c in spec.choices}]
        if bad:
            problems.append((where, f"{', '.join(bad)} not allowed; choose from {spec.allowed()}"))
        return [c for c in spec.choices if str(c) in picked]
    raw = _get(data, key) if spec.kind != "mapping" else str(data.get(key, "") or "")
    if raw == "" and spec.nullable:
        return None
    if spec.kind == "choice":
        for choice in spec.choices:
            if str(choice) == raw:
                return choice
        problems.append((where, f"{shown(raw)} is not allowed; choose one of {spec.allowed()}"))
        return raw
    if spec.kind in ("int", "float"):
        bounds = f"; allowed: {spec.allowed()}" if spec.allowed() else ""
        try:
            return int(raw) if spec.kind == "int" else float(raw)
        except ValueError:
            noun = "a whole number" if spec.kind == "int" else "a number"
            problems.append((where, f"{shown(raw)} is not {noun}{bounds}" if raw else f"a value is required{bounds}"))
            return raw
    if spec.kind == "list":
        return [part.strip() for part in re.split(r"[,\n]", raw) if part.strip()]
    if spec.kind == "mapping":
        mapping: dict[str, str] = {}
        for number, line in enumerate(raw.splitlines(), start=1):
            if not line.strip():
                continue
            name, sep, value = line.partition("=")
            if not sep or not name.strip():
                problems.append((where, f"line {number} {shown(line.strip())} is not KEY=VALUE"))
                continue
            mapping[name.strip()] = value.strip()
        return mapping
    return raw


def changed_values(cleaned: Mapping[str, Any], current: Mapping[str, Any]) -> dict[str, Any]:
    """Only what differs from `current` (a model dump): an edit keeps the values the user really changed."""
    return {name: value for name, value in cleaned.items() if current.get(name) != value}
