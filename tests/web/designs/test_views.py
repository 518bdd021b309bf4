"""Every wizard and design view, as a full page and as an htmx fragment, with valid and invalid input."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from apps.designs import services
from apps.designs.models import Design, DesignRevision, Draft
from apps.teams.models import Membership
from tests.web.designs.conftest import HTMX, htmx

pytestmark = pytest.mark.django_db

EVENT_PROCESSOR_FORM = {
    "source": "sqs", "batch_size": "", "batching_window_s": "0", "max_concurrency": "",
    "report_batch_item_failures": "on", "starting_position": "", "bisect_on_error": "on", "max_retry_attempts": "3",
    "parallelization_factor": "1", "on_failure_dlq": "on", "prefix": "uploads/", "suffix": "", "memory_mb": "512",
    "timeout_s": "30",
}
PROJECT_FORM = {
    "name": "orders", "description": "", "language": "python", "iac": "sam", "region": "eu-west-1",
    "architecture": "arm64", "environments-count": "2", "environments-0-name": "dev",
    "environments-0-log_retention_days": "7", "environments-0-log_level": "DEBUG", "environments-1-name": "prod",
    "environments-1-log_retention_days": "90", "environments-1-log_level": "WARN", "tags": "team=payments",
}


def _page(response: Any) -> str:
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


def _is_fragment(html: str) -> bool:
    return "<html" not in html and "<body" not in html


# ---------------------------------------------------------------- sign-in


@pytest.mark.parametrize("url", ["/", "/designs/", "/designs/new/", "/designs/1/", "/admin/"])
def test_every_page_but_sign_in_and_healthz_sends_anonymous_visitors_to_sign_in(client: Client, url: str) -> None:
    response = client.get(url)

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_healthz_and_the_sign_in_page_need_no_session(client: Client) -> None:
    health = client.get("/healthz")
    assert health.status_code in (200, 503)  # 503 only says a dependency (worker, sandbox) is down
    assert health["Content-Type"] == "application/json"
    assert client.get("/accounts/login/").status_code == 200


def test_signing_in_with_the_right_password_opens_the_home_page(client: Client, alice: User, shop: Any) -> None:
    response = client.post("/accounts/login/", {"username": "alice", "password": "alice-secret-1"}, follow=True)

    page = _page(response)
    assert "alice" in page
    assert "shop" in page


def test_signing_in_with_a_wrong_password_says_so(client: Client, alice: User) -> None:
    page = _page(client.post("/accounts/login/", {"username": "alice", "password": "nope"}))

    assert "did not match" in page


def test_a_user_in_two_teams_switches_between_them(alice_client: Client, alice: User, carol: User) -> None:
    from apps.teams.models import Team
    from apps.teams.services import membership_add

    rivals = Team.objects.get(name="rivals")
    membership_add(team=rivals, user=alice, role="editor")

    alice_client.post("/teams/switch", {"team": str(rivals.pk), "next": "/designs/"})

    assert "Designs of rivals" in _page(alice_client.get("/designs/"))


def test_switching_to_a_team_one_is_not_in_changes_nothing(alice_client: Client, carol: User) -> None:
    from apps.teams.models import Team

    alice_client.post("/teams/switch", {"team": str(Team.objects.get(name="rivals").pk)})

    assert "Designs of shop" in _page(alice_client.get("/designs/"))


# ---------------------------------------------------------------- step 1


def test_step_1_shows_five_type_cards_each_with_a_tiny_diagram(alice_client: Client) -> None:
    page = _page(alice_client.get("/designs/new/"))

    for name in ("api", "event-processor", "fan-out", "workflow", "scheduled-job"):
        assert f'data-type="{name}"' in page
    assert page.count("<svg") == 5


def test_choosing_a_type_starts_a_draft_and_opens_its_options(alice_client: Client) -> None:
    response = alice_client.post("/designs/new/", {"blueprint": "fan-out"})

    draft = Draft.objects.get()
    assert response["Location"] == reverse("wizard-options", args=[draft.pk])
    assert draft.blueprint == "fan-out"


def test_an_unknown_type_is_refused_with_the_allowed_ones(alice_client: Client) -> None:
    page = _page(alice_client.post("/designs/new/", {"blueprint": "monolith"}, follow=True))

    assert "unknown project type &#x27;monolith&#x27;; allowed: api, event-processor" in page
    assert not Draft.objects.exists()


# ---------------------------------------------------------------- step 2


def test_the_options_page_is_built_from_the_blueprint_options_model(alice_client: Client, draft: Draft) -> None:
    page = _page(alice_client.get(f"/drafts/{draft.pk}/options"))

    assert 'name="memory_mb"' in page
    assert 'min="128" max="10240"' in page
    assert "Records per batch" in page  # help text
    assert '<option value="kinesis">' in page
    assert 'id="diagram-panel"' in page
    assert 'id="findings-panel"' in page
    assert 'id="cost-panel"' in page


def test_the_workflow_options_offer_the_durable_function_engine_with_its_settings(alice_client: Client,
                                                                                   membership: Membership) -> None:
    draft = services.draft_start(membership=membership, blueprint="workflow")
    page = _page(alice_client.get(f"/drafts/{draft.pk}/options"))

    assert '<option value="durable-function">' in page
    for name in ("engine", "execution_timeout_s", "retention_days"):
        assert f'name="{name}"' in page
    assert "Python 3.13" in page  # the engine's help text


def test_as_an_htmx_fragment_the_options_form_comes_with_out_of_band_panels(alice_client: Client,
                                                                             draft: Draft) -> None:
    html = _page(alice_client.post(f"/drafts/{draft.pk}/options", {**EVENT_PROCESSOR_FORM, "source": "kinesis"},
                                   **htmx("options-form")))

    assert _is_fragment(html)
    assert html.lstrip().startswith('<form id="options-form"')
    assert 'id="diagram-panel" class="panel" hx-swap-oob="true"' in html
    assert "input-stream" in html  # the diagram now shows the Kinesis stream
    draft.refresh_from_db()
    assert draft.options["source"] == "kinesis"


def test_a_valid_post_without_javascript_redirects_back_to_the_step(alice_client: Client, draft: Draft) -> None:
    response = alice_client.post(f"/drafts/{draft.pk}/options", {**EVENT_PROCESSOR_FORM, "memory_mb": "1024"})

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.options["memory_mb"] == 1024


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("memory_mb", "99999", "Memory (MB): 99999 is out of range; allowed: 128 to 10240"),
        ("memory_mb", "lots", "Memory (MB): &#x27;lots&#x27; is not a whole number; allowed: 128 to 10240"),
        ("source", "ftp", "Source: &#x27;ftp&#x27; is not allowed; choose one of sqs, dynamodb-stream, kinesis, s3"),
        ("batching_window_s", "301", "Batching window (s): 301 is out of range; allowed: 0 to 300"),
    ],
)
def test_a_bad_value_shows_an_inline_error_naming_the_field_and_the_allowed_values_and_keeps_the_draft(
    alice_client: Client, draft: Draft, field: str, value: str, message: str
) -> None:
    before = dict(draft.options)

    html = _page(alice_client.post(f"/drafts/{draft.pk}/options", {**EVENT_PROCESSOR_FORM, field: value},
                                   **htmx("options-form")))

    assert message in html  # the field as the form labels it, not its internal path
    assert f'id="f-{field}" aria-invalid="true" aria-describedby="f-{field}-error"' in html  # the field is marked
    assert f'value="{value}"' in html or f'<option value="{value}"' not in html  # what was typed stays visible
    draft.refresh_from_db()
    assert draft.options == before


def test_a_rule_across_options_is_reported_on_the_option(alice_client: Client, draft: Draft) -> None:
    html = _page(alice_client.post(f"/drafts/{draft.pk}/options",
                                   {**EVENT_PROCESSOR_FORM, "source": "kinesis", "max_concurrency": "5"}))

    assert "Max concurrency: max_concurrency applies only to source &#x27;sqs&#x27;" in html


def test_rows_are_added_and_removed_without_javascript(alice_client: Client, membership: Membership) -> None:
    draft = services.draft_start(membership=membership, blueprint="fan-out")
    form = {"channel": "sns", "filter_scope": "message-attributes", "archive_retention_days": "",
            "publisher": "function", "consumers-count": "2",
            "consumers-0-name": "billing", "consumers-0-event_types": "order.created", "consumers-0-memory_mb": "512",
            "consumers-0-timeout_s": "30", "consumers-1-name": "shipping", "consumers-1-event_types": "order.created",
            "consumers-1-memory_mb": "512", "consumers-1-timeout_s": "30"}

    added = _page(alice_client.post(f"/drafts/{draft.pk}/options", {**form, "_add": "consumers"}))
    assert 'name="consumers-2-name" id="f-consumers-2-name" value="consumer3"' in added
    draft.refresh_from_db()
    assert [c["name"] for c in draft.options["consumers"]] == ["billing", "shipping", "consumer3"]

    _page(alice_client.post(f"/drafts/{draft.pk}/options", {**form, "_remove": "consumers-0"}))
    draft.refresh_from_db()
    assert [c["name"] for c in draft.options["consumers"]] == ["shipping"]


def test_next_goes_to_project_settings_with_an_htmx_location_and_no_reload(alice_client: Client,
                                                                            draft: Draft) -> None:
    response = alice_client.post(f"/drafts/{draft.pk}/options",
                                 {**EVENT_PROCESSOR_FORM, "_next": f"/drafts/{draft.pk}/project"},
                                 **htmx("options-form"))

    assert response.status_code == 200
    assert f"/drafts/{draft.pk}/project" in response["HX-Location"]


# ---------------------------------------------------------------- step 3


def test_the_project_page_offers_language_iac_region_architecture_and_environments(alice_client: Client,
                                                                                     draft: Draft) -> None:
    page = _page(alice_client.get(f"/drafts/{draft.pk}/project"))

    for name in ("language", "iac", "region", "architecture", "environments-0-log_retention_days", "tags"):
        assert f'name="{name}"' in page
    assert '<option value="eu-central-1">' in page


def test_project_settings_are_stored_and_the_fragment_is_the_form(alice_client: Client, draft: Draft) -> None:
    html = _page(alice_client.post(f"/drafts/{draft.pk}/project", PROJECT_FORM, **htmx("project-form")))

    assert html.lstrip().startswith('<form id="project-form"')
    draft.refresh_from_db()
    assert draft.project["region"] == "eu-west-1"
    assert draft.project["tags"] == {"team": "payments"}
    assert [e["name"] for e in draft.project["environments"]] == ["dev", "prod"]


def test_a_bad_project_name_names_the_rule(alice_client: Client, draft: Draft) -> None:
    html = _page(alice_client.post(f"/drafts/{draft.pk}/project", {**PROJECT_FORM, "name": "Orders API!"}))

    assert "Name: &#x27;Orders API!&#x27; is not a valid name; use 1-40 characters: lowercase letters" in html
    draft.refresh_from_db()
    assert draft.project == {"name": "my-processor"}


def test_a_target_that_is_not_available_yet_is_a_clear_message_not_an_error_page(alice_client: Client,
                                                                                  draft: Draft) -> None:
    alice_client.post(f"/drafts/{draft.pk}/project", {**PROJECT_FORM, "iac": "cdk", "language": "typescript"})

    page = _page(alice_client.get(f"/drafts/{draft.pk}/review"))

    draft.refresh_from_db()
    assert draft.project["iac"] == "cdk"
    if 'id="unsupported"' in page:  # until the CDK renderers land
        assert "is not available yet" in page
    else:
        assert 'id="download"' in page


# ---------------------------------------------------------------- components


def test_the_component_list_and_a_component_editor_as_page_and_fragment(alice_client: Client, draft: Draft) -> None:
    listing = _page(alice_client.get(f"/drafts/{draft.pk}/components"))
    assert "processor" in listing
    fragment = _page(alice_client.get(f"/drafts/{draft.pk}/components", **htmx("component-list")))
    assert fragment.lstrip().startswith('<div id="component-list"')

    page = _page(alice_client.get(f"/drafts/{draft.pk}/components/processor"))
    assert 'name="memory_mb"' in page
    assert "Trigger from <code>input-queue</code>" in page
    editor = _page(alice_client.get(f"/drafts/{draft.pk}/components/processor", **htmx("component-editor")))
    assert editor.lstrip().startswith('<section id="component-editor"')


def test_editing_a_component_keeps_only_the_changed_settings_and_survives_option_changes(
    alice_client: Client, draft: Draft
) -> None:
    component_form = {"description": "Processes messages", "memory_mb": "2048", "timeout_s": "30",
                      "ephemeral_storage_mb": "512", "architecture": "", "reserved_concurrency": "", "tracing": "on",
                      "environment": "", "provisioned_concurrency": "", "snap_start": ""}
    html = _page(alice_client.post(f"/drafts/{draft.pk}/components/processor", component_form,
                                   **htmx("component-editor")))
    assert 'hx-swap-oob="true"' in html
    draft.refresh_from_db()
    assert draft.edits == [{"op": "set", "component": "processor",
                            "values": {"memory_mb": 2048, "description": "Processes messages"}}]

    alice_client.post(f"/drafts/{draft.pk}/options", {**EVENT_PROCESSOR_FORM, "timeout_s": "60"})

    design = services.draft_workspace(draft=Draft.objects.get(pk=draft.pk)).design
    assert design is not None
    processor = design.component("processor")
    assert (processor.memory_mb, processor.timeout_s) == (2048, 60)  # type: ignore[union-attr]


def test_a_bad_component_setting_is_refused_with_the_range(alice_client: Client, draft: Draft) -> None:
    html = _page(alice_client.post(f"/drafts/{draft.pk}/components/processor",
                                   {"memory_mb": "64", "timeout_s": "30", "ephemeral_storage_mb": "512"}))

    assert "64 is out of range; allowed: 128 to 10240" in html
    draft.refresh_from_db()
    assert draft.edits == []


def test_a_trigger_batch_size_is_edited_on_its_target(alice_client: Client, draft: Draft) -> None:
    form = {"_connection": "triggers|input-queue|processor", "c-batch_size": "10", "c-batching_window_s": "5",
            "c-max_concurrency": "", "c-report_batch_item_failures": "True"}

    _page(alice_client.post(f"/drafts/{draft.pk}/components/processor", {**form, "c-batch_size": "50"},
                            follow=True))

    design = services.draft_workspace(draft=Draft.objects.get(pk=draft.pk)).design
    assert design is not None
    assert design.triggers_from("input-queue")[0].batch_size == 50


def test_an_unknown_component_is_a_404(alice_client: Client, draft: Draft) -> None:
    assert alice_client.get(f"/drafts/{draft.pk}/components/nothing").status_code == 404


# ---------------------------------------------------------------- findings, fixes, cost


def test_a_fix_button_applies_the_fix_and_the_panels_come_back_out_of_band(alice_client: Client,
                                                                            draft: Draft) -> None:
    alice_client.post(f"/drafts/{draft.pk}/project", {**PROJECT_FORM, "architecture": "x86_64"})
    page = _page(alice_client.get(f"/drafts/{draft.pk}/review"))
    assert 'data-rule="FN-07"' in page

    html = _page(alice_client.post(f"/drafts/{draft.pk}/fix", {"rule": "FN-07", "component": "processor",
                                                                "path": "components[1]", "step": "review"}, **HTMX))

    assert 'id="findings-panel" class="panel" hx-swap-oob="true"' in html
    assert 'data-rule="FN-07"' not in html
    assert "Applied the fix for FN-07" in html
    design = services.draft_workspace(draft=Draft.objects.get(pk=draft.pk)).design
    assert design is not None
    assert design.component("processor").architecture == "arm64"  # type: ignore[union-attr]


def test_a_fix_that_no_longer_applies_says_so_without_javascript(alice_client: Client, draft: Draft) -> None:
    response = alice_client.post(f"/drafts/{draft.pk}/fix", {"rule": "FN-07", "component": "processor",
                                                             "next": f"/drafts/{draft.pk}/options"}, follow=True)

    page = _page(response)
    assert "could not be applied" in page
    assert Draft.objects.get(pk=draft.pk).edits == []


def test_the_cost_panel_follows_the_traffic_assumption(alice_client: Client, draft: Draft) -> None:
    html = _page(alice_client.post(f"/drafts/{draft.pk}/traffic", {"requests_per_month": "5000000"}, **HTMX))
    assert 'id="cost-panel" class="panel" hx-swap-oob="true"' in html
    assert 'value="5000000"' in html

    bad = _page(alice_client.post(f"/drafts/{draft.pk}/traffic", {"requests_per_month": "many"}, **HTMX))
    assert "Requests per month: &#x27;many&#x27; is not a number; allowed: 0 to 1e13" in bad
    assert Draft.objects.get(pk=draft.pk).requests_per_month == 5_000_000


# ---------------------------------------------------------------- review, preview, download, save


def test_the_review_page_lists_the_files_and_previews_one_highlighted(alice_client: Client, draft: Draft) -> None:
    page = _page(alice_client.get(f"/drafts/{draft.pk}/review?file=template.yaml"))

    assert "template.yaml" in page
    assert 'class="highlight"' in page
    assert 'id="save-form"' in page

    fragment = _page(alice_client.get(f"/drafts/{draft.pk}/files/README.md", **htmx("file-preview")))
    assert fragment.lstrip().startswith('<section id="file-preview"')
    assert "README.md" in fragment


def test_a_preview_without_javascript_goes_to_the_review_page(alice_client: Client, draft: Draft) -> None:
    response = alice_client.get(f"/drafts/{draft.pk}/files/README.md")

    assert response.status_code == 302
    assert response["Location"].endswith("review?file=README.md")
    assert alice_client.get(f"/drafts/{draft.pk}/files/nope.txt").status_code == 404


def test_the_zip_download_holds_the_project_with_its_architecture_diagram(alice_client: Client,
                                                                           draft: Draft) -> None:
    response = alice_client.get(f"/drafts/{draft.pk}/download.zip")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "my-processor/template.yaml" in names
    assert "my-processor/README.md" in names


def test_saving_makes_a_design_with_revision_1_then_revision_2(alice_client: Client, draft: Draft) -> None:
    response = alice_client.post(f"/drafts/{draft.pk}/review", {"name": "importer", "message": "first cut"})
    design = Design.objects.get()
    assert response["Location"] == reverse("design-detail", args=[design.pk])

    alice_client.post(f"/drafts/{draft.pk}/options", {**EVENT_PROCESSOR_FORM, "memory_mb": "1024"})
    alice_client.post(f"/drafts/{draft.pk}/review", {"name": "importer", "message": ""}, **htmx("save-form"))

    revisions = list(DesignRevision.objects.order_by("number"))
    assert [r.number for r in revisions] == [1, 2]
    assert revisions[0].message == "first cut"
    assert revisions[1].document["components"][1]["memory_mb"] == 1024
    assert Design.objects.get().current_revision == revisions[1]


def test_saving_under_a_name_the_team_uses_already_is_refused_on_the_name(alice_client: Client, draft: Draft,
                                                                         saved_design: Design,
                                                                         membership: Membership) -> None:
    other = services.draft_start(membership=membership, blueprint="api")

    html = _page(alice_client.post(f"/drafts/{other.pk}/review", {"name": saved_design.name}, **htmx("save-form")))

    assert html.lstrip().startswith('<form id="save-form"')
    assert "the team already has a design named &#x27;orders-importer&#x27;" in html
    assert Design.objects.count() == 1


# ---------------------------------------------------------------- saved designs


def test_the_design_list_as_page_and_fragment(alice_client: Client, saved_design: Design) -> None:
    assert "orders-importer" in _page(alice_client.get("/designs/"))
    fragment = _page(alice_client.get("/designs/", **htmx("design-list")))
    assert fragment.lstrip().startswith('<div id="design-list"')


def test_a_design_page_shows_its_revision_diagram_findings_files_and_actions(alice_client: Client,
                                                                            saved_design: Design) -> None:
    page = _page(alice_client.get(f"/designs/{saved_design.pk}/"))

    assert 'id="revision-actions"' in page
    assert "<svg" in page
    assert "template.yaml" in page
    fragment = _page(alice_client.get(f"/designs/{saved_design.pk}/revisions/1/", **htmx("revision-panel")))
    assert fragment.lstrip().startswith('<div id="revision-panel"')
    preview = _page(alice_client.get(f"/designs/{saved_design.pk}/revisions/1/files/template.yaml",
                                     **htmx("file-preview")))
    assert "AWS::Serverless" in preview


def test_a_saved_revision_downloads_as_a_zip(alice_client: Client, saved_design: Design) -> None:
    response = alice_client.get(f"/designs/{saved_design.pk}/revisions/1/download.zip")

    assert response.status_code == 200
    assert zipfile.ZipFile(io.BytesIO(response.content)).testzip() is None


def test_opening_a_design_reopens_the_wizard_at_its_current_state(alice_client: Client, saved_design: Design) -> None:
    response = alice_client.post(f"/designs/{saved_design.pk}/open")

    draft = Draft.objects.exclude(pk__in=[]).order_by("-created_at").first()
    assert draft is not None
    assert response["Location"] == reverse("wizard-review", args=[draft.pk])
    assert draft.design == saved_design
    assert draft.blueprint == "event-processor"
    page = _page(alice_client.get(response["Location"]))
    assert "Save as a new revision" in page


def test_unknown_revisions_are_404(alice_client: Client, saved_design: Design) -> None:
    assert alice_client.get(f"/designs/{saved_design.pk}/revisions/9/").status_code == 404
    assert alice_client.get(f"/designs/{saved_design.pk + 1}/").status_code == 404
