"""The deploy pages: each view as a full page and as its htmx fragment, the whole browser path (deploy, review,
confirm, watch, outputs, delete stack), and who may do what (alice admin, dave deployer, bob viewer, carol in
another team)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from apps.deployments import services
from apps.deployments.models import Deployment, Target
from apps.designs.models import DesignRevision
from apps.teams.models import Membership, Role, Team
from tests.deployments.conftest import RevisionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore:Tried to parse AWS::")]

Status = Deployment.Status
HTMX = {"HTTP_HX_REQUEST": "true"}


def _member(team: Team, name: str, role: str) -> Client:
    user = get_user_model().objects.create_user(username=name, password="x")
    Membership.objects.create(team=team, user=user, role=role)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def as_alice(alice: Any, team: Team) -> Client:
    client = Client()
    client.force_login(alice)
    return client


@pytest.fixture
def as_dave(team: Team) -> Client:
    return _member(team, "dave", Role.DEPLOYER)


@pytest.fixture
def as_bob(team: Team) -> Client:
    return _member(team, "bob", Role.VIEWER)


@pytest.fixture
def as_carol(db: None) -> Client:
    return _member(Team.objects.create(name="Elsewhere"), "carol", Role.ADMIN)


@pytest.fixture
def revision(saved_revision: RevisionFactory) -> DesignRevision:
    return saved_revision("event-processor")


def _deploy_url(revision: DesignRevision) -> str:
    return reverse("deploy-start", args=[revision.design_id, revision.number])


def _run(deployment_id: int) -> Deployment:
    services.deployment_run(deployment_id=deployment_id)
    return Deployment.objects.get(pk=deployment_id)


# ---------------------------------------------------------------------------------------------- the whole path
def test_deploy_watch_see_outputs_and_delete_the_stack_in_the_browser(
        as_alice: Client, revision: DesignRevision, sandbox_target: Target,
        django_capture_on_commit_callbacks: Any) -> None:
    page = as_alice.get(reverse("revision-detail", args=[revision.design_id, revision.number]))
    assert _deploy_url(revision) in page.content.decode()

    with django_capture_on_commit_callbacks() as queued:
        response = as_alice.post(_deploy_url(revision), {"target": sandbox_target.pk})
    deployment = Deployment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("deployment-detail", args=[deployment.pk])
    assert len(queued) == 1  # the worker's task, sent once the transaction committed

    progress = as_alice.get(response["Location"], HTTP_HX_TARGET="deployment-progress", **HTMX)
    assert 'hx-trigger="every 1s"' in progress.content.decode()  # queued: the page keeps polling

    _run(deployment.pk)
    review = as_alice.get(response["Location"], HTTP_HX_TARGET="deployment-progress", **HTMX).content.decode()
    assert "hx-trigger" not in review  # waiting for the user: polling stops
    assert 'id="confirm"' in review
    assert "12 to add" in review

    as_alice.post(reverse("deployment-confirm", args=[deployment.pk]))
    executing = as_alice.get(response["Location"], HTTP_HX_TARGET="deployment-progress", **HTMX).content.decode()
    assert 'hx-trigger="every 1s"' in executing

    _run(deployment.pk)
    done = as_alice.get(response["Location"], HTTP_HX_TARGET="deployment-progress", **HTMX).content.decode()
    assert "hx-trigger" not in done  # terminal: polling stops
    assert "succeeded" in done
    assert "InputQueueUrl" in done
    assert "https://sqs.us-east-1.amazonaws.com/123456789012/shop-dev-InputQueue" in done
    assert "Not created by the sandbox" in done
    assert "AWS::CloudWatch::Alarm" in done
    assert 'id="teardown"' in done
    assert 'data-component="processor" data-status="done"' in done  # the diagram shows what the target made

    refused = as_alice.post(reverse("deployment-teardown", args=[deployment.pk]), {"stack_name": "shop"})
    assert refused.status_code == 400
    assert "Type shop-dev exactly" in refused.content.decode()
    response = as_alice.post(reverse("deployment-teardown", args=[deployment.pk]), {"stack_name": "shop-dev"})
    teardown = Deployment.objects.get(kind=Deployment.Kind.TEARDOWN)
    assert response["Location"] == reverse("deployment-detail", args=[teardown.pk])
    assert _run(teardown.pk).status == Status.DELETED
    assert "stack deleted" in as_alice.get(response["Location"]).content.decode()


# ---------------------------------------------------------------------------------------------- pages and fragments
def test_the_deploy_page_lists_the_team_targets_full_and_as_a_fragment(as_alice: Client, revision: DesignRevision,
                                                                      sandbox_target: Target) -> None:
    full = as_alice.get(_deploy_url(revision)).content.decode()
    fragment = as_alice.get(_deploy_url(revision), HTTP_HX_TARGET="deploy-form", **HTMX).content.decode()

    assert "<html" in full
    assert "Local sandbox" in full
    assert "<html" not in fragment
    assert fragment.lstrip().startswith('<div id="deploy-form">')


def test_the_deploy_page_without_targets_says_how_to_add_one(as_alice: Client, revision: DesignRevision) -> None:
    page = as_alice.get(_deploy_url(revision)).content.decode()

    assert "no deployment target yet" in page
    assert reverse("target-list") in page


def test_a_busy_stack_sends_the_user_to_the_deployment_in_progress(as_alice: Client, revision: DesignRevision,
                                                                   sandbox_target: Target) -> None:
    first = services.deployment_create(revision=revision, target=sandbox_target)

    response = as_alice.post(_deploy_url(revision), {"target": sandbox_target.pk}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("deployment-detail", args=[first.pk])
    assert "is busy" in response.content.decode()


def test_the_deployment_page_full_and_as_a_fragment(as_alice: Client, revision: DesignRevision,
                                                    sandbox_target: Target) -> None:
    deployment = services.deployment_create(revision=revision, target=sandbox_target)
    url = reverse("deployment-detail", args=[deployment.pk])

    full = as_alice.get(url).content.decode()
    fragment = as_alice.get(url, HTTP_HX_TARGET="deployment-progress", **HTMX).content.decode()

    assert "<html" in full
    assert "stack <code>shop-dev</code>" in full
    assert fragment.lstrip().startswith('<div id="deployment-progress"')
    assert "Deployment of revision 1 to Local sandbox requested." in fragment


def test_the_targets_page_adds_a_role_target_and_checks_it(as_alice: Client, team: Team,
                                                           django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks() as queued:
        response = as_alice.post(reverse("target-list"), {
            "name": "payments dev", "environment": "dev", "region": "eu-west-1",
            "role_arn": "arn:aws:iam::111122223333:role/designer-deployer", "external_id": "shared-secret-1",
            "account_id": ""})

    assert response.status_code == 302
    target = Target.objects.get(name="payments dev")
    assert (target.account_id, target.check_status) == ("111122223333", Target.CheckStatus.CHECKING)
    assert len(queued) == 1
    listing = as_alice.get(reverse("target-list"), HTTP_HX_TARGET="target-list", **HTMX).content.decode()
    assert listing.lstrip().startswith('<div id="target-list" hx-get=')  # polls while the check runs
    assert not any("secret" in name.lower() or "access" in name.lower() for name in vars(target))


def test_a_bad_role_arn_is_refused_next_to_its_field(as_alice: Client, team: Team) -> None:
    response = as_alice.post(reverse("target-list"), {
        "name": "bad", "environment": "dev", "region": "us-east-1", "role_arn": "arn:aws:iam::12:user/me"})

    assert response.status_code == 400
    assert "A role ARN looks like arn:aws:iam::123456789012:role/deployer." in response.content.decode()
    assert not Target.objects.filter(name="bad").exists()


# ---------------------------------------------------------------------------------------------- permissions
def test_another_team_gets_404_for_every_deployment_url(as_carol: Client, revision: DesignRevision,
                                                        sandbox_target: Target) -> None:
    deployment = services.deployment_create(revision=revision, target=sandbox_target)
    urls = [reverse(name, args=[deployment.pk]) for name in (
        "deployment-detail", "deployment-confirm", "deployment-cancel", "deployment-recreate",
        "deployment-teardown")]
    urls += [_deploy_url(revision), reverse("target-check", args=[sandbox_target.pk]),
             reverse("target-delete", args=[sandbox_target.pk])]

    for url in urls:
        method = as_carol.get if url.endswith("/") or "deploy" in url.rsplit("/", 1)[-1] else as_carol.post
        assert method(url).status_code == 404, url
        assert as_carol.post(url).status_code in {404, 405}, url


def test_a_viewer_may_watch_but_not_deploy(as_bob: Client, revision: DesignRevision,
                                           sandbox_target: Target) -> None:
    deployment = services.deployment_create(revision=revision, target=sandbox_target)

    assert as_bob.get(reverse("deployment-detail", args=[deployment.pk])).status_code == 200
    assert as_bob.post(_deploy_url(revision), {"target": sandbox_target.pk}).status_code == 403
    assert as_bob.post(reverse("deployment-cancel", args=[deployment.pk])).status_code == 403


def test_a_deployer_deploys_to_dev_but_production_needs_an_admin(as_dave: Client, as_alice: Client, team: Team,
                                                                 revision: DesignRevision, sandbox: str) -> None:
    dev = services.target_create(team=team, name="dev", kind=Target.Kind.SANDBOX, environment="dev")
    prod = services.target_create(team=team, name="prod", kind=Target.Kind.SANDBOX, environment="prod")

    assert as_dave.post(_deploy_url(revision), {"target": dev.pk}).status_code == 302
    assert as_dave.post(_deploy_url(revision), {"target": prod.pk}).status_code == 403
    assert as_alice.post(_deploy_url(revision), {"target": prod.pk}).status_code == 302


def test_only_an_admin_adds_targets(as_dave: Client) -> None:
    response = as_dave.post(reverse("target-list"), {
        "name": "x", "environment": "dev", "region": "us-east-1",
        "role_arn": "arn:aws:iam::111122223333:role/designer-deployer"})

    assert response.status_code == 403
