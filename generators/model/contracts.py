"""Event contracts: the typed schema of the events that travel on a message channel (queue, topic, bus, stream).

One contract is one event type (EventBridge `detail-type`, the `event_type` the publishers of this project put
in their envelope and SNS attribute) with a version and typed fields. Several contracts may share a channel.
Every event travels in the project's envelope: `metadata` (event id for idempotency, type, version, occurred-at
time, producer, correlation id) plus `data`, whose shape the contract's fields give. Producers and consumers
of the channel are generated from the same contract, and JSON Schema draft 2020-12 is its exchange form
(`generators.contracts`).
"""

from __future__ import annotations

import keyword
import re
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from generators.model.components import Strict
from generators.model.messages import shown
from generators.model.names import FreeText, Name

FieldType = Literal["string", "integer", "number", "boolean", "timestamp", "enum", "object", "list"]
FIELD_TYPES: tuple[str, ...] = ("string", "integer", "number", "boolean", "timestamp", "enum", "object", "list")
CHANNEL_KINDS = ("queue", "topic", "event_bus", "stream")
MAX_DEPTH = 4  # nested objects and lists within a field

FIELD_NAME_PATTERN = r"^[a-z][a-z0-9_]{0,62}$"
EVENT_NAME_PATTERN = r"^[A-Za-z][A-Za-z0-9._-]{0,63}$"  # the publishers' `event_type` rule
ENUM_VALUE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9 ._:/-]{0,63}$"
_FIELD_NAME_RE = re.compile(FIELD_NAME_PATTERN)
# names the envelope or generated code uses for itself
RESERVED_FIELD_NAMES = frozenset({"metadata", "model_config", "model_fields", "schema", "json", "copy", "dict"})


