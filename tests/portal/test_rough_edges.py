"""The rough edges a new user hit (issue 12 item 8), one test each: the policy page's labels, the deployment page's
order, badge and wording, a 403 page that explains, a targets page that shows only what the role can do, form
errors named as the form labels them, options that do not apply hidden, a favicon and the copy slips. The review
preview's width and the file tree's mark are measured in Chromium (tests/web/browser/test_diagram_in_chromium.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from apps.approvals import services as approvals
from apps.deployments import services as deployments
from apps.deployments.models import Deployment, Target
from apps.designs import services as design_services
from apps.designs.forms import words_for
from apps.designs.models import Design
from apps.policies import services as policy_services
from apps.teams.models import Role
from apps.teams.services import membership_add
from tests.portal.conftest import People, client_for, save_revision

STATIC = Path(__file__).resolve().parents[2] / "static"
CHANGES = [{"action": "Add", "logical_id": "Processor", "type": "AWS::Lambda::Function", "replacement": ""}]


@pytest.fixture
def zoe(people: People) -> User:
    user = User.objects.create_user("zoe", password="zoe-secret-1")
    membership_add(team=people.shop, user=user, role=Role.ADMIN)
    return user


@pytest.fixture
def prod(people: People) -> Target:
    return deployments.target_create(team=people.shop, name="prod", kind="role", environment="prod",
                                     role_arn="arn:aws:iam::123456789012:role/prod")


def _in_review(deployment: Deployment) -> Deployment:
    Deployment.objects.filter(pk=deployment.pk).update(status=Deployment.Status.REVIEW, changes=CHANGES)
    deployment.refresh_from_db()
    return deployment


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# ---------------------------------------------------------------- the policy page


def test_every_policy_input_has_its_own_label_and_its_own_line(people: People) -> None:
    html = _page(client_for(people.alice), reverse("policy-edit"))
    start = html.index('id="policy-form"')
    form = html[start:html.index("</form>", start)]

    controls = re.findall(r'<(?:input|select)\b[^>]*\bname="(?!csrf)[^"]+"[^>]*>', form)
    assert len(controls) >= 7
    for control in controls:
        found = re.search(r'\bid="([^"]+)"', control)
        assert found, f"no id, so no label can point at it: {control}"
        assert f'<label for="{found.group(1)}"' in form or f'for="{found.group(1)}"' in form, control
    assert 'class="stacked"' in form  # labels above their inputs, not flowing inline after them
    assert "<br>" not in form


# ---------------------------------------------------------------- the deployment page


def test_a_deployment_waiting_for_approval_shows_the_change_set_first_and_says_who_it_waits_for(
        people: People, design: Design, prod: Target) -> None:
    policy_services.policy_update(membership=people.membership(people.alice), data={"max_memory_mb": "4096"})
    deployment = _in_review(deployments.deployment_create(revision=design.current_revision, target=prod,
                                                          requested_by=people.alice))

    html = _page(client_for(people.alice), reverse("deployment-detail", args=[deployment.pk]))

    assert html.index('id="change-set"') < html.index('id="approval"') < html.index('id="policy-evidence"')
    badge = re.search(r'id="deployment-status">([^<]*)<', html)
    assert badge is not None
    assert badge.group(1) == "waiting for approval by an admin"
    assert "waiting for you" not in html
    evidence = html[html.index('id="policy-evidence"'):]
    assert evidence.count("<tr>") == 1 + 1  # the header and max-memory, the one rule the policy sets
    assert "not set</td>" not in evidence
    assert re.search(r'id="rules-not-set">Not set in the team.s policy: [a-z-]+(, [a-z-]+){4,}\.', evidence)


def test_an_approval_that_expired_after_it_was_given_says_approved_then_expired(
        people: People, design: Design, zoe: User, prod: Target) -> None:
    deployment = _in_review(deployments.deployment_create(revision=design.current_revision, target=prod,
                                                          requested_by=people.alice))
    approvals.approval_decide(approval=deployment.approval, decided_by=zoe, approve=True, comment="looks fine")
    save_revision(people.membership(people.erin), design, options={"source": "kinesis"})

    html = _page(client_for(people.alice), reverse("deployment-detail", args=[deployment.pk]))
    panel = html[html.index('id="approval"'):html.index("</section>", html.index('id="approval"'))]

    assert "Expired by" not in panel
    assert "Approved by zoe" in panel
    assert "<strong>Expired:</strong> the design changed after revision 1 was approved" in panel


# ---------------------------------------------------------------- refusals and roles


def test_a_refusal_is_a_page_that_says_why_and_leads_somewhere(people: People) -> None:
    response = client_for(people.bob).post(reverse("wizard-start"), {"start": "api"})

    assert response.status_code == 403
    html = response.content.decode()
    assert '<h1>You cannot do this</h1>' in html
    assert "Refused: your role in shop is viewer; editing needs editor or above" in html
    assert 'class="site-header"' in html  # the site's navigation, not a bare "403 Forbidden"
    assert f'href="{reverse("design-list")}"' in html
    assert f'href="{reverse("member-list")}"' in html


@pytest.mark.parametrize(
    ("who", "sees_form", "sees_check"),
    [("alice, an admin, adds, checks and removes targets", True, True),
     ("dave, a deployer, checks them only", False, True),
     ("erin, an editor, only reads the list", False, False)],
)
def test_the_targets_page_offers_only_what_the_role_can_do(people: People, who: str, sees_form: bool,
                                                          sees_check: bool) -> None:
    target = deployments.target_create(team=people.shop, name="dev", kind="role", environment="dev",
                                       role_arn="arn:aws:iam::123456789012:role/dev")
    user = {"alice": people.alice, "dave": people.dave, "erin": people.erin}[who.split(",")[0]]

    html = _page(client_for(user), reverse("target-list"))

    assert ("Add an AWS account" in html) is sees_form
    assert ('id="target-form"' in html) is sees_form
    assert (f'id="check-{target.pk}"' in html) is sees_check
    assert ("Remove</button>" in html) is sees_form
    if not sees_form:
        assert "a team admin adds and removes targets" in html


@pytest.mark.parametrize(
    ("who", "opens", "deploys"),
    [("bob, a viewer, reads and downloads only", False, False),
     ("erin, an editor, opens it in the wizard", True, False),
     ("dave, a deployer, also deploys it", True, True)],
)
def test_a_saved_design_offers_only_the_actions_the_role_allows(people: People, design: Design, who: str,
                                                                opens: bool, deploys: bool) -> None:
    user = {"bob": people.bob, "erin": people.erin, "dave": people.dave}[who.split(",")[0]]

    html = _page(client_for(user), reverse("design-detail", args=[design.pk]))

    assert 'id="download"' in html
    assert ('id="open-in-wizard"' in html) is opens
    assert ('id="deploy"' in html) is deploys
    assert ('id="role-note"' in html) is not opens


# ---------------------------------------------------------------- form errors in words


@pytest.mark.parametrize(
    ("path", "words"),
    [("connections[0].batching_window_s", "Connection 1 › Batching window (s)"),
     ("components[3] (router).memory_mb", "router › Memory (MB)"),
     ("memory_mb", "Memory (MB)"),
     ("consumers[1].timeout_s", "Consumer 2 › Timeout (s)"),
     ("requests_per_month", "Requests per month")],
)
def test_an_engine_path_is_named_as_the_form_labels_it(path: str, words: str) -> None:
    assert words_for(path) == words


def test_a_component_error_names_the_field_not_its_path_and_marks_it(people: People) -> None:
    membership = people.membership(people.alice)
    draft = design_services.draft_start(membership=membership, blueprint="event-processor")
    url = reverse("wizard-component", args=[draft.pk, "processor"])

    html = client_for(people.alice).post(url, {"memory_mb": "99999", "timeout_s": "30",
                                               "ephemeral_storage_mb": "512"}).content.decode()

    assert "Memory (MB): 99999 is out of range; allowed: 128 to 10240" in html
    assert "memory_mb:" not in html
    assert 'id="f-memory_mb" aria-invalid="true" aria-describedby="f-memory_mb-error"' in html
    assert 'id="f-memory_mb-error"' in html


# ---------------------------------------------------------------- options that do not apply


@pytest.mark.parametrize(
    ("blueprint", "options", "shown", "hidden"),
    [("event-processor", {"source": "sqs"}, {"batch_size", "max_concurrency"},
      {"starting_position", "parallelization_factor", "prefix", "suffix"}),
     ("event-processor", {"source": "kinesis"}, {"batch_size", "starting_position", "parallelization_factor"},
      {"max_concurrency", "prefix"}),
     ("event-processor", {"source": "s3"}, {"prefix", "suffix"},
      {"batch_size", "max_concurrency", "starting_position", "bisect_on_error"}),
     ("fan-out", {"channel": "sns"}, {"filter_scope"}, {"archive_retention_days"}),
     ("fan-out", {"channel": "eventbridge"}, {"archive_retention_days"}, {"filter_scope"}),
     ("workflow", {"trigger": "api"}, set(), {"schedule_expression"}),
     ("workflow", {"trigger": "schedule"}, {"schedule_expression"}, set())],
)
def test_a_form_hides_the_options_that_do_not_apply_to_the_choices_made(
        people: People, blueprint: str, options: dict[str, str], shown: set[str], hidden: set[str]) -> None:
    membership = people.membership(people.alice)
    draft = design_services.draft_start(membership=membership, blueprint=blueprint)
    outcome = design_services.draft_update_options(membership=membership, draft=draft, options=options)
    assert outcome.ok, outcome.problems

    html = _page(client_for(people.alice), reverse("wizard-options", args=[draft.pk]))

    for name in shown:
        assert re.search(rf'id="f-{name}-field">', html), f"{name} should show for {options}"
    for name in hidden:
        assert re.search(rf'id="f-{name}-field" hidden>', html), f"{name} should be hidden for {options}"
        assert f'name="{name}"' in html  # still posted: hiding loses nothing
    assert html.count(" hidden>") >= len(hidden)


def test_an_option_that_does_not_apply_but_has_an_error_stays_visible(people: People) -> None:
    draft = design_services.draft_start(membership=people.membership(people.alice), blueprint="event-processor")
    client = client_for(people.alice)
    form = _page(client, reverse("wizard-options", args=[draft.pk]))
    fields = dict(re.findall(r'name="([^"]+)"[^>]*?value="([^"]*)"', form))
    fields.update({"source": "kinesis", "max_concurrency": "5"})

    html = client.post(reverse("wizard-options", args=[draft.pk]), fields).content.decode()

    assert re.search(r'id="f-max_concurrency-field">', html)
    assert "Max concurrency: max_concurrency applies only to source" in html


# ---------------------------------------------------------------- favicon and copy


def test_every_page_links_a_favicon_that_is_served(people: People) -> None:
    html = _page(client_for(people.alice), reverse("design-list"))
    link = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', html)
    assert link is not None
    assert link.group(1).endswith("favicon.svg")
    assert (STATIC / "favicon.svg").read_text().startswith("<svg")


def test_the_copy_slips_are_gone(people: People) -> None:
    client = client_for(people.alice)
    start = _page(client, reverse("wizard-start"))
    assert "Start with HTTP API" in start
    assert "Start a http api" not in start.lower().replace("start with", "")

    draft = design_services.draft_start(membership=people.membership(people.alice), blueprint="event-processor")
    project = _page(client, reverse("wizard-project", args=[draft.pk]))
    assert "Add an environment" in project
    assert "Add a environment" not in project

    component = _page(client, reverse("wizard-component", args=[draft.pk, "processor"]))
    help_of_memory = component[component.index('id="f-memory_mb"'):]
    help_of_memory = help_of_memory[:help_of_memory.index("</p>")]
    assert "128-10240" in help_of_memory
    assert "128–10240" not in help_of_memory  # the range once, not twice


def test_the_audit_log_names_a_downloaded_draft_once(people: People) -> None:
    membership = people.membership(people.alice)
    draft = design_services.draft_start(membership=membership, blueprint="event-processor", name="shop")
    client = client_for(people.alice)
    assert client.get(reverse("wizard-download", args=[draft.pk])).status_code == 200

    html = _page(client, reverse("audit-list"))

    assert "draft shop" in html
    assert "draft draft" not in html
