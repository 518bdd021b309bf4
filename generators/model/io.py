"""Reading and writing design files (YAML or JSON) with errors that name the field path."""

from __future__ import annotations

import json
import re
import typing
from typing import Any

import yaml
from pydantic import ValidationError

from generators.model.components import COMPONENT_KINDS, Component, Step
from generators.model.connections import Connection
from generators.model.design import Design, DesignError
from generators.model.loading import check_data, parse_document
from generators.model.messages import DesignInputError, shown
from generators.model.organisation import OrgDefaults

__all__ = ["DesignInputError", "design_from_data", "load_design", "parse_document", "validation_problems"]

_TAGS = frozenset(COMPONENT_KINDS) | {
    "routes", "triggers", "reads", "writes", "publishes", "invokes", "starts", "authorizes", "integrates",
    "task", "sdk", "choice", "parallel",
}




def format_location(loc: tuple[int | str, ...], data: Any = None) -> str:
    parts: list[str] = []
    node = data
    previous_was_index = False
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
            node = node[item] if isinstance(node, list) and 0 <= item < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("name"), str) and len(parts) <= 2:
                parts.append(f" ({node['name']})")
            previous_was_index = True
            continue
        if previous_was_index and item in _TAGS:
            previous_was_index = False
            continue  # the discriminator value pydantic inserts after a list index
        previous_was_index = False
        if item in ("function-after[check_name()]",) or ("[" in str(item) and "(" in str(item)):
            continue
        parts.append(("." if parts else "") + shown(str(item), 40, quote=False))
        node = node.get(item) if isinstance(node, dict) else None
    return "".join(parts)


def _union_tags(union: Any) -> tuple[str, ...]:
    """The discriminator values of a discriminated union (`Annotated[A | B, Field(discriminator=...)]`)."""
    members = typing.get_args(typing.get_args(union)[0])
    tags: list[str] = []
    for member in members:
        field = member.model_fields.get("kind") or member.model_fields.get("type")
        if field is not None:
            tags.extend(str(tag) for tag in typing.get_args(field.annotation))
    return tuple(tags)


# the list field holding a discriminated union -> (its discriminator, the union)
_UNIONS: dict[str, tuple[str, Any]] = {"components": ("kind", Component), "connections": ("kind", Connection),
                                        "steps": ("type", Step)}


def _missing_tag(loc: tuple[int | str, ...]) -> tuple[str, str] | None:
    """(discriminator, message) for an item of a list of a discriminated union that has no (text) tag."""
    holder = next((part for part in reversed(loc) if isinstance(part, str)), None)
    if holder not in _UNIONS:
        return None
    discriminator, union = _UNIONS[holder]
    allowed = ", ".join(repr(tag) for tag in _union_tags(union))
    return discriminator, f"missing; every item of {holder} needs a {discriminator}; allowed: {allowed}"


_BOUND_ERRORS = frozenset({"less_than_equal", "greater_than_equal", "less_than", "greater_than"})
_BOUNDS: dict[str, tuple[Any, Any]] | None = None


def _field_bounds() -> dict[str, tuple[Any, Any]]:
    """Field name -> (min, max) over every model of the design, for range messages."""
    global _BOUNDS
    if _BOUNDS is None:
        import annotated_types

        from generators.model import components, connections, design

        bounds: dict[str, tuple[Any, Any]] = {}
        for module in (components, connections, design):
            for value in vars(module).values():
                fields = getattr(value, "model_fields", None)
                if not isinstance(fields, dict):
                    continue
                for name, info in fields.items():
                    lo = next((m.ge for m in info.metadata if isinstance(m, annotated_types.Ge)), None)
                    hi = next((m.le for m in info.metadata if isinstance(m, annotated_types.Le)), None)
                    if lo is not None and hi is not None:
                        bounds.setdefault(name, (lo, hi))
        _BOUNDS = bounds
    return _BOUNDS


