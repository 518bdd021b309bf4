"""`POST /api/designs/{id}/edits`: typed edit operations, all or nothing, as one new revision; 422 naming
`edits[i].field` when refused."""

from __future__ import annotations

from typing import Any

from django.test import Client

from apps.designs.models import DesignRevision
from generators.model.io import design_from_data
from tests.portal.conftest import People, save_design
from tests.portal.test_api import bearer, make_token

ADD_CONSUMER = [
    {"op": "add_component", "kind": "topic", "name": "done"},
    {"op": "add_component", "kind": "function", "name": "notifier", "settings": {"memory_mb": 256}},
    {"op": "connect", "kind": "triggers", "source": "done", "target": "notifier"},
]


def post_edits(token: str, design_id: int, body: dict[str, Any]) -> Any:
    return Client().post(f"/api/designs/{design_id}/edits", body, content_type="application/json",
                         **bearer(token))


def test_edits_make_one_new_revision_with_the_components_and_connections(people: People) -> None:
    design = save_design(people.membership(people.erin))
    token = make_token(people, people.erin)

    response = post_edits(token, design.pk, {"edits": ADD_CONSUMER, "message": "notify when done"})

    assert response.status_code == 201, response.content
    assert response.json()["revision"] == 2
    revision = DesignRevision.objects.get(design=design, number=2)
    assert revision.message == "notify when done"
    saved = design_from_data(revision.document)
    assert saved.component("notifier").memory_mb == 256  # type: ignore[union-attr]
    assert [(c.kind, c.source) for c in saved.incoming("notifier")] == [("triggers", "done")]
    assert revision.recipe["blueprint"] == "event-processor"  # the options stay editable in the wizard


def test_a_refused_edit_answers_422_naming_the_edit_and_saves_nothing(people: People) -> None:
    design = save_design(people.membership(people.erin))
    token = make_token(people, people.erin)
    edits = [*ADD_CONSUMER, {"op": "connect", "kind": "reads", "source": "notifier", "target": "done"}]

    response = post_edits(token, design.pk, {"edits": edits})

    assert response.status_code == 422
    problems = response.json()["problems"]
    assert problems[0]["field"] == "edits[3].kind"
    assert "allowed for this pair: publishes" in problems[0]["message"]
    assert DesignRevision.objects.filter(design=design).count() == 1


def test_an_unknown_op_is_named(people: People) -> None:
    design = save_design(people.membership(people.erin))
    response = post_edits(make_token(people, people.erin), design.pk, {"edits": [{"op": "paint", "name": "x"}]})
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == "edits[0]"
    assert "unknown op 'paint'" in response.json()["problems"][0]["message"]


def test_a_read_only_token_or_a_viewer_cannot_edit(people: People) -> None:
    design = save_design(people.membership(people.erin))
    read_only = make_token(people, people.erin, scopes=("read",))
    assert post_edits(read_only, design.pk, {"edits": ADD_CONSUMER}).status_code == 403
    viewer = make_token(people, people.bob)
    assert post_edits(viewer, design.pk, {"edits": ADD_CONSUMER}).status_code == 403
    assert DesignRevision.objects.filter(design=design).count() == 1


def test_another_teams_design_is_not_found(people: People) -> None:
    design = save_design(people.membership(people.erin))
    stranger = make_token(people, people.carol, team=people.rivals)
    assert post_edits(stranger, design.pk, {"edits": ADD_CONSUMER}).status_code == 404


def test_the_openapi_spec_documents_the_edit_operations(db: Any) -> None:
    spec = Client().get("/api/openapi.json").json()
    operation = spec["paths"]["/api/designs/{design_id}/edits"]["post"]
    assert "422" in operation["responses"]
    schemas = spec["components"]["schemas"]
    ops = {ref["$ref"].rsplit("/", 1)[-1] for ref in schemas["EditOperation"]["oneOf"]}
    assert ops == {"EditAddComponent", "EditRemoveComponent", "EditRenameComponent", "EditUpdateComponent",
                   "EditConnect", "EditDisconnect"}
    assert schemas["EditsIn"]["properties"]["edits"]["items"] == {"$ref": "#/components/schemas/EditOperation"}
