"""/designs/import/: upload or paste a template, get a design with a first revision and the report; bad input is
shown on the page and saves nothing; viewers cannot import."""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from apps.designs.models import Design
from tests.web.designs.conftest import client_for

CORPUS = Path(__file__).parents[2] / "engine" / "importing" / "corpus"


def test_the_designs_list_links_to_the_import_page(alice_client: Client) -> None:
    assert "/designs/import/" in alice_client.get("/designs/").content.decode()
    page = alice_client.get("/designs/import/")
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.content.decode()


def test_an_uploaded_template_becomes_a_design_and_the_page_shows_the_report(alice_client: Client) -> None:
    text = (CORPUS / "api-table.yaml").read_bytes()
    response = alice_client.post("/designs/import/", {
        "name": "orders", "file": SimpleUploadedFile("template.yaml", text, content_type="application/x-yaml")})
    page = response.content.decode()
    assert response.status_code == 201, page
    assert "OrdersApi —routes→ GetOrderFunction" in page
    design = Design.objects.get(name="orders")
    assert design.current_revision is not None
    assert design.current_revision.number == 1
    detail = alice_client.get(f"/designs/{design.pk}/?file=template.yaml")
    assert detail.status_code == 200  # the imported design opens like any other, its template shown
    assert "GetOrderFunction" in detail.content.decode()


def test_a_pasted_invalid_template_is_refused_naming_the_line_and_nothing_is_saved(alice_client: Client) -> None:
    before = Design.objects.count()
    response = alice_client.post("/designs/import/", {"name": "broken", "text": "Resources:\n  A: [\n"})
    assert response.status_code == 422
    assert "template.yaml:3:1" in response.content.decode()
    assert Design.objects.count() == before


def test_a_viewer_cannot_import(bob) -> None:  # type: ignore[no-untyped-def]
    response = client_for(bob).post("/designs/import/", {
        "name": "sneaky", "text": (CORPUS / "sqs-consumer.yaml").read_text()})
    assert response.status_code == 403
    assert not Design.objects.filter(name="sneaky").exists()


def test_an_imported_design_opens_in_the_wizard_and_an_added_component_is_saved(alice_client: Client) -> None:
    text = (CORPUS / "sqs-consumer.yaml").read_text()
    alice_client.post("/designs/import/", {"name": "jobs", "text": text})
    design = Design.objects.get(name="jobs")
    review = alice_client.post(f"/designs/{design.pk}/open", follow=True)
    assert review.status_code == 200
    draft_url = review.redirect_chain[-1][0].rsplit("/", 1)[0]
    added = alice_client.post(f"{draft_url}/compose", {"action": "add", "kind": "topic", "name": "done"})
    assert added.status_code in (200, 302), added.content.decode()[:500]
    from apps.designs.models import Draft

    draft = Draft.objects.get(pk=draft_url.rstrip("/").rsplit("/", 1)[-1])
    from apps.designs import services

    workspace = services.draft_workspace(draft=draft)
    assert workspace.design is not None
    assert workspace.design.imported is not None  # the imported section survives the wizard
    assert "done" in [c.name for c in workspace.design.components]
