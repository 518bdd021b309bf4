"""Targets: what may be saved (never access keys), the check through STS, a role target reached by AssumeRole
from the worker's own identity, and the first team's sandbox target."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from apps.deployments import accounts, services
from apps.deployments.models import Deployment, Target
from apps.teams.models import Team
from tests.deployments.conftest import RevisionFactory, deploy, story

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore:Tried to parse AWS::")]

ROLE = "arn:aws:iam::111111111111:role/designer-deployer"


def _role_target(team: Team, **overrides: Any) -> Target:
    fields = {"name": "payments dev", "kind": Target.Kind.ROLE, "role_arn": ROLE, "external_id": "ext-id-1",
              **overrides}
    return services.target_create(team=team, **fields)


@pytest.fixture
def aws_is_the_sandbox(sandbox: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Point the worker's own AWS identity (boto3's default chain) at the sandbox, as if it were AWS."""
    monkeypatch.setenv("AWS_ENDPOINT_URL", sandbox)
    return sandbox


@pytest.mark.parametrize(("field", "value", "message"), [
    ("role_arn", "arn:aws:iam::111111111111:user/me", "A role ARN looks like"),
    ("role_arn", "", "A role ARN looks like"),
    ("region", "moon-1", "A region looks like"),
    ("external_id", "x", "2–1224 letters"),
    ("account_id", "222222222222", "The role is in account 111111111111, not 222222222222."),
    ("name", "  ", "Give the target a name."),
])
def test_a_target_is_refused_with_the_field_and_the_reason(team: Team, field: str, value: str,
                                                           message: str) -> None:
    with pytest.raises(services.TargetInvalid) as refused:
        _role_target(team, **{field: value})

    assert message in refused.value.problems[field]


def test_a_target_name_is_unique_in_its_team(team: Team) -> None:
    _role_target(team)

    with pytest.raises(services.TargetInvalid, match="already has a target named"):
        _role_target(team)


def test_the_account_of_a_role_target_comes_from_its_role(team: Team) -> None:
    assert _role_target(team).account_id == "111111111111"


def test_a_sandbox_target_needs_the_sandbox_turned_on(team: Team, settings: Any) -> None:
    settings.SANDBOX_ENABLED = False

    with pytest.raises(services.TargetInvalid, match="SANDBOX_ENABLED=false"):
        services.target_create_sandbox(team=team)


def test_a_target_stores_no_access_keys() -> None:
    fields = {field.name for field in Target._meta.get_fields()}

    assert not {name for name in fields if "secret" in name or "access_key" in name or "password" in name}


# ---------------------------------------------------------------------------------------------- the check
def test_checking_the_sandbox_target_signs_in_to_the_sandbox(sandbox_target: Target) -> None:
    target = services.target_check(target_id=sandbox_target.pk)

    assert target.check_status == Target.CheckStatus.OK
    assert target.check_message == "Signed in as arn:aws:sts::123456789012:user/moto (account 123456789012)."
    assert target.checked_at is not None


def test_checking_a_role_target_assumes_the_role_from_the_worker_identity(team: Team,
                                                                          aws_is_the_sandbox: str) -> None:
    target = services.target_check(target_id=_role_target(team).pk)

    assert target.check_status == Target.CheckStatus.OK, target.check_message
    assert target.check_message.startswith("Signed in as arn:aws:sts::111111111111:assumed-role/designer-deployer/")


def test_a_target_that_cannot_be_reached_fails_its_check_with_a_reason(team: Team,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1")

    target = services.target_check(target_id=_role_target(team).pk)

    assert target.check_status == Target.CheckStatus.FAILED
    assert target.check_message.startswith("AssumeRole failed: could not reach AWS")


def test_a_role_target_deploys_into_the_role_account(team: Team, saved_revision: RevisionFactory,
                                                     aws_is_the_sandbox: str) -> None:
    target = _role_target(team)

    deployment = deploy(saved_revision("event-processor"), target)

    assert deployment.status == Deployment.Status.SUCCEEDED, story(deployment)
    assert "designer-artifacts-111111111111-us-east-1" in story(deployment)
    assert accounts.account_for(target).describe_stack("shop-dev") is not None


# ---------------------------------------------------------------------------------------------- first team
def test_make_run_gives_the_first_team_a_sandbox_target_once(team: Team, sandbox: str) -> None:
    out = StringIO()
    call_command("sandbox_target", stdout=out)
    call_command("sandbox_target", stdout=StringIO())

    assert list(team.targets.values_list("name", "kind")) == [("Local sandbox", "sandbox")]
    assert "can deploy to the local sandbox" in out.getvalue()


def test_a_first_team_that_has_targets_gets_no_sandbox(team: Team, sandbox: str) -> None:
    _role_target(team)

    assert services.target_ensure_first_team_sandbox() is None
    assert not team.targets.filter(kind=Target.Kind.SANDBOX).exists()
