"""Issue 11 item 11: what the sandbox cannot run is said in words before any change set is made (a REST API with
a JWT authorizer reads a Cognito user pool's attributes, which moto does not model), with what to do instead."""

from __future__ import annotations

from typing import Any

import pytest
from moto.cloudformation.parsing import get_model_map

from apps.deployments import accounts
from apps.deployments.models import Deployment, Target
from apps.deployments.stack_report import SANDBOX_GAPS, sandbox_blockers, sandbox_inert, sandbox_skips
from tests.deployments.conftest import RevisionFactory, prepare, story

pytestmark = pytest.mark.filterwarnings("ignore:Tried to parse AWS::")


@pytest.mark.parametrize("kind", sorted(SANDBOX_GAPS))
def test_every_gap_in_the_table_is_a_type_the_sandbox_really_does_not_model(kind: str) -> None:
    assert kind not in get_model_map()


def _template(reader: dict[str, Any]) -> dict[str, Any]:
    return {"Resources": {"Users": {"Type": "AWS::Cognito::UserPool"},
                          "Queue": {"Type": "AWS::SQS::Queue"},
                          "Reader": {"Type": "AWS::ApiGateway::RestApi", "Properties": reader}}}


@pytest.mark.parametrize(("case", "reader", "blocked"), [
    ("a GetAtt in list form is a blocker", {"Arn": {"Fn::GetAtt": ["Users", "Arn"]}}, True),
    ("a GetAtt in dotted form is a blocker", {"Arn": {"Fn::GetAtt": "Users.Arn"}}, True),
    ("an attribute inside a Sub is a blocker", {"Arn": {"Fn::Sub": "x-${Users.Arn}"}}, True),
    ("a Sub with variables is read too", {"Arn": {"Fn::Sub": ["${Users.ProviderURL}/x", {}]}}, True),
    ("a plain Ref is not (the stack completes without it)", {"Id": {"Ref": "Users"}}, False),
    ("a modeled resource's attribute is not", {"Arn": {"Fn::GetAtt": ["Queue", "Arn"]}}, False),
    ("a pseudo parameter in a Sub is not", {"Arn": {"Fn::Sub": "${AWS::Region}"}}, False),
])
def test_what_the_sandbox_cannot_run(case: str, reader: dict[str, Any], blocked: bool) -> None:
    blockers = sandbox_blockers(_template(reader))
    assert bool(blockers) == blocked, case
    if blocked:
        assert blockers == ["Reader (AWS::ApiGateway::RestApi) reads an attribute of Users (AWS::Cognito::UserPool): "
                            "the sandbox does not model Cognito user pools (sign-in, JWT authorizers)"]
    assert sandbox_skips(_template(reader)) == [
        "Cognito user pools (sign-in, JWT authorizers) (AWS::Cognito::UserPool)"]


@pytest.mark.django_db
def test_a_rest_api_with_jwt_is_refused_in_words_before_any_change_set(saved_revision: RevisionFactory,
                                                                       sandbox_target: Target) -> None:
    revision = saved_revision("api", {"front_door": "rest-api", "auth": "jwt",
                                      "cors_allow_origins": ["https://app.example.com"]})

    deployment = prepare(revision, sandbox_target)

    assert deployment.status == Deployment.Status.FAILED, story(deployment)
    assert deployment.error.startswith("The local sandbox cannot run this design: "), deployment.error
    assert "Cognito user pools" in deployment.error
    assert "real AWS account target" in deployment.error
    assert "undefined resource" not in deployment.error
    account = accounts.account_for(sandbox_target)
    assert account.describe_stack(deployment.stack_name) is None  # nothing was sent to CloudFormation


@pytest.mark.django_db
def test_a_design_the_sandbox_only_partly_models_is_deployed_with_a_warning_first(
        saved_revision: RevisionFactory, sandbox_target: Target) -> None:
    deployment = prepare(saved_revision("api"), sandbox_target)  # an HTTP API: API Gateway v2, skipped

    assert deployment.status == Deployment.Status.REVIEW, story(deployment)
    assert "The sandbox does not model HTTP APIs (API Gateway v2)" in story(deployment)


def test_a_durable_function_is_said_to_be_created_but_not_run() -> None:
    template = {"Resources": {
        "Workflow": {"Type": "AWS::Lambda::Function", "Properties": {"DurableConfig": {"ExecutionTimeout": 60}}},
        "Plain": {"Type": "AWS::Lambda::Function", "Properties": {"MemorySize": 512}},
    }}

    [said] = sandbox_inert(template)
    assert said.startswith("Lambda durable functions (DurableConfig): the function is created but no durable")
    assert sandbox_inert({"Resources": {"Plain": template["Resources"]["Plain"]}}) == []


@pytest.mark.django_db
def test_a_durable_workflow_is_deployed_to_the_sandbox_with_a_warning_that_it_will_not_run(
        saved_revision: RevisionFactory, sandbox_target: Target) -> None:
    deployment = prepare(saved_revision("workflow", {"engine": "durable-function", "trigger": "schedule"}),
                         sandbox_target)

    assert deployment.status == Deployment.Status.REVIEW, story(deployment)
    assert "The sandbox creates but does not run Lambda durable functions (DurableConfig)" in story(deployment)
