"""Typed edit operations on a design: the one vocabulary the CLI, the JSON API, MCP and the web's compose step
share (issue 12). Each operation is a pydantic model, discriminated on `op`; `apply_edits` lives in `apply.py`."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, TypeAdapter

from generators.model.components import Strict
from generators.model.names import Name


class AddComponent(Strict):
    """Add a component of a catalog kind; settings not given take the kind's defaults."""

    op: Literal["add_component"] = "add_component"
    kind: str = Field(max_length=40, description="A component kind of the catalog (`python -m generators kinds`)")
    name: Name
    settings: dict[str, Any] = Field(default_factory=dict, description="The kind's settings; omitted = default")


class RemoveComponent(Strict):
    """Remove a component and every connection that starts or ends at it."""

    op: Literal["remove_component"] = "remove_component"
    name: Name


class RenameComponent(Strict):
    """Rename a component; its connections, state machine steps and silenced findings follow."""

    op: Literal["rename_component"] = "rename_component"
    name: Name
    new_name: Name


class UpdateComponent(Strict):
    """Change some settings of a component (null resets an optional setting)."""

    op: Literal["update_component"] = "update_component"
    name: Name
    settings: dict[str, Any] = Field(description="Only the settings to change")


class Connect(Strict):
    """Connect two components with a connection kind the catalog allows for their (source, target) kinds."""

    op: Literal["connect"] = "connect"
    kind: str = Field(max_length=40, description="A connection kind of the catalog")
    source: Name
    target: Name
    settings: dict[str, Any] = Field(default_factory=dict, description="The connection's settings")


class Disconnect(Strict):
    """Remove the connections of this kind from source to target."""

    op: Literal["disconnect"] = "disconnect"
    kind: str = Field(max_length=40)
    source: Name
    target: Name


EditOperation = Annotated[
    AddComponent | RemoveComponent | RenameComponent | UpdateComponent | Connect | Disconnect,
    Field(discriminator="op"),
]
OPERATION_NAMES: tuple[str, ...] = (
    "add_component", "remove_component", "rename_component", "update_component", "connect", "disconnect",
)
MAX_EDITS = 500
EDIT_LIST: TypeAdapter[list[EditOperation]] = TypeAdapter(list[EditOperation])