class TypeSpec(Strict):
    """A value's type: a scalar, an enum (`values`), an object (`fields`) or a list (`items`)."""

    type: FieldType
    values: list[str] | None = Field(default=None, max_length=100, description="enum: the allowed values")
    fields: list[ContractField] | None = Field(default=None, max_length=100, description="object: its fields")
    items: TypeSpec | None = Field(default=None, description="list: the type of its items")

    @field_validator("values")
    @classmethod
    def _values(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return value
        for item in value:
            if not isinstance(item, str) or not re.fullmatch(ENUM_VALUE_PATTERN, item):
                raise ValueError(f"enum value {shown(item)} must be 1-64 letters, digits, spaces and ._:/- "
                                 "starting with a letter or digit")
        if len(set(value)) != len(value):
            raise ValueError("enum values must be unique")
        return value

    @model_validator(mode="after")
    def _shape(self) -> TypeSpec:
        problems = type_problems(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self


class ContractField(TypeSpec):
    """One field of an event's data."""

    name: str = Field(pattern=FIELD_NAME_PATTERN, description="snake_case: a-z, digits and _, starting with a "
                                                             "letter (it becomes a Python and TypeScript name)")
    required: bool = True
    description: FreeText = Field(default="", max_length=256)
    example: Any = Field(default=None, description="A sample value (fixtures use it; one is derived if empty)")

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if keyword.iskeyword(value) or value in RESERVED_FIELD_NAMES:
            raise ValueError(f"{shown(value)} is reserved; choose another field name")
        return value

    @model_validator(mode="after")
    def _example(self) -> ContractField:
        if self.example is not None:
            problem = example_problem(self, self.example)
            if problem:
                raise ValueError(f"example of {self.name!r}: {problem}")
        return self


class EventContract(Strict):
    """A named, versioned event type on a message channel."""

    name: str = Field(pattern=EVENT_NAME_PATTERN, description="The event type, e.g. 'order.created' (1-64 letters, "
                                                              "digits and ._-, starting with a letter)")
    version: int = Field(default=1, ge=1, le=1000)
    channel: Name = Field(description="The queue, topic, event bus or stream the events travel on")
    description: FreeText = Field(default="", max_length=256)
    fields: list[ContractField] = Field(min_length=1, max_length=100)

    @model_validator(mode="after")
    def _unique(self) -> EventContract:
        duplicates = duplicate_names(self.fields)
        if duplicates:
            raise ValueError(f"duplicate field names: {', '.join(duplicates)}")
        return self


def duplicate_names(fields: list[ContractField]) -> list[str]:
    seen: set[str] = set()
    duplicates: list[str] = []
    for field in fields:
        if field.name in seen and field.name not in duplicates:
            duplicates.append(field.name)
        seen.add(field.name)
    return duplicates


def type_problems(spec: TypeSpec, depth: int = 0) -> list[str]:
    """What is wrong with a type's shape: each type takes exactly its own settings."""
    problems: list[str] = []
    if depth > MAX_DEPTH:
        return [f"nested more than {MAX_DEPTH} levels deep"]
    if spec.type == "enum" and not spec.values:
        problems.append("an enum needs 'values' (at least one)")
    if spec.type != "enum" and spec.values is not None:
        problems.append(f"'values' applies to an enum only, not to a {spec.type}")
    if spec.type == "object" and not spec.fields:
        problems.append("an object needs 'fields' (at least one)")
    if spec.type != "object" and spec.fields is not None:
        problems.append(f"'fields' applies to an object only, not to a {spec.type}")
    if spec.type == "list" and spec.items is None:
        problems.append("a list needs 'items' (the type of its items, e.g. {type: string})")
    if spec.type != "list" and spec.items is not None:
        problems.append(f"'items' applies to a list only, not to a {spec.type}")
    if spec.fields:
        duplicates = duplicate_names(spec.fields)
        if duplicates:
            problems.append(f"duplicate field names: {', '.join(duplicates)}")
        for field in spec.fields:
            problems += [f"{field.name}: {p}" for p in type_problems(field, depth + 1) if "deep" in p]
    if spec.items is not None:
        problems += [p for p in type_problems(spec.items, depth + 1) if "deep" in p]
    return problems


_TIMESTAMP_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def example_problem(spec: TypeSpec, value: Any) -> str | None:
    """Why `value` does not fit the type, or None."""
    kind = spec.type
    if kind == "string":
        return None if isinstance(value, str) else "must be a string"
    if kind == "integer":
        return None if isinstance(value, int) and not isinstance(value, bool) else "must be an integer"
    if kind == "number":
        return None if isinstance(value, int | float) and not isinstance(value, bool) else "must be a number"
    if kind == "boolean":
        return None if isinstance(value, bool) else "must be true or false"
    if kind == "timestamp":
        ok = isinstance(value, str) and _TIMESTAMP_RE.match(value)
        return None if ok else "must be an ISO 8601 date-time with a zone, e.g. '2025-01-15T09:30:00Z'"
    if kind == "enum":
        return None if value in (spec.values or []) else f"must be one of {spec.values}"
    if kind == "list":
        if not isinstance(value, list):
            return "must be a list"
        assert spec.items is not None
        for item in value:
            problem = example_problem(spec.items, item)
            if problem:
                return f"item {shown(item)} {problem}"
        return None
    if not isinstance(value, dict):
        return "must be an object"
    known = {f.name: f for f in spec.fields or []}
    for key in value:
        if key not in known:
            return f"has no field {shown(key)}"
    for name, field in known.items():
        if name not in value:
            if field.required:
                return f"misses the required field {name!r}"
            continue
        problem = example_problem(field, value[name])
        if problem:
            return f"{name} {problem}"
    return None


def contract_problems(contracts: list[EventContract], kinds: dict[str, str]) -> list[tuple[str, str]]:
    """Graph-level checks: each contract names a message channel of the design; (channel, name) is unique."""
    problems: list[tuple[str, str]] = []
    channels = sorted(name for name, kind in kinds.items() if kind in CHANNEL_KINDS)
    seen: set[str] = set()
    for i, contract in enumerate(contracts):
        kind = kinds.get(contract.channel)
        if kind is None:
            problems.append((f"contracts[{i}].channel", f"no component named {shown(contract.channel)} "
                                                        f"(message channels: {', '.join(channels) or 'none'})"))
        elif kind not in CHANNEL_KINDS:
            problems.append((f"contracts[{i}].channel", f"{shown(contract.channel)} is a {kind}; a contract belongs "
                                                        f"on a message channel: {', '.join(CHANNEL_KINDS)} "
                                                        f"(here: {', '.join(channels) or 'none'})"))
        if contract.name in seen:
            problems.append((f"contracts[{i}].name", f"duplicate event type {shown(contract.name)}; an event type "
                                                     "has one contract (raise its version to change it)"))
        seen.add(contract.name)
    classes: dict[str, str] = {}
    for i, contract in enumerate(contracts):
        ident = event_class(contract.name)
        if ident in classes and classes[ident] != contract.name:
            problems.append((f"contracts[{i}].name", f"{shown(contract.name)} gives the class name {ident!r}, as "
                                                     f"{shown(classes[ident])} does; rename one of them"))
        classes.setdefault(ident, contract.name)
    return problems


def event_class(name: str) -> str:
    """`order.created` -> `OrderCreated` (the event's class, type and schema names in generated code)."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[._-]+", name) if part)


TypeSpec.model_rebuild()
ContractField.model_rebuild()