def validation_problems(exc: ValidationError, data: Any = None) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    for error in exc.errors(include_url=False):
        ctx_error = (error.get("ctx") or {}).get("error")
        if isinstance(ctx_error, DesignError):
            problems.extend(ctx_error.problems)
            continue
        message = error["msg"]
        if message.startswith("Value error, "):
            message = message[len("Value error, "):]
        if error["type"] == "extra_forbidden":
            message = "unknown field"
        elif error["type"] == "literal_error" and "expected" in (error.get("ctx") or {}):
            message = f"must be one of {error['ctx']['expected']}"
        elif error["type"] in _BOUND_ERRORS:
            bounds = _field_bounds().get(str(error["loc"][-1]))
            if bounds:
                value = error["input"]
                text = shown(value, quote=False) if isinstance(value, str) and value.lstrip("-").isdigit() \
                    else shown(value)
                message = f"{text} is out of range; allowed: {bounds[0]} to {bounds[1]}"
        elif error["type"] == "union_tag_not_found" and (missing := _missing_tag(tuple(error["loc"]))):
            discriminator, message = missing
            where = re.sub(r" \([^()]*\)$", "", format_location(tuple(error["loc"]), data))
            problems.append((f"{where}.{discriminator}", message))
            continue
        elif error["type"] == "union_tag_invalid":
            message = f"unknown kind {shown(error['ctx'].get('tag'))}; allowed: {error['ctx'].get('expected_tags')}"
        problems.append((format_location(tuple(error["loc"]), data), message))
    return problems


def design_from_data(data: Any) -> Design:
    """Validate a parsed document (from the API, the database or `parse_document`): limits first, then the model.
    Raises DesignInputError naming every bad field."""
    if not isinstance(data, dict):
        raise DesignInputError([("", "a design document must be a mapping with 'project', 'components' and "
                                     "'connections'")])
    check_data(data)
    try:
        return Design.model_validate(data)
    except ValidationError as exc:
        raise DesignInputError(validation_problems(exc, data)) from None


def load_design(text: str | bytes) -> Design:
    """Load a design from YAML or JSON text. Raises DesignInputError naming every bad field."""
    return design_from_data(parse_document(text))


def design_to_data(design: Design) -> dict[str, Any]:
    return design.model_dump(mode="json", exclude_none=True)


def dump_design(design: Design, fmt: str = "yaml") -> str:
    data = design_to_data(design)
    if fmt == "json":
        return json.dumps(data, indent=2, sort_keys=False) + "\n"
    return yaml.safe_dump(data, sort_keys=False, default_flow_style=False, allow_unicode=True, width=110)


def design_json_schema(ref_template: str = "#/$defs/{model}") -> dict[str, Any]:
    schema = Design.model_json_schema(ref_template=ref_template)
    # a design without components is refused (with the field named), so the schema requires them
    schema["required"] = [*schema.get("required", []), "components"]
    for definition in schema.get("$defs", {}).values():
        # a member of a discriminated union (a component, a connection, a step) defaults its tag in Python, but a
        # document must say it: the schema requires it, as the model does
        for tag in ("kind", "type"):
            if "const" in definition.get("properties", {}).get(tag, {}):
                definition["required"] = [tag, *(r for r in definition.get("required", []) if r != tag)]
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Serverless designer design document"
    return schema


def org_defaults_from_data(data: Any) -> OrgDefaults:
    """Validate organisation defaults (a file, the policy page, the API). Raises DesignInputError naming each field."""
    if not isinstance(data, dict):
        raise DesignInputError([("", "organisation defaults are a mapping (permission_boundary_arn, tags, "
                                     "min_log_retention_days, vpc, kms, ci)")])
    check_data(data)
    try:
        return OrgDefaults.model_validate(data)
    except ValidationError as exc:
        raise DesignInputError(validation_problems(exc, data)) from None


def load_org_defaults(text: str | bytes) -> OrgDefaults:
    """Organisation defaults from YAML or JSON text (docs/org-defaults.md)."""
    return org_defaults_from_data(parse_document(text))


def with_org_defaults(design: Design, defaults: OrgDefaults | None) -> Design:
    """The design with these organisation defaults (None: without any), validated again as a whole (a KMS key of
    another region is refused, naming `organisation.kms.<use>`)."""
    data = design_to_data(design)
    data.pop("organisation", None)
    if defaults is not None:
        data["organisation"] = defaults.model_dump(mode="json", exclude_none=True)
    return design_from_data(data)
