"""Describe an Options model for people: name, type or allowed values, default, range, help.

Shared by the CLI (`options TYPE`) and the web wizard, which builds its forms from the same facts.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Any, Literal

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined


@dataclass(frozen=True)
class OptionInfo:
    name: str
    type: str
    choices: tuple[Any, ...] | None
    default: Any
    minimum: Any
    maximum: Any
    help: str
    nullable: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "type": self.type, "choices": list(self.choices) if self.choices else None,
            "default": self.default, "minimum": self.minimum, "maximum": self.maximum, "help": self.help,
            "nullable": self.nullable,
        }


def _describe_type(annotation: Any) -> tuple[str, tuple[Any, ...] | None, bool]:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    nullable = False
    if origin in (typing.Union, types.UnionType):
        non_none = [a for a in args if a is not type(None)]
        nullable = len(non_none) < len(args)
        if len(non_none) == 1:
            kind, choices, _ = _describe_type(non_none[0])
            return kind, choices, nullable
        return " | ".join(_describe_type(a)[0] for a in non_none), None, nullable
    if origin is Literal:
        return "choice", tuple(args), False
    if origin is typing.Annotated:
        return _describe_type(args[0])
    if origin in (list, tuple):
        inner = _describe_type(args[0])[0] if args else "any"
        return f"list[{inner}]", None, False
    if origin is dict:
        return "mapping", None, False
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation.__name__, None, False
    return getattr(annotation, "__name__", str(annotation)), None, False


def _default(info: FieldInfo) -> Any:
    if info.default is not PydanticUndefined:
        value = info.default
    elif info.default_factory is not None:
        value = info.default_factory()  # type: ignore[call-arg]
    else:
        return None
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [v.model_dump(mode="json") if isinstance(v, BaseModel) else v for v in value]
    return value


def describe_options(model: type[BaseModel]) -> list[OptionInfo]:
    result = []
    for name, info in model.model_fields.items():
        kind, choices, nullable = _describe_type(info.annotation)
        minimum = next((m.ge for m in info.metadata if isinstance(m, annotated_types.Ge)), None)
        maximum = next((m.le for m in info.metadata if isinstance(m, annotated_types.Le)), None)
        result.append(OptionInfo(name=name, type=kind, choices=choices, default=_default(info), minimum=minimum,
                                 maximum=maximum, help=info.description or "", nullable=nullable))
    return result
