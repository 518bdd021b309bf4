"""Validated names and the identifiers derived from them.

User-chosen names are the only user text that becomes part of identifiers in generated code, so they are
restricted to a safe alphabet; CloudFormation, Python and TypeScript identifiers are derived from them.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field, WithJsonSchema

from generators.model.messages import shown

NAME_MAX_LENGTH = 40
NAME_PATTERN = r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$"
_NAME_RE = re.compile(NAME_PATTERN)
NAME_RULE = (
    f"1-{NAME_MAX_LENGTH} characters: lowercase letters a-z, digits and single hyphens, "
    "starting with a letter and not ending with a hyphen (e.g. 'orders-api')"
)


def check_name(value: str) -> str:
    if not isinstance(value, str):  # pragma: no cover - pydantic checks the type first
        raise ValueError(f"must be a string of {NAME_RULE}")
    if len(value) > NAME_MAX_LENGTH or not _NAME_RE.fullmatch(value):
        raise ValueError(f"{shown(value)} is not a valid name; use {NAME_RULE}")
    return value


# the JSON Schema says what check_name checks, so that tools generating documents from it produce valid names
Name = Annotated[str, AfterValidator(check_name),
                 WithJsonSchema({"type": "string", "pattern": NAME_PATTERN, "minLength": 1,
                                 "maxLength": NAME_MAX_LENGTH})]


def pascal(name: str) -> str:
    """`orders-api` -> `OrdersApi` (CloudFormation logical ids, TypeScript classes)."""
    return "".join(part[:1].upper() + part[1:] for part in name.split("-"))


def snake(name: str) -> str:
    """`orders-api` -> `orders_api` (Python modules and variables)."""
    return name.replace("-", "_")


def camel(name: str) -> str:
    """`orders-api` -> `ordersApi` (TypeScript variables)."""
    p = pascal(name)
    return p[:1].lower() + p[1:]


def upper_snake(name: str) -> str:
    """`orders-table` -> `ORDERS_TABLE` (environment variable names)."""
    return snake(name).upper()


_SAFE_TEXT_RE = re.compile(r"^[^\x00-\x1f\x7f]*$")
# What CloudFormation (and cfn-lint, E1029) reads inside any string of a template: a substitution or a dynamic
# reference. User text reaches templates verbatim, so it may not contain either.
_CLOUDFORMATION_SYNTAX = ("${", "{{resolve:")


def cloudformation_syntax_problem(value: str) -> str | None:
    """Why `value` cannot go into a template verbatim, or None."""
    for marker in _CLOUDFORMATION_SYNTAX:
        if marker in value:
            return (f"{value[:100]!r} contains {marker!r}, which CloudFormation reads as a substitution or a dynamic "
                    "reference; remove it")
    return None


def check_free_text(value: str) -> str:
    """Descriptions: any printable text without control characters (no newlines) or CloudFormation syntax."""
    if not _SAFE_TEXT_RE.match(value):
        raise ValueError("must be a single line of printable text (no newlines or control characters)")
    problem = cloudformation_syntax_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def check_nested_text(value: object) -> None:
    """Every string (key or value) inside a filter policy or event pattern: no CloudFormation syntax."""
    if isinstance(value, str):
        problem = cloudformation_syntax_problem(value)
        if problem:
            raise ValueError(problem)
    elif isinstance(value, dict):
        for key, item in value.items():
            check_nested_text(key)
            check_nested_text(item)
    elif isinstance(value, list):
        for item in value:
            check_nested_text(item)


# the schema carries what check_free_text checks (no control characters, no CloudFormation syntax)
FREE_TEXT_PATTERN = r"^(?!.*(\$\{|\{\{resolve:))[^\x00-\x1f\x7f]*$"
FreeText = Annotated[str, AfterValidator(check_free_text), Field(json_schema_extra={"pattern": FREE_TEXT_PATTERN})]
