"""The golden path document: a design a platform team made into a starting point, with the settings a user may
choose (parameters, described like a blueprint's Options) and the settings nobody may change (locks).

It is the file `python -m generators new --path FILE` reads and the portal stores per version. Every problem
names its field (`parameters[1].maximum`, `design.components[0].memory_mb`, `locked[0].path`).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from generators.golden.paths import MISSING, covers, get_value, parse_path
from generators.model import Design, DesignError, DesignInputError
from generators.model.components import Strict
from generators.model.io import design_from_data, design_to_data, validation_problems
from generators.model.loading import parse_document
from generators.model.names import FreeText, Name

KIND: Literal["golden-path"] = "golden-path"
OPTION_NAME = r"^[a-z][a-z0-9_]{0,39}$"
Scalar = bool | int | float | str


class Parameter(Strict):
    """A setting a user chooses when starting from the golden path (an option of its Options model)."""

    name: str = Field(pattern=OPTION_NAME, description="Option name users set (e.g. memory_mb)")
    path: str = Field(description="The setting it changes, e.g. components[processor].memory_mb")
    default: Any = Field(default=None, description="Default value (empty = the value in the design)")
    minimum: float | None = Field(default=None, description="Smallest allowed number (within the model's range)")
    maximum: float | None = Field(default=None, description="Largest allowed number (within the model's range)")
    choices: list[Scalar] | None = Field(default=None, min_length=1, max_length=100,
                                         description="The only values allowed")
    help: FreeText = Field(default="", max_length=256)

    @field_validator("path")
    @classmethod
    def _path(cls, value: str) -> str:
        parse_path(value)
        return value


class Lock(Strict):
    """A setting users cannot change (it always has the golden path's value), with the reason shown to them."""

    path: str = Field(description="e.g. project.environments[prod].log_retention_days or project.tags.CostCenter")
    reason: FreeText = Field(min_length=3, max_length=300)

    @field_validator("path")
    @classmethod
    def _path(cls, value: str) -> str:
        parse_path(value)
        return value


class GoldenPath(Strict):
    kind: Literal["golden-path"] = KIND
    id: Name = Field(description="Stable name of the golden path (e.g. acme-event-processor)")
    title: FreeText = Field(min_length=1, max_length=80)
    description: FreeText = Field(default="", max_length=1000)
    version: int = Field(default=1, ge=1, le=1000)
    design: dict[str, Any] = Field(description="The Design document users start from")
    parameters: list[Parameter] = Field(default_factory=list, max_length=50)
    locked: list[Lock] = Field(default_factory=list, max_length=200)

    @field_validator("design")
    @classmethod
    def _design(cls, value: dict[str, Any]) -> dict[str, Any]:
        """The design validated by the model and kept in its canonical form (every default written out)."""
        try:
            return design_to_data(design_from_data(value))
        except DesignInputError as exc:
            raise DesignError([(f"design.{p}" if p else "design", m) for p, m in exc.problems]) from None

    @model_validator(mode="after")
    def _consistent(self) -> GoldenPath:
        problems: list[tuple[str, str]] = []
        canonical = self.design
        seen: set[str] = set()
        for i, parameter in enumerate(self.parameters):
            if parameter.name in seen:
                problems.append((f"parameters[{i}].name", f"duplicate parameter {parameter.name!r}"))
            seen.add(parameter.name)
            if covers(parameter.path, "project.name") or covers("project.name", parameter.path):
                problems.append((f"parameters[{i}].path", "project.name is the design's own name, chosen by each "
                                                          "user; it cannot be a parameter"))
            elif get_value(canonical, parameter.path) is MISSING:
                problems.append((f"parameters[{i}].path", f"{parameter.path} is not a setting of the design"))
            for lock in self.locked:
                if covers(lock.path, parameter.path) or covers(parameter.path, lock.path):
                    problems.append((f"parameters[{i}].path", f"{parameter.path} is locked ({lock.path}); a "
                                                              "setting cannot be both a parameter and locked"))
        for i, lock in enumerate(self.locked):
            if covers(lock.path, "project.name"):
                problems.append((f"locked[{i}].path", "project.name is the design's own name, chosen by each user; "
                                                      "lock the settings inside it instead (e.g. project.tags.Team)"))
            if lock.path.split("[")[0].split(".")[0] not in ("project", "components", "connections", "silenced",
                                                              "contracts"):
                problems.append((f"locked[{i}].path", f"{lock.path} is not a setting of a design"))
        if problems:
            raise DesignError(problems)
        return self

    def design_model(self) -> Design:
        return design_from_data(self.design)

    def lock_for(self, name: str) -> Lock | None:
        """The lock a user means by an option name or a path (to refuse it with the reason)."""
        for lock in self.locked:
            if name == lock.path or name == parse_path(lock.path)[-1][1]:
                return lock
        return None


def golden_path_from_data(data: Any) -> GoldenPath:
    """Validate a golden path document; raise DesignInputError naming each bad field."""
    if not isinstance(data, dict):
        raise DesignInputError([("", "a golden path document is a mapping with kind: golden-path")])
    try:
        return GoldenPath.model_validate(data)
    except ValidationError as exc:
        problems = []
        for path, message in validation_problems(exc, data):
            problems.append((path, message))
        raise DesignInputError(problems) from None


def load_golden_path(text: str | bytes) -> GoldenPath:
    """A golden path from YAML or JSON text (bounded like a design document)."""
    return golden_path_from_data(parse_document(text))


def golden_path_to_data(golden: GoldenPath) -> dict[str, Any]:
    return golden.model_dump(mode="json", exclude_none=True)
