"""Every stdio tool, called in-process with arguments drawn from its own input schema, answers with a result or a
tool error that names what was wrong (`invalid input: …`), never with a crash (the SDK's UnexpectedToolError)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mcp.server.mcpserver.exceptions import ResourceError, ToolError, UnexpectedResourceError, UnexpectedToolError

from generators.mcp.stdio import build_server
from tests.mcp_server import fresh_loop

JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                    max_leaves=6)
STRINGS = st.sampled_from([
    "job.yaml", "job.yaml/x.yaml", "job.yaml/out", "out.zip/x", "a\x00b", "missing.yaml", "../escape.yaml",
    "/etc/passwd", "", "template.yaml", "EB-02", "scheduled-job", "out.zip", "nightly", "api",
]) | st.text(max_size=30)
BY_TYPE = {"integer": st.integers(), "number": st.floats(allow_nan=False), "string": STRINGS,
           "boolean": st.booleans(), "object": st.dictionaries(st.text(max_size=8), JSON, max_size=3)}


def _value(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    types = [option.get("type") for option in schema.get("anyOf", [schema])]
    return st.one_of(*[BY_TYPE[t] for t in types if t in BY_TYPE], JSON)


def _fuzz(server: Any, name: str, properties: dict[str, Any]) -> None:
    @settings(max_examples=15, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(arguments=st.fixed_dictionaries({}, optional={n: _value(p) for n, p in properties.items()}))
    def call(arguments: dict[str, Any]) -> None:
        try:
            fresh_loop.run(server.call_tool, name, arguments)
        except UnexpectedToolError as crash:  # a ToolError too: check it first
            raise AssertionError((name, arguments, repr(crash.__cause__))) from crash
        except ToolError as error:
            message = str(error)
            assert message.startswith(f"Error executing tool {name}: invalid input: "), (name, arguments, message)

    call()


def test_no_generated_stdio_tool_call_crashes(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    server = build_server(root)
    fresh_loop.run(server.call_tool, "create_design", {"design_file": "job.yaml", "blueprint": "scheduled-job",
                                                  "name": "nightly", "options": {"dlq": False}})
    tools = fresh_loop.run(server.list_tools)
    assert len(tools) >= 11

    for tool in tools:
        _fuzz(server, tool.name, tool.input_schema.get("properties", {}))
    assert not (tmp_path / "escape.yaml").exists()


def test_no_generated_stdio_resource_read_crashes(tmp_path: Path) -> None:
    """design://file/{path} with generated paths: the document, or bad input naming the field; never a crash."""
    server = build_server(tmp_path)
    fresh_loop.run(server.call_tool, "create_design", {"design_file": "job.yaml", "blueprint": "scheduled-job",
                                                      "name": "nightly"})
    (tmp_path / "broken.yaml").write_text("project: [\n")

    @settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(path=STRINGS | st.sampled_from(["broken.yaml", "job.yaml/..", "%2e%2e/x.yaml"]))
    def read(path: str) -> None:
        try:
            contents = fresh_loop.run(server.read_resource, f"design://file/{path}")
        except UnexpectedResourceError as crash:  # a ResourceError too: check it first
            raise AssertionError((path, repr(crash.__cause__))) from crash
        except ResourceError as error:
            message = str(error)
            assert message.startswith(("invalid input: ", "Unknown resource")), (path, message)
        else:
            assert "nightly" in next(iter(contents)).content

    read()
