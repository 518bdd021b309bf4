"""The web's /mcp `apply_edits` tool: edit operations on a saved design as one new revision, with the
advisor's findings and the change summary; refusals name `edits[i].field`."""

from __future__ import annotations

from typing import Any

from apps.designs.models import DesignRevision
from tests.mcp_server.test_http_server import _call, _token
from tests.portal.conftest import People, save_design


def test_apply_edits_saves_the_next_revision_and_refuses_naming_the_edit(people: People) -> None:
    design = save_design(people.membership(people.erin))
    token = _token(people, people.erin, "read", "write")

    edited = _call(token, "apply_edits", {"design_id": design.pk, "edits": [
        {"op": "add_component", "kind": "topic", "name": "done"},
        {"op": "connect", "kind": "publishes", "source": "processor", "target": "done"}]})
    assert not edited.get("isError"), edited
    result = edited["structuredContent"]
    assert result["revision"] == 2
    assert "Done (AWS::SNS::Topic)" in result["changes"]["resources_added"]
    assert DesignRevision.objects.filter(design=design).count() == 2

    refused = _call(token, "apply_edits", {"design_id": design.pk, "edits": [
        {"op": "remove_component", "name": "nope"}]})
    assert refused["isError"]
    text = refused["content"][0]["text"]
    assert "edits[0].name" in text
    assert "no component named 'nope'" in text
    assert DesignRevision.objects.filter(design=design).count() == 2


def test_a_read_only_token_cannot_edit(people: People) -> None:
    design = save_design(people.membership(people.erin))
    token = _token(people, people.erin, "read")
    refused: dict[str, Any] = _call(token, "apply_edits", {"design_id": design.pk, "edits": [
        {"op": "add_component", "kind": "topic", "name": "done"}]})
    assert refused["isError"]
    assert DesignRevision.objects.filter(design=design).count() == 1
