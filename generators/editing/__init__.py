"""Editing a design with typed operations (issue 12): the engine behind `python -m generators edit`,
`POST /api/designs/{id}/edits`, the MCP `apply_edits` tool and the web's compose step."""

from __future__ import annotations

from generators.editing.apply import (
    EditError,
    allowed_connection_kinds,
    apply_edits,
    component_defaults,
    parse_edits,
)
from generators.editing.operations import (
    MAX_EDITS,
    OPERATION_NAMES,
    AddComponent,
    Connect,
    Disconnect,
    EditOperation,
    RemoveComponent,
    RenameComponent,
    UpdateComponent,
)

__all__ = ["MAX_EDITS", "OPERATION_NAMES", "AddComponent", "Connect", "Disconnect", "EditError", "EditOperation",
           "RemoveComponent", "RenameComponent", "UpdateComponent", "allowed_connection_kinds", "apply_edits",
           "component_defaults", "parse_edits"]
