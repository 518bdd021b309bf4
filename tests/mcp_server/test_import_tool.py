"""`import_template` over both transports: a SAM/CloudFormation template becomes a design (a local design file over
stdio, a saved design over /mcp) with the import report; a bad template is a tool error naming the place, and
nothing is written or saved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mcp.client.session import ClientSession

from apps.designs.models import Design, DesignRevision
from generators.importing.writeback import render_imported_template
from generators.model import load_design
from generators.model.io import design_from_data
from tests.mcp_server.test_http_server import _call, _token
from tests.mcp_server.test_stdio_server import _run, _text
from tests.portal.conftest import People

CORPUS = Path(__file__).parents[1] / "engine" / "importing" / "corpus"
TEMPLATE = (CORPUS / "sqs-consumer-sections.yaml").read_text()
RECOVERED = {"kind": "triggers", "source": "JobsQueue", "target": "WorkerFunction",
             "where": "Resources.WorkerFunction.Events.Jobs"}


def test_stdio_imports_a_template_file_into_a_design_file(tmp_path: Path) -> None:
    (tmp_path / "template.yaml").write_text(TEMPLATE)
    (tmp_path / "broken.yaml").write_text("Resources: [1, 2]\n")

    async def steps(session: ClientSession) -> list[Any]:
        return [
            await session.call_tool("import_template", {"design_file": "jobs.yaml", "template_file": "template.yaml",
                                                        "name": "jobs"}),
            await session.call_tool("import_template", {"design_file": "again.yaml", "template": TEMPLATE,
                                                        "name": "Not A Name"}),
            await session.call_tool("import_template", {"design_file": "bad.yaml", "template_file": "broken.yaml"}),
            await session.call_tool("import_template", {"design_file": "x.yaml", "template_file": "../t.yaml"}),
            await session.call_tool("import_template", {"design_file": "x.yaml"}),
        ]

    imported, bad_name, bad_template, outside, neither = _run(tmp_path, steps)

    assert not imported.is_error, _text(imported)
    assert RECOVERED in imported.structured_content["report"]["relationships"]["recovered"]
    design = load_design((tmp_path / "jobs.yaml").read_text())
    assert design.project.name == "jobs"
    assert imported.structured_content["summary"]["project"] == "jobs"
    assert render_imported_template(design) == TEMPLATE  # the design file keeps all of the template
    texts = [_text(r) for r in (bad_name, bad_template, outside, neither)]
    assert all(r.is_error for r in (bad_name, bad_template, outside, neither)), texts
    assert "invalid input: name:" in texts[0]
    assert "invalid input: template: " in texts[1]
    assert "Resources" in texts[1]
    assert "template_file: '../t.yaml' is outside the root" in texts[2]
    assert "template: give either template_file or template" in texts[3]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.yaml", "jobs.yaml", "template.yaml"]


def test_http_imports_a_template_as_a_saved_design_losslessly(people: People) -> None:
    token = _token(people, people.erin, "read", "write")

    imported = _call(token, "import_template", {"name": "jobs", "template": TEMPLATE})
    refused = _call(token, "import_template", {"name": "broken", "template": "Resources: [1, 2]\n"})
    taken = _call(token, "import_template", {"name": "jobs", "template": TEMPLATE})
    misnamed = _call(token, "import_template", {"name": "Jobs!", "template": TEMPLATE})

    assert not imported.get("isError"), imported
    result = imported["structuredContent"]
    assert result["revision"] == 1
    assert RECOVERED in result["report"]["relationships"]["recovered"]
    revision = DesignRevision.objects.get(design_id=result["design_id"], number=1)
    assert render_imported_template(design_from_data(revision.document)) == TEMPLATE  # saved losslessly
    texts = [r["content"][0]["text"] for r in (refused, taken, misnamed)]
    assert all(r["isError"] for r in (refused, taken, misnamed)), texts
    assert "invalid input: template: " in texts[0]
    assert "invalid input: name: " in texts[1]
    assert "already has" in texts[1]
    assert "invalid input: name: String should match pattern" in texts[2]
    assert list(Design.objects.values_list("name", flat=True)) == ["jobs"]
