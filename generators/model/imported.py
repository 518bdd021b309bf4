"""What an imported template holds that the typed model does not: kept verbatim so write-back loses nothing.

An imported design keeps the template's own text (`original`) and, per logical id, how the resource was read:
a typed component (`component` set; `properties` holds the *overrides*, the properties the typed model lacks,
verbatim) or a verbatim resource (`component` empty; `properties` holds every property, intrinsics intact in
their long JSON form `{"Ref": ...}` / `{"Fn::GetAtt": [...]}`). `baseline` is the typed component as imported:
write-back compares it with the component now and re-emits only the resources an edit changed.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from generators.model.components import Strict
from generators.model.names import Name

SECTIONS = ("AWSTemplateFormatVersion", "Transform", "Description", "Metadata", "Parameters", "Rules", "Mappings",
            "Conditions", "Globals", "Outputs")
RESOURCE_ATTRIBUTES = ("DependsOn", "DeletionPolicy", "UpdateReplacePolicy", "UpdatePolicy", "CreationPolicy",
                       "Condition", "Metadata")
_LOGICAL_ID = r"^[A-Za-z0-9]{1,255}$"


class ImportedResource(Strict):
    logical_id: str = Field(pattern=_LOGICAL_ID)
    type: str = Field(min_length=1, max_length=256, description="CloudFormation or SAM resource type")
    component: Name | None = Field(default=None, description="The typed component it became (empty = verbatim)")
    properties: dict[str, Any] = Field(
        default_factory=dict, description="Verbatim: every property; typed: the overrides the model lacks"
    )
    attributes: dict[str, Any] = Field(
        default_factory=dict, description="DependsOn, DeletionPolicy, UpdateReplacePolicy, Condition, Metadata ..."
    )
    baseline: dict[str, Any] = Field(default_factory=dict, description="The typed component as imported")
    why: str = Field(default="", max_length=500, description="Why it stayed verbatim")

    @field_validator("attributes")
    @classmethod
    def _attributes(cls, value: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(value) - set(RESOURCE_ATTRIBUTES))
        if unknown:
            raise ValueError(f"unknown resource attribute(s) {unknown}; allowed: {', '.join(RESOURCE_ATTRIBUTES)}")
        return value


class Imported(Strict):
    """The template-level sections and the original text of an imported SAM/CloudFormation template."""

    source_format: Literal["yaml", "json"] = "yaml"
    source_name: str = Field(default="template.yaml", max_length=255)
    original: str = Field(min_length=1, max_length=1_000_000, description="The template text as imported")
    sections: dict[str, Any] = Field(
        default_factory=dict, description="Parameters, Conditions, Mappings, Rules, Globals, Outputs, Metadata ..."
    )
    resources: list[ImportedResource] = Field(default_factory=list, max_length=500)
    baseline_connections: list[str] = Field(
        default_factory=list, max_length=2000, description="The connections as imported, `kind source target`"
    )

    @field_validator("sections")
    @classmethod
    def _sections(cls, value: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(value) - set(SECTIONS))
        if unknown:
            raise ValueError(f"unknown template section(s) {unknown}; allowed: {', '.join(SECTIONS)}")
        return value

    @field_validator("resources")
    @classmethod
    def _unique(cls, value: list[ImportedResource]) -> list[ImportedResource]:
        seen: set[str] = set()
        for resource in value:
            if resource.logical_id in seen:
                raise ValueError(f"duplicate logical id {resource.logical_id!r}")
            seen.add(resource.logical_id)
        return value

    @model_validator(mode="after")
    def _matches_the_original(self) -> Imported:
        """The write-back starts from `original`: it must be a template whose resources are the ones listed."""
        from generators.importing.parse import TemplateError, parse_template

        try:
            plain = parse_template(self.original, self.source_name).plain
        except TemplateError as exc:
            place, message = exc.problems[0]
            raise ValueError(f"original is not a usable template ({place}: {message})") from None
        listed = [r.logical_id for r in self.resources]
        if sorted(listed) != sorted(plain["Resources"]):
            missing = sorted(set(plain["Resources"]) - set(listed))
            extra = sorted(set(listed) - set(plain["Resources"]))
            raise ValueError(f"resources must list the original template's logical ids; missing {missing[:5]}, "
                             f"not in the template {extra[:5]}")
        for resource in self.resources:
            if resource.type != plain["Resources"][resource.logical_id]["Type"]:
                raise ValueError(f"resources: {resource.logical_id} has type {resource.type!r} but the template "
                                 f"says {plain['Resources'][resource.logical_id]['Type']!r}")
        return self

    def by_component(self) -> dict[str, ImportedResource]:
        return {r.component: r for r in self.resources if r.component}
