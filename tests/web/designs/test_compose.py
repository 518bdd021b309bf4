"""The compose step: add, connect, rename, remove, disconnect, undo and redo, as a full page and as htmx
fragments; refusals next to the control with the typed values kept."""

from __future__ import annotations

import html
import re

from django.test import Client
from django.urls import reverse

from apps.designs import services
from apps.designs.models import Draft
from tests.web.designs.conftest import htmx


def url(draft: Draft) -> str:
    return reverse("wizard-compose", args=[draft.pk])


def design_of(draft: Draft):  # type: ignore[no-untyped-def]
    draft.refresh_from_db()
    workspace = services.draft_workspace(draft=draft)
    assert workspace.design is not None, workspace.problems
    return workspace.design


def test_the_page_lists_every_catalog_kind_and_the_components(alice_client: Client, draft: Draft) -> None:
    page = alice_client.get(url(draft)).content.decode()
    for label in ("Lambda function", "SQS queue", "Step Functions state machine", "Cognito user pool"):
        assert label in page
    assert 'data-name="processor"' in page
    assert "<script>" not in page  # CSP: no inline script


def test_add_asks_for_name_and_settings_with_defaults_then_adds(alice_client: Client, draft: Draft) -> None:
    form = alice_client.get(url(draft) + "?add=queue", **htmx("compose-area")).content.decode()
    assert 'id="compose-area"' in form
    assert 'name="s-visibility_timeout_s"' in form
    assert 'value="180"' in form

    fields = dict(re.findall(r'name="(s-[a-z_]+)"[^>]*value="([^"]*)"', form))
    fields.update({"action": "add", "kind": "queue", "name": "jobs", "_settings": "1", "s-visibility_timeout_s": "300",
                   "s-dlq": "on"})
    response = alice_client.post(url(draft), fields, **htmx("compose-area"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-name="jobs"' in page
    assert 'id="diagram-panel" class="panel" hx-swap-oob="true"' in page  # diagram, findings, cost in place
    assert "Jobs (AWS::SQS::Queue)" in page  # the change summary
    assert "component <code>jobs</code>" in page  # and the design-level change, as the compare page shows it
    assert design_of(draft).component("jobs").visibility_timeout_s == 300


def test_a_refused_add_is_shown_next_to_the_form_and_keeps_the_values(alice_client: Client, draft: Draft) -> None:
    form = alice_client.get(url(draft) + "?add=queue").content.decode()
    fields = dict(re.findall(r'name="(s-[a-z_]+)"[^>]*value="([^"]*)"', form))
    fields.update({"action": "add", "kind": "queue", "name": "jobs", "_settings": "1", "s-delay_s": "9999"})
    response = alice_client.post(url(draft), fields, **htmx("compose-area"))
    page = response.content.decode()
    assert 'id="add-form"' in page
    assert "Delay (s): 9999 is out of range" in page
    assert re.search(r'has-error" id="[^"]*delay_s-field"', page)
    assert "0 to 900" in page
    assert 'value="jobs"' in page
    assert 'value="9999"' in page
    assert "jobs" not in {c.name for c in design_of(draft).components}


def test_connect_offers_only_the_allowed_kinds_and_says_why_a_pair_cannot(alice_client: Client,
                                                                         draft: Draft) -> None:
    alice_client.post(url(draft), {"action": "add", "kind": "table", "name": "orders"})
    offered = alice_client.get(url(draft) + "?source=processor&target=orders").content.decode()
    assert 'data-kind="reads"' in offered
    assert 'data-kind="writes"' in offered
    assert 'data-kind="publishes"' not in offered
    impossible = alice_client.get(url(draft) + "?source=orders&target=input-queue").content.decode()
    assert "cannot connect to a" in impossible
    assert "connect-button" not in impossible

    response = alice_client.post(url(draft), {"action": "connect", "kind": "writes", "source": "processor",
                                              "target": "orders", "settings": ""})
    assert response.status_code == 302
    assert [c.kind for c in design_of(draft).outgoing("processor")] == ["writes"]


def test_a_refused_connection_says_why(alice_client: Client, draft: Draft) -> None:
    response = alice_client.post(url(draft), {"action": "connect", "kind": "reads", "source": "input-queue",
                                              "target": "processor"}, **htmx("compose-area"))
    assert "allowed for this pair: triggers" in response.content.decode()


def test_rename_remove_disconnect_undo_and_redo(alice_client: Client, draft: Draft) -> None:
    alice_client.post(url(draft), {"action": "add", "kind": "table", "name": "orders"})
    alice_client.post(url(draft), {"action": "connect", "kind": "writes", "source": "processor", "target": "orders"})
    alice_client.post(url(draft), {"action": "rename", "name": "orders", "new_name": "sales"})
    assert [c.target for c in design_of(draft).outgoing("processor")] == ["sales"]

    confirm = alice_client.get(url(draft) + "?remove=sales").content.decode()
    assert "processor -writes-&gt; sales" in confirm
    alice_client.post(url(draft), {"action": "disconnect", "kind": "writes", "source": "processor",
                                   "target": "sales"})
    assert design_of(draft).outgoing("processor") == []
    alice_client.post(url(draft), {"action": "remove", "name": "sales"})
    assert "sales" not in {c.name for c in design_of(draft).components}

    alice_client.post(url(draft), {"action": "undo"})
    assert "sales" in {c.name for c in design_of(draft).components}
    alice_client.post(url(draft), {"action": "undo"})
    assert [c.target for c in design_of(draft).outgoing("processor")] == ["sales"]
    alice_client.post(url(draft), {"action": "redo"})
    assert design_of(draft).outgoing("processor") == []
    page = alice_client.get(url(draft)).content.decode()
    assert "disconnect processor -writes-&gt; sales" in page


def test_a_viewer_cannot_compose(bob: object, draft: Draft) -> None:
    from django.contrib.auth.models import User

    client = Client()
    client.force_login(User.objects.get(username="bob"))
    response = client.post(url(draft), {"action": "add", "kind": "queue", "name": "jobs"})
    assert response.status_code in (403, 404)


def test_a_blank_design_starts_empty_says_why_it_cannot_render_and_grows_by_composing(alice_client: Client) -> None:
    start = alice_client.get(reverse("wizard-start")).content.decode()
    assert "Blank design" in start
    response = alice_client.post(reverse("wizard-start"), {"blueprint": "blank"})
    draft = Draft.objects.get()
    assert response["Location"] == url(draft)
    page = alice_client.get(url(draft)).content.decode()
    assert "This design has no component yet" in page
    review = alice_client.get(reverse("wizard-review", args=[draft.pk]))
    assert review.status_code == 200
    assert "a blank design has no component yet" in review.content.decode()
    assert alice_client.get(reverse("wizard-download", args=[draft.pk])).status_code == 404

    alice_client.post(url(draft), {"action": "add", "kind": "function", "name": "hello"})
    assert [c.name for c in design_of(draft).components] == ["hello"]
    zipped = alice_client.get(reverse("wizard-download", args=[draft.pk]))
    assert zipped.status_code == 200
    alice_client.post(url(draft), {"action": "undo"})
    assert "This design has no component yet" in alice_client.get(url(draft)).content.decode()


def test_connecting_a_user_pool_to_an_api_sets_its_auth_and_disconnecting_resets_it(alice_client: Client,
                                                                                   draft: Draft) -> None:
    alice_client.post(url(draft), {"action": "add", "kind": "http_api", "name": "api"})
    alice_client.post(url(draft), {"action": "add", "kind": "user_pool", "name": "pool"})
    alice_client.post(url(draft), {"action": "connect", "kind": "authorizes", "source": "pool", "target": "api"})
    assert design_of(draft).component("api").auth == "jwt"  # type: ignore[union-attr]
    alice_client.post(url(draft), {"action": "disconnect", "kind": "authorizes", "source": "pool", "target": "api"})
    assert design_of(draft).component("api").auth == "none"  # type: ignore[union-attr]


def test_every_page_loads_the_compose_script_from_a_file_in_the_head(alice_client: Client, draft: Draft) -> None:
    page = alice_client.get(url(draft)).content.decode()
    head = page.split("</head>")[0]  # htmx runs no script it swaps in (allowScriptTags false): the head has it
    assert re.search(r'<script src="/static/js/compose\.js', head)


def test_compose_edits_that_no_longer_apply_after_an_option_change_are_named(alice_client: Client,
                                                                            draft: Draft) -> None:
    from apps.designs.models import Draft as DraftRow
    from apps.teams.models import Membership

    alice_client.post(url(draft), {"action": "add", "kind": "topic", "name": "alerts"})
    alice_client.post(url(draft), {"action": "connect", "kind": "publishes", "source": "processor",
                                   "target": "input-queue"})
    alice_client.post(url(draft), {"action": "connect", "kind": "publishes", "source": "processor",
                                   "target": "alerts"})
    draft = DraftRow.objects.get(pk=draft.pk)
    membership = Membership.objects.get(team=draft.team, user=draft.created_by)
    outcome = services.draft_update_options(membership=membership, draft=draft, options={"source": "kinesis"})
    assert outcome.ok, outcome.problems
    workspace = services.draft_workspace(draft=draft)
    assert workspace.design is not None
    assert "alerts" in {c.name for c in workspace.design.components}  # the edits that still apply are kept
    assert [c.target for c in workspace.design.outgoing("processor", "publishes")] == ["alerts"]
    assert any("connect processor -publishes-> input-queue no longer applies" in s for s in workspace.stale)


def test_connect_settings_are_typed_fields_for_the_source_kind_with_patterns_as_json(alice_client: Client,
                                                                                   draft: Draft) -> None:
    alice_client.post(url(draft), {"action": "add", "kind": "function", "name": "auditor"})
    alice_client.post(url(draft), {"action": "add", "kind": "event_bus", "name": "events"})
    queue = alice_client.get(url(draft) + "?source=input-queue&target=auditor").content.decode()
    assert 'name="k-triggers-batch_size"' in queue  # SQS settings, typed
    assert 'name="k-triggers-max_concurrency"' in queue
    assert 'name="k-triggers-starting_position"' not in queue  # a stream's, not a queue's
    assert 'name="k-triggers-filter_patterns"' in queue  # ESM filter criteria, as JSON
    assert "Settings (JSON)" not in queue
    bus = alice_client.get(url(draft) + "?source=events&target=auditor").content.decode()
    assert 'name="k-triggers-event_pattern"' in bus
    assert "auditor.requested" in bus  # the pattern a rule needs, prefilled
    assert 'name="k-triggers-batch_size"' not in bus

    refused = alice_client.post(url(draft), {"action": "connect", "kind": "triggers", "source": "input-queue",
                                             "target": "auditor", "k-triggers-batch_size": "ten",
                                             "k-triggers-filter_patterns": "{not json"}, **htmx("compose-area"))
    page = refused.content.decode()
    assert "check the settings marked below" in page
    assert re.search(r'has-error" id="f-k-triggers-batch_size-field"', page)
    assert "Filter patterns (JSON)" in page
    assert "not valid JSON" in page
    assert 'value="ten"' in page  # what was typed stays
    assert "{not json" in page
    assert not design_of(draft).incoming("auditor")

    out_of_range = alice_client.post(url(draft), {"action": "connect", "kind": "triggers", "source": "input-queue",
                                                  "target": "auditor", "k-triggers-batch_size": "0"},
                                     **htmx("compose-area")).content.decode()
    assert "Batch size: 0 is out of range" in html.unescape(out_of_range)  # the engine's check, in the form's words
    assert 'id="connect-chooser"' in out_of_range
    assert not design_of(draft).incoming("auditor")

    done = alice_client.post(url(draft), {"action": "connect", "kind": "triggers", "source": "input-queue",
                                          "target": "auditor", "k-triggers-batch_size": "10",
                                          "k-triggers-filter_patterns": '[{"body": {"type": ["order"]}}]'})
    assert done.status_code == 302
    (trigger,) = design_of(draft).incoming("auditor")
    assert trigger.batch_size == 10
    assert trigger.filter_patterns == [{"body": {"type": ["order"]}}]


def test_a_route_is_connected_with_its_method_and_path_fields(alice_client: Client, draft: Draft) -> None:
    alice_client.post(url(draft), {"action": "add", "kind": "http_api", "name": "api"})
    alice_client.post(url(draft), {"action": "add", "kind": "function", "name": "front"})
    offered = alice_client.get(url(draft) + "?source=api&target=front").content.decode()
    assert re.search(r'<select name="k-routes-method"', offered)
    assert 'name="k-routes-path" id="f-k-routes-path" value="/front"' in offered
    alice_client.post(url(draft), {"action": "connect", "kind": "routes", "source": "api", "target": "front",
                                   "k-routes-method": "POST", "k-routes-path": "/orders"})
    (route,) = design_of(draft).incoming("front", "routes")
    assert (route.method, route.path) == ("POST", "/orders")
