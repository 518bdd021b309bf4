"""Starting from a golden path: its parameters as an Options model (so the CLI's `--set`, the wizard's form and
the API describe and check them exactly like a blueprint's options), applying chosen values, and the lock check
that refuses a changed locked setting with the reason the platform team gave."""

from __future__ import annotations

import re
import typing
from collections.abc import Mapping
from typing import Any, Literal

import annotated_types
from pydantic import Field, create_model
from pydantic.fields import FieldInfo

from generators.blueprints.base import BlueprintOptions
from generators.golden.model import GoldenPath, Parameter
from generators.golden.paths import MISSING, get_value, parse_path, set_value
from generators.model import Design, DesignInputError, Project
from generators.model.components import Component
from generators.model.connections import Connection
from generators.model.io import design_from_data, design_to_data
from generators.model.messages import shown

_KIND_MODELS: dict[str, Any] = {
    typing.get_args(member.model_fields["kind"].annotation)[0]: member
    for member in (*typing.get_args(typing.get_args(Component)[0]), *typing.get_args(typing.get_args(Connection)[0]))
}


def model_field(golden: GoldenPath, path: str) -> FieldInfo | None:
    """The Design model's field a path ends on (for its range and help), when the path names one."""
    steps = parse_path(path)
    names = [name for _, name in steps]
    if names[0] == "project" and len(names) == 2:
        return Project.model_fields.get(names[1])
    if names[0] in ("components", "connections") and len(names) == 3:
        item = get_value(golden.design, f"{names[0]}[{names[1]}]")
        model = _KIND_MODELS.get(str(item.get("kind"))) if isinstance(item, dict) else None
        return model.model_fields.get(names[2]) if model is not None else None
    return None


def _number(value: float | None) -> float | int | None:
    return int(value) if value is not None and float(value).is_integer() else value


def _bounds(info: FieldInfo | None) -> tuple[Any, Any]:
    if info is None:
        return None, None
    low = next((m.ge for m in info.metadata if isinstance(m, annotated_types.Ge)), None)
    high = next((m.le for m in info.metadata if isinstance(m, annotated_types.Le)), None)
    return low, high


def parameter_default(golden: GoldenPath, parameter: Parameter) -> Any:
    return parameter.default if parameter.default is not None else get_value(golden.design, parameter.path)


def _annotation(value: Any, parameter: Parameter) -> Any:
    if parameter.choices:
        return Literal[tuple(parameter.choices)]
    if isinstance(value, bool):
        return bool
    if isinstance(value, int):
        return int
    if isinstance(value, float):
        return float
    if isinstance(value, str):
        return str
    if isinstance(value, list):
        return list[Any]
    if isinstance(value, dict):
        return dict[str, Any]
    return Any


def parameter_problems(golden: GoldenPath) -> list[tuple[str, str]]:
    """Ranges narrower than (and inside) the model's, defaults inside them: checked when a path is published."""
    problems: list[tuple[str, str]] = []
    for i, parameter in enumerate(golden.parameters):
        low, high = _bounds(model_field(golden, parameter.path))
        if parameter.minimum is not None and low is not None and parameter.minimum < low:
            problems.append((f"parameters[{i}].minimum", f"{parameter.minimum:g} is below the model's minimum {low}"))
        if parameter.maximum is not None and high is not None and parameter.maximum > high:
            problems.append((f"parameters[{i}].maximum", f"{parameter.maximum:g} is above the model's maximum {high}"))
        default = parameter_default(golden, parameter)
        if parameter.choices and default not in parameter.choices:
            problems.append((f"parameters[{i}].default", f"{shown(default)} is not one of the choices "
                                                         f"{', '.join(shown(c) for c in parameter.choices)}"))
        if isinstance(default, int | float) and not isinstance(default, bool) and (
                (parameter.minimum is not None and default < parameter.minimum)
                or (parameter.maximum is not None and default > parameter.maximum)):
            low_text = "" if parameter.minimum is None else f"at least {_number(parameter.minimum)}"
            high_text = "" if parameter.maximum is None else f"at most {_number(parameter.maximum)}"
            allowed = " and ".join(t for t in (low_text, high_text) if t)
            problems.append((f"parameters[{i}].default", f"the default {default} is out of range; allowed: {allowed}"))
    if not problems:
        try:
            golden_design(golden, {}, name=str(golden.design["project"]["name"]))
        except DesignInputError as exc:
            index = {parameter.name: i for i, parameter in enumerate(golden.parameters)}
            problems.extend((f"parameters[{index[p]}].default" if p in index else f"design.{p}" if p else "parameters",
                             f"the defaults do not give a valid design: {m}") for p, m in exc.problems)
    return problems


