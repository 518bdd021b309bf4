"""What every blueprint provides: a typed Options model and `build(options) -> Design`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from generators.model import Design, Project
from generators.model.design import Environment, default_environments
from generators.model.io import DesignInputError, validation_problems
from generators.model.names import FreeText, Name


class ProjectOptions(BaseModel):
    """Step 3 of the wizard: settings shared by every project type."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    name: Name = Field(description="Project name: becomes the stack and service name")
    description: FreeText = Field(default="", max_length=256)
    language: Literal["python", "typescript"] = Field(default="python", description="Handler language")
    iac: Literal["sam", "cdk"] = Field(default="sam", description="Infrastructure as code: AWS SAM or AWS CDK")
    region: str = Field(default="us-east-1", description="AWS region")
    architecture: Literal["arm64", "x86_64"] = Field(default="arm64", description="Default CPU architecture")
    environments: list[Environment] = Field(default_factory=default_environments)
    tags: dict[str, str] = Field(default_factory=dict)

    def project(self) -> Project:
        return Project(**self.model_dump())


class BlueprintOptions(BaseModel):
    """Base of each blueprint's Options: unknown options are errors."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, defer_build=True)


OptionsT = TypeVar("OptionsT", bound=BlueprintOptions)


@dataclass(frozen=True)
class Blueprint(Generic[OptionsT]):
    name: str
    title: str
    summary: str
    options_model: type[OptionsT]
    builder: Callable[[Project, OptionsT], Design]

    def options(self, values: dict[str, Any] | None = None) -> OptionsT:
        """Validate option values; raise DesignInputError naming each bad option."""
        try:
            return self.options_model.model_validate(values or {})
        except ValidationError as exc:
            raise DesignInputError(validation_problems(exc, values)) from None

    def build(self, project: Project | ProjectOptions, options: OptionsT | dict[str, Any] | None = None) -> Design:
        """The blueprint's design. Raises DesignInputError (never a pydantic error) naming each bad setting: project
        settings can pass ProjectOptions and still fail the Project model (no environments, an `aws:` tag …)."""
        if isinstance(project, ProjectOptions):
            try:
                project = project.project()
            except ValidationError as exc:
                raise DesignInputError(validation_problems(exc, project.model_dump())) from None
        opts = options if isinstance(options, self.options_model) else self.options(
            options if isinstance(options, dict) else None
        )
        try:
            return self.builder(project, opts)
        except ValidationError as exc:
            raise DesignInputError(validation_problems(exc)) from None
