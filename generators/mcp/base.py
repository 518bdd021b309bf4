"""The MCPServer both of our servers are: the SDK's, with argument errors reported as `field: message` (after the
SDK's own `Error executing tool <name>: ` prefix, as for every other tool error).

The SDK answers a call whose arguments fail the tool's input schema with pydantic's multi-line report (error
types, documentation links). Assistants and people act on the same one-line-per-field messages the CLI and the API
give, so the report is rewritten here; anything else the SDK does is unchanged."""

from __future__ import annotations

from typing import Any

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp_types import CallToolResult, InputRequiredResult
from pydantic import ValidationError


def argument_problems(error: ValidationError) -> str:
    lines = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"]) or "arguments"
        lines.append(f"{where}: {item['msg']}")
    return "; ".join(lines)


class DesignerServer(MCPServer[Any]):
    async def call_tool(self, name: str, arguments: dict[str, Any], context: Context[Any, Any] | None = None
                        ) -> CallToolResult | InputRequiredResult:
        try:
            return await super().call_tool(name, arguments, context)
        except ToolError as exc:
            if isinstance(exc.__cause__, ValidationError):
                raise ToolError(f"Error executing tool {name}: invalid input: {argument_problems(exc.__cause__)}"
                                ) from exc.__cause__
            raise
