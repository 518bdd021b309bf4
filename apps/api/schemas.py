"""Request and response bodies of the JSON API (pydantic, via django-ninja). Field descriptions become the
OpenAPI spec's."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from generators.model.names import NAME_MAX_LENGTH, NAME_PATTERN, NAME_RULE


class Problem(Schema):
    field: str = Field(description="Path of the field at fault ('' for the request as a whole)")
    message: str


class Problems(Schema):
    detail: str
    problems: list[Problem] = Field(default_factory=list)


class RevisionOut(Schema):
    number: int
    author: str
    created_at: datetime
    message: str


class DesignOut(Schema):
    id: int
    name: str
    blueprint: str
    current_revision: int | None
    updated_at: datetime


class DesignDetail(DesignOut):
    revisions: list[RevisionOut]
    document: dict[str, Any] | None = Field(description="The current revision's Design document")


class DesignIn(Schema):
    """Either `document` (a Design document) or `blueprint` with its `options` (and `project` settings)."""

    name: str = Field(min_length=1, max_length=NAME_MAX_LENGTH, pattern=NAME_PATTERN,
                      description=f"Design name, unique in the team (also the project's name): {NAME_RULE}")
    message: str = Field(default="", max_length=500, description="Revision message")
    document: dict[str, Any] | None = Field(default=None, description="A Design document (see docs/design-format.md)")
    blueprint: Literal["api", "event-processor", "fan-out", "workflow", "scheduled-job"] | None = None
    options: dict[str, Any] = Field(default_factory=dict, description="The blueprint's options")
    project: dict[str, Any] = Field(default_factory=dict,
                                    description="Project settings: language, iac, region, architecture, tags …")


class ImportIn(Schema):
    """A SAM or CloudFormation template (YAML or JSON text) to import as a new design."""

    name: str = Field(min_length=1, max_length=NAME_MAX_LENGTH, pattern=NAME_PATTERN,
                      description=f"Design name, unique in the team (also the project's name): {NAME_RULE}")
    template: str = Field(min_length=1, max_length=1_000_000, description="The template text (YAML or JSON)")
    source_name: str = Field(default="template.yaml", max_length=255, pattern=r"^[A-Za-z0-9._-]+$")
    message: str = Field(default="", max_length=500, description="Revision message")


class ImportOut(Schema):
    design: DesignOut
    revision: int
    report: dict[str, Any]


class SavedOut(Schema):
    design: DesignOut
    revision: int


class FindingOut(Schema):
    rule: str
    severity: str
    message: str
    component: str | None
    hint: str
    silenced: bool


class FindingsOut(Schema):
    revision: int
    findings: list[FindingOut]
    monthly_cost_usd: float | None
    cost: dict[str, Any] | None = Field(description="The estimate: assumptions, per-component lines, notes")


class TargetOut(Schema):
    id: int
    name: str
    environment: str
    region: str
    kind: str
    requires_approval: bool


class DeployIn(Schema):
    design_id: int = Field(ge=1)
    revision: int | None = Field(default=None, ge=1, description="Revision number (default: the current one)")
    target_id: int = Field(ge=1)


class EventOut(Schema):
    id: int
    at: datetime
    level: str
    message: str


class ApprovalOut(Schema):
    status: str
    requested_by: str
    decided_by: str
    comment: str
    expired_reason: str


class DeploymentOut(Schema):
    id: int
    status: str
    status_label: str
    terminal: bool
    design_id: int
    revision: int | None
    target_id: int
    stack_name: str
    changes: list[dict[str, Any]]
    outputs: list[dict[str, Any]]
    error: str
    events: list[EventOut]
    approval: ApprovalOut | None
    policy_evidence: list[dict[str, Any]]


class DecisionIn(Schema):
    decision: Literal["approve", "reject"]
    comment: str = Field(min_length=1, max_length=2000)


class EditsIn(Schema):
    """Edit operations applied to the current revision, all or nothing, as one new revision (docs/editing.md)."""

    edits: list[dict[str, Any]] = Field(
        min_length=1, max_length=500,
        description="Operations: add_component, update_component, rename_component, remove_component, connect, "
                    "disconnect (each an object with `op`); refusals name `edits[i].field`",
    )
    message: str = Field(default="", max_length=500, description="Revision message")


class OrgDefaultsBody(Schema):
    org_defaults: dict[str, Any] = Field(
        description="Organisation defaults: permission_boundary_arn, tags, min_log_retention_days, vpc "
                    "(subnet_ids, security_group_ids), kms (queues, topics, tables, logs: key ARNs), ci "
                    "(github-actions or gitlab-ci); {} for none (docs/org-defaults.md)")
