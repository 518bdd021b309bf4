"""Compatibility of two revisions of a set of contracts: each change is compatible or breaking.

Breaking means a consumer generated from the old contract can reject what a producer built from the new one
sends (or the reverse): a field or event type removed, a type changed, an enum changed, a field that became
required or optional, a required field added.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from generators.model.contracts import ContractField, EventContract, TypeSpec

Severity = Literal["breaking", "compatible"]


@dataclass(frozen=True)
class Change:
    severity: Severity
    event: str
    path: str  # the field path in the event's data ('' for the event type itself)
    message: str

    def __str__(self) -> str:
        where = f"{self.event}.{self.path}" if self.path else self.event
        return f"{self.severity}: {where}: {self.message}"


def diff_contracts(old: list[EventContract], new: list[EventContract]) -> list[Change]:
    changes: list[Change] = []
    before = {c.name: c for c in old}
    after = {c.name: c for c in new}
    for name, contract in before.items():
        if name not in after:
            changes.append(Change("breaking", name, "", "event type removed"))
            continue
        changed = after[name]
        if changed.channel != contract.channel:
            changes.append(Change("breaking", name, "", f"moved from channel {contract.channel!r} to "
                                                        f"{changed.channel!r}"))
        changes += _fields(name, "", contract.fields, changed.fields)
        if changed.version != contract.version:
            changes.append(Change("compatible", name, "", f"version {contract.version} -> {changed.version}"))
    for name in after:
        if name not in before:
            changes.append(Change("compatible", name, "", "event type added"))
    return changes


def _fields(event: str, prefix: str, old: list[ContractField], new: list[ContractField]) -> list[Change]:
    changes: list[Change] = []
    before = {f.name: f for f in old}
    after = {f.name: f for f in new}
    for name, field in before.items():
        path = f"{prefix}{name}"
        if name not in after:
            changes.append(Change("breaking", event, path, f"{'required' if field.required else 'optional'} "
                                                           "field removed"))
            continue
        changed = after[name]
        if field.required and not changed.required:
            changes.append(Change("breaking", event, path, "required -> optional (consumers expect it)"))
        if not field.required and changed.required:
            changes.append(Change("breaking", event, path, "optional -> required (producers may not send it)"))
        changes += _types(event, path, field, changed)
    for name, field in after.items():
        if name not in before:
            path = f"{prefix}{name}"
            if field.required:
                changes.append(Change("breaking", event, path, "required field added"))
            else:
                changes.append(Change("compatible", event, path, "optional field added"))
    return changes


def _types(event: str, path: str, old: TypeSpec, new: TypeSpec) -> list[Change]:
    if old.type != new.type:
        return [Change("breaking", event, path, f"type changed from {old.type} to {new.type}")]
    if old.type == "enum" and old.values != new.values:
        removed = [v for v in old.values or [] if v not in (new.values or [])]
        added = [v for v in new.values or [] if v not in (old.values or [])]
        parts = ([f"values removed: {', '.join(removed)}"] if removed else []) + \
                ([f"values added: {', '.join(added)}"] if added else [])
        if parts:
            return [Change("breaking", event, path, "; ".join(parts))]
        return []
    if old.type == "object":
        return _fields(event, f"{path}.", old.fields or [], new.fields or [])
    if old.type == "list" and old.items is not None and new.items is not None:
        return _types(event, f"{path}[]", old.items, new.items)
    return []
