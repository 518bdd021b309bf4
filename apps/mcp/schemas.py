"""Results of the web MCP tools that the engine's (generators/mcp/tools.py) do not cover: rows of the portal."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from generators.mcp.tools import ChangesOut, CheckOut, DesignSummaryOut, ImportReportOut


class DesignRowOut(BaseModel):
    id: int = Field(description="Pass it as design_id")
    name: str
    blueprint: str = Field(description="The project type it was made from ('' for a design document)")
    current_revision: int | None
    updated_at: str


class RevisionOut(BaseModel):
    number: int
    author: str
    created_at: str
    message: str
    current: bool


class DesignDetailOut(DesignRowOut):
    revisions: list[RevisionOut]
    summary: DesignSummaryOut | None = Field(description="The current revision's components and connections")
    document: dict[str, Any] | None = Field(description="The current revision's Design document")


class SavedOut(BaseModel):
    design_id: int
    name: str
    revision: int
    check: CheckOut = Field(description="The advisor's findings on the saved revision")


class FixedOut(SavedOut):
    applied: str = Field(description="What the fix changed")


class EditedOut(SavedOut):
    changes: ChangesOut = Field(description="What the edits change in the generated SAM template")


class ImportedOut(SavedOut):
    report: ImportReportOut = Field(description="What became of each resource and relationship of the template")


class ChangeOut(BaseModel):
    field: str
    old: str
    new: str


class FileChangeOut(BaseModel):
    path: str
    status: str = Field(description="added, removed or changed")
    ownership: str
    diff: str = Field(description="Unified diff (cut after a limit)")


class ComparisonOut(BaseModel):
    old: int
    new: int
    components_added: list[str]
    components_removed: list[str]
    components_changed: dict[str, list[ChangeOut]]
    connections_added: list[str]
    connections_removed: list[str]
    connections_changed: dict[str, list[ChangeOut]]
    grants_added: list[str] = Field(description="IAM grants the generated functions gain")
    grants_removed: list[str]
    project_changed: list[ChangeOut]
    files: list[FileChangeOut]


class TargetOut(BaseModel):
    id: int = Field(description="Pass it as target_id")
    name: str
    environment: str = Field(description="dev, staging or prod")
    region: str
    kind: str = Field(description="sandbox (the local AWS stand-in) or role (a real account)")
    requires_approval: bool = Field(description="A deployment waits for another admin's approval before it runs")


class EventOut(BaseModel):
    id: int
    at: str
    level: str
    message: str


class ApprovalOut(BaseModel):
    status: str = Field(description="pending, approved, rejected or expired")
    requested_by: str
    decided_by: str
    comment: str
    expired_reason: str


class DeploymentOut(BaseModel):
    id: int = Field(description="Pass it as deployment_id")
    status: str = Field(description="review: the change set waits for confirm_deployment; terminal states end it")
    status_label: str
    terminal: bool
    design_id: int
    revision: int | None
    target_id: int
    stack_name: str
    changes: list[dict[str, Any]] = Field(description="The change set, once prepared")
    outputs: list[dict[str, Any]]
    error: str
    events: list[EventOut] = Field(description="Events after `after_event` (all by default), oldest first")
    approval: ApprovalOut | None
