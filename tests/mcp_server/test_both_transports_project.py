"""The done-when of the MCP server: an assistant creates, edits, checks, fixes and renders a project through each
transport with the MCP SDK's own client (stdio: `python -m generators mcp`; streamable HTTP: `/mcp` on a live
server), and the project passes the real validators.

One design, one toolchain run: both transports are given the same steps. The project render_project writes over
stdio goes through the SAM transform, cfn-lint and the generated project's own ruff, mypy and pytest
(tests/engine's helpers), in a test without the database (so CI's PostgreSQL pass does not repeat it); both that
project and the zip the web's download_zip returns must be byte for byte what the engine's functions make of the
same steps, so the web's project is the validated one."""

from __future__ import annotations

import base64
import io
import zipfile
from pathlib import Path
from typing import Any

from mcp.client.session import ClientSession

from generators.mcp import tools as t
from tests.engine.projects import check_python_project
from tests.engine.validators import cfn_lint_problems, sam_transform
from tests.mcp_server import test_http_server as http
from tests.mcp_server import test_stdio_server as stdio
from tests.portal.conftest import People

EDITS = [{"op": "add_component", "kind": "topic", "name": "done"},
         {"op": "connect", "kind": "publishes", "source": "job", "target": "done"}]


def _ok(result: Any) -> dict[str, Any]:
    assert not result.is_error, stdio._text(result)
    content: dict[str, Any] = result.structured_content
    return content


async def _steps(session: ClientSession, where: dict[str, Any], finish: Any) -> dict[str, Any]:
    """The same five steps over either transport; `where` names the design (a file, or the created id)."""
    seen: dict[str, Any] = {"tools": {tool.name for tool in (await session.list_tools()).tools}}
    seen["created"] = _ok(await session.call_tool("create_design", {
        **where, "name": "nightly", "blueprint": "scheduled-job", "options": {"dlq": False}}))
    if "design_id" in seen["created"]:
        where = {"design_id": seen["created"]["design_id"]}
    seen["edited"] = _ok(await session.call_tool("apply_edits", {**where, "edits": EDITS}))
    seen["checked"] = _ok(await session.call_tool("check_design", where))
    finding = seen["checked"]["findings"][0]
    seen["fixed"] = _ok(await session.call_tool("apply_fix", {**where, "rule": finding["rule"],
                                                              "component": finding["component"]}))
    seen["rendered"] = await finish(session, where)
    return seen


def _engine_project() -> dict[str, bytes]:
    """The same steps through the engine's own functions (what both servers call), as the project's files."""
    design = t.design_from_blueprint(blueprint="scheduled-job", name="nightly", options={"dlq": False})
    design, _ = t.apply_edits(design, EDITS)
    design = t.apply_fix(design, rule="EB-02", component="schedule")
    return {path: file.content for path, file in t.render_tree(design).items()}


def _checked(seen: dict[str, Any]) -> None:
    assert {"create_design", "apply_edits", "check_design", "apply_fix"} <= seen["tools"]
    assert "Done (AWS::SNS::Topic)" in seen["edited"]["changes"]["resources_added"]
    assert [(f["rule"], f["component"]) for f in seen["checked"]["findings"]] == [("EB-02", "schedule")]
    assert seen["fixed"]["check"]["findings"] == []


def test_create_edit_check_fix_render_over_stdio_passes_the_validators(tmp_path: Path) -> None:
    async def render(session: ClientSession, where: dict[str, Any]) -> dict[str, Any]:
        return _ok(await session.call_tool("render_project", {**where, "out": "nightly"}))

    seen = stdio._run(tmp_path, lambda session: _steps(session, {"design_file": "nightly.yaml"}, render))

    _checked(seen)
    project = tmp_path / "nightly"
    written = {str(p.relative_to(project)): p.read_bytes() for p in sorted(project.rglob("*")) if p.is_file()}
    assert seen["rendered"]["files"] == len(written)
    assert written == _engine_project()  # what the web's test compares its download with
    template = (project / "template.yaml").read_text()
    assert "AWS::SNS::Topic" in template
    sam_transform(template)
    assert cfn_lint_problems(template) == []
    assert check_python_project(project) == []


def test_create_edit_check_fix_download_over_http_is_the_validated_project(
        people: People, live_server: Any, transactional_db: Any) -> None:
    async def download(session: ClientSession, where: dict[str, Any]) -> bytes:
        result = await session.call_tool("download_zip", where)
        assert not result.is_error, http._text(result)
        blob = next(block for block in result.content if block.type == "resource").resource
        return base64.b64decode(blob.blob)

    token = http._token(people, people.erin, "read", "write")
    seen = http._session(live_server.url, token, lambda session: _steps(session, {}, download))

    _checked(seen)
    assert seen["fixed"]["revision"] == 3  # created, edited, fixed: one revision each
    archive = zipfile.ZipFile(io.BytesIO(seen["rendered"]))
    downloaded = {name.removeprefix("nightly/"): archive.read(name) for name in archive.namelist()
                  if not name.endswith("/")}
    assert downloaded == _engine_project()  # byte for byte the project the stdio test validates