def options_model(golden: GoldenPath) -> type[BlueprintOptions]:
    """The golden path's parameters as a blueprint-style Options model (defaults, ranges, help)."""
    fields: dict[str, Any] = {}
    for parameter in golden.parameters:
        default = parameter_default(golden, parameter)
        info = model_field(golden, parameter.path)
        low, high = _bounds(info)
        low = _number(parameter.minimum) if parameter.minimum is not None else low
        high = _number(parameter.maximum) if parameter.maximum is not None else high
        numeric = isinstance(default, int | float) and not isinstance(default, bool)
        help_text = parameter.help or (info.description if info is not None and info.description else "")
        fields[parameter.name] = (_annotation(default, parameter), Field(
            default=default, description=help_text or parameter.path,
            ge=low if numeric else None, le=high if numeric else None))
    model: type[BlueprintOptions] = create_model(
        f"GoldenOptions_{golden.id.replace('-', '_')}", __base__=BlueprintOptions, **fields)
    return model


def validate_values(golden: GoldenPath, values: Mapping[str, Any]) -> dict[str, Any]:
    """The chosen values checked by the Options model; a locked setting is refused with its reason."""
    problems: list[tuple[str, str]] = []
    known = {p.name for p in golden.parameters}
    for name in values:
        if name in known:
            continue
        lock = golden.lock_for(name)
        if lock is not None:
            problems.append((name, f"{lock.path} is locked by golden path {golden.id} v{golden.version}: "
                                   f"{lock.reason}"))
        else:
            problems.append((name, f"unknown parameter; parameters: {', '.join(sorted(known)) or 'none'}"))
    model = options_model(golden)
    from generators.blueprints.base import Blueprint

    blueprint = Blueprint(name=golden.id, title=golden.title, summary=golden.description,
                          options_model=model, builder=lambda p, o: golden.design_model())
    try:
        chosen = blueprint.options({k: v for k, v in values.items() if k in known}).model_dump(mode="json")
    except DesignInputError as exc:
        problems = [(path, _range_message(model, path, message, values.get(path)))
                    for path, message in exc.problems] + problems
    if problems:
        raise DesignInputError(problems)
    return chosen


def _range_message(model: type[BlueprintOptions], name: str, message: str, value: Any) -> str:
    """The golden path's own range in an out-of-range message (the model's generic one names the wider range)."""
    info = model.model_fields.get(name)
    if info is None or "out of range" not in message:
        return message
    low = next((m.ge for m in info.metadata if isinstance(m, annotated_types.Ge)), None)
    high = next((m.le for m in info.metadata if isinstance(m, annotated_types.Le)), None)
    return f"{value} is out of range; allowed: {low} to {high}"


def golden_design(golden: GoldenPath, values: Mapping[str, Any], *, name: str,
                  description: str | None = None) -> Design:
    """The design a user starts with: the golden path's design, named `name`, with their parameter values."""
    chosen = validate_values(golden, values)
    data = design_to_data(design_from_data(golden.design))
    data["project"]["name"] = name
    if description is not None:
        data["project"]["description"] = description
    for parameter in golden.parameters:
        set_value(data, parameter.path, chosen[parameter.name])
    try:
        return design_from_data(data)
    except DesignInputError as exc:
        raise DesignInputError([(_parameter_named(golden, p), m) for p, m in exc.problems]) from None


def _parameter_named(golden: GoldenPath, problem_path: str) -> str:
    """A model problem (`components[0].memory_mb`) named by the parameter that set it, when one did."""
    data = golden.design
    problem_path = re.sub(r" \([^()]*\)", "", problem_path)  # "components[1] (processor).memory_mb"
    for parameter in golden.parameters:
        names = [n for _, n in parse_path(parameter.path)]
        if names[0] == "components" and len(names) == 3:
            index = next((i for i, c in enumerate(data.get("components", [])) if c.get("name") == names[1]), None)
            if problem_path == f"components[{index}].{names[2]}":
                return parameter.name
        if ".".join(names) == problem_path:
            return parameter.name
    return problem_path


def lock_violations(golden: GoldenPath, design: Design | Mapping[str, Any]) -> list[tuple[str, str]]:
    """Each locked setting whose value in `design` is not the golden path's: (path, the reason and the value)."""
    data = design_to_data(design) if isinstance(design, Design) else design_to_data(design_from_data(design))
    problems = []
    for lock in golden.locked:
        expected, actual = get_value(golden.design, lock.path), get_value(data, lock.path)
        if expected != actual:
            value = "absent" if expected is MISSING else shown(expected)
            problems.append((lock.path, f"locked by golden path {golden.id} v{golden.version}: {lock.reason} "
                                        f"(it must stay {value})"))
    return problems


def apply_locks(golden: GoldenPath, data: dict[str, Any]) -> list[str]:
    """Give every locked setting in `data` the golden path's value (in place); the paths that changed."""
    changed = []
    for lock in golden.locked:
        expected = get_value(golden.design, lock.path)
        if get_value(data, lock.path) != expected:
            set_value(data, lock.path, expected)
            changed.append(lock.path)
    return changed
