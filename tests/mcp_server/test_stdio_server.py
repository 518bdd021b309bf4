"""`python -m generators mcp`, driven by the MCP SDK's own stdio client in a subprocess: the tools an assistant
uses on local design files, and the errors it gets for bad input (naming the field, never a traceback)."""

from __future__ import annotations

import base64
import io
import sys
import zipfile
from pathlib import Path
from typing import Any

import yaml
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client

from tests.mcp_server import fresh_loop

ROOT = Path(__file__).resolve().parents[2]


async def _session_run(root: Path, steps: Any) -> Any:
    params = StdioServerParameters(command=sys.executable, args=["-m", "generators", "mcp", "--root", str(root)],
                                   cwd=str(ROOT), env={"PYTHONPATH": str(ROOT)})
    async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        return await steps(session)


def _run(root: Path, steps: Any) -> Any:
    return fresh_loop.run(_session_run, root, steps)


def _text(result: Any) -> str:
    return "\n".join(block.text for block in result.content if getattr(block, "type", "") == "text")


def test_an_assistant_designs_checks_fixes_prices_and_renders_a_project_over_stdio(tmp_path: Path) -> None:
    async def steps(session: ClientSession) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        seen["tools"] = sorted(tool.name for tool in (await session.list_tools()).tools)
        seen["types"] = await session.call_tool("list_project_types", {})
        seen["created"] = await session.call_tool("create_design", {
            "design_file": "job.yaml", "blueprint": "scheduled-job", "name": "nightly", "options": {"dlq": False}})
        seen["checked"] = await session.call_tool("check_design", {"design_file": "job.yaml"})
        seen["fixed"] = await session.call_tool("apply_fix", {"design_file": "job.yaml", "rule": "EB-02",
                                                              "component": "schedule"})
        seen["files"] = await session.call_tool("list_files", {"design_file": "job.yaml"})
        seen["template"] = await session.call_tool("read_file", {"design_file": "job.yaml",
                                                                  "path": "template.yaml"})
        seen["cost"] = await session.call_tool("estimate_cost", {"design_file": "job.yaml",
                                                                 "requests_per_month": 1000})
        seen["zip"] = await session.call_tool("download_zip", {"design_file": "job.yaml"})
        seen["rendered"] = await session.call_tool("render_project", {"design_file": "job.yaml", "out": "nightly"})
        seen["document"] = await session.read_resource("design://file/job.yaml")
        seen["prompts"] = sorted(p.name for p in (await session.list_prompts()).prompts)
        seen["prompt"] = await session.get_prompt("design_event_processor",
                                                  {"what": "resizes uploaded images", "source": "s3"})
        return seen

    seen = _run(tmp_path, steps)
    assert {"list_project_types", "create_design", "check_design", "apply_fix", "estimate_cost", "list_files",
            "read_file", "download_zip", "render_project"} <= set(seen["tools"])
    assert "event-processor" in [t["name"] for t in seen["types"].structured_content["project_types"]]

    created = seen["created"]
    assert not created.is_error, _text(created)
    assert (tmp_path / "job.yaml").is_file()
    checked = seen["checked"].structured_content
    assert [(f["rule"], f["fix"] is not None) for f in checked["findings"]] == [("EB-02", True)]

    fixed = seen["fixed"].structured_content
    assert not seen["fixed"].is_error, _text(seen["fixed"])
    assert fixed["applied"]
    assert fixed["check"]["findings"] == []
    assert "EB-02" not in (tmp_path / "job.yaml").read_text()  # the file on disk is the fixed design

    paths = [f["path"] for f in seen["files"].structured_content["files"]]
    assert "template.yaml" in paths
    assert seen["files"].structured_content["target"] == "sam+python"
    template = seen["template"].structured_content
    assert template["encoding"] == "utf-8"
    assert "AWS::Serverless" in template["content"]
    assert seen["cost"].structured_content["total_usd_month"] >= 0

    blob = next(block for block in seen["zip"].content if block.type == "resource").resource
    names = zipfile.ZipFile(io.BytesIO(base64.b64decode(blob.blob))).namelist()
    assert "nightly/template.yaml" in names
    assert blob.mime_type == "application/zip"
    assert (tmp_path / "nightly" / "template.yaml").is_file()
    assert seen["rendered"].structured_content["files"] == len(paths)

    document = yaml.safe_load(seen["document"].contents[0].text)
    assert document["project"]["name"] == "nightly"
    assert seen["prompts"] == ["design_event_processor", "import_and_improve", "review_design"]
    assert "resizes uploaded images" in seen["prompt"].messages[0].content.text


def test_bad_input_is_a_tool_error_naming_the_field_never_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("project: {name: x}\ncomponents: [{kind: function, name: f, "
                                          "memory_mb: 20000}]\n")

    async def steps(session: ClientSession) -> list[Any]:
        return [
            await session.call_tool("create_design", {"design_file": "a.yaml", "blueprint": "event-processor",
                                                      "name": "ingest", "options": {"batch_size": 20000}}),
            await session.call_tool("create_design", {"design_file": "a.yaml", "blueprint": "nope", "name": "x"}),
            await session.call_tool("create_design", {"design_file": "a.yaml", "blueprint": "api",
                                                      "name": "Not A Name"}),
            await session.call_tool("check_design", {"design_file": "broken.yaml"}),
            await session.call_tool("check_design", {"design_file": "../outside.yaml"}),
            await session.call_tool("estimate_cost", {"design_file": "broken.yaml", "requests_per_month": -1}),
            await session.call_tool("check_design", {}),
        ]

    results = _run(tmp_path, steps)
    texts = [_text(r) for r in results]
    assert all(r.is_error for r in results), texts
    assert all("Traceback" not in text for text in texts), texts
    assert "options.batch_size" in texts[0]
    assert "10000" in texts[0]
    assert "blueprint" in texts[1]
    assert "event-processor" in texts[1]
    assert "name" in texts[2]
    assert "broken.yaml: components[0]" in texts[3]
    assert "memory_mb" in texts[3]
    assert "outside the root" in texts[4]
    assert "requests_per_month" in texts[5]
    assert "design_file" in texts[6]
    assert not (tmp_path / "a.yaml").exists()
