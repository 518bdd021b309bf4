"""`POST /api/designs/import`: a template becomes a design with one first revision and a report; bad input is a
422 naming the place, and nothing is saved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.test import Client

from apps.designs.models import Design, DesignRevision
from generators.importing.writeback import render_imported_template
from generators.model.io import design_from_data
from tests.portal.conftest import People
from tests.portal.test_api import bearer, make_token

CORPUS = Path(__file__).parents[1] / "engine" / "importing" / "corpus"


def post_import(token: str, body: dict[str, Any]) -> Any:
    return Client().post("/api/designs/import", body, content_type="application/json", **bearer(token))


def test_a_template_becomes_a_design_with_a_first_revision_and_a_report(people: People) -> None:
    token = make_token(people, people.erin)
    text = (CORPUS / "sqs-consumer-sections.yaml").read_text()

    response = post_import(token, {"name": "jobs", "template": text, "source_name": "template.yaml"})

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["revision"] == 1
    assert {"kind": "triggers", "source": "JobsQueue", "target": "WorkerFunction",
            "where": "Resources.WorkerFunction.Events.Jobs"} in body["report"]["relationships"]["recovered"]
    revision = DesignRevision.objects.get(design_id=body["design"]["id"], number=1)
    assert render_imported_template(design_from_data(revision.document)) == text  # saved losslessly


def test_bad_templates_answer_422_naming_the_place_and_save_nothing(people: People) -> None:
    token = make_token(people, people.erin)
    before = Design.objects.count()
    cases = {
        "Resources:\n  A: [\n": "template: template.yaml:3:1",
        "Description: no resources\n": "template: template.yaml: Resources",
        "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n  Q:\n    Type: AWS::SNS::Topic\n": "template: template.yaml:4:3",
    }
    for text, place in cases.items():
        response = post_import(token, {"name": "broken", "template": text})
        assert response.status_code == 422, response.content
        assert place in str(response.json()), (text, response.json())
    big = post_import(token, {"name": "huge", "template": "#" * 5_000_000})
    assert big.status_code in (413, 422)
    assert Design.objects.count() == before
