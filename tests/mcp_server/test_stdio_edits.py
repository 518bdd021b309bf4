"""The stdio MCP server's `apply_edits` tool: edit operations on a local design file, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mcp.client.session import ClientSession

from generators.model import load_design
from tests.mcp_server.test_stdio_server import _run, _text

EDITS = [{"op": "add_component", "kind": "queue", "name": "jobs"},
         {"op": "connect", "kind": "publishes", "source": "processor", "target": "jobs"}]


def test_apply_edits_saves_the_design_and_says_what_changed_or_refuses_naming_the_edit(tmp_path: Path) -> None:
    async def steps(session: ClientSession) -> list[Any]:
        tools = {tool.name: tool for tool in (await session.list_tools()).tools}
        assert "edits" in tools["apply_edits"].input_schema["properties"]
        return [
            await session.call_tool("create_design", {"design_file": "d.yaml", "blueprint": "event-processor",
                                                      "name": "ingest"}),
            await session.call_tool("apply_edits", {"design_file": "d.yaml", "edits": EDITS}),
            await session.call_tool("apply_edits", {"design_file": "d.yaml", "edits": [
                {"op": "connect", "kind": "reads", "source": "jobs", "target": "processor"}]}),
        ]

    created, edited, refused = _run(tmp_path, steps)
    assert not created.is_error, _text(created)
    assert not edited.is_error, _text(edited)
    changes = edited.structured_content["changes"]
    assert "Jobs (AWS::SQS::Queue)" in changes["resources_added"]
    assert "jobs (queue)" in edited.structured_content["summary"]["components"]
    design = load_design((tmp_path / "d.yaml").read_text())
    assert [c.target for c in design.outgoing("processor", "publishes")] == ["jobs"]
    assert refused.is_error
    assert "edits[0].kind" in _text(refused)
    assert "allowed for this pair: triggers" in _text(refused)
    assert "Traceback" not in _text(refused)
