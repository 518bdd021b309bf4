"""Every project type, on every target that can be deployed, reaches a terminal success in the sandbox with the
resources moto models really created; what moto skips is reported as skipped, never silently."""

from __future__ import annotations

from typing import Any

import pytest

from apps.deployments import accounts, aws
from apps.deployments.models import Deployment, Target
from apps.deployments.packaging import PACKAGERS
from apps.deployments.stack_report import SANDBOX_GAPS
from generators.blueprints import BLUEPRINTS
from generators.renderers import RENDERERS
from tests.deployments.conftest import RevisionFactory, deploy, story

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore:Tried to parse AWS::")]

# Resource types moto 5.2 does not model in CloudFormation: it skips them and still says CREATE_COMPLETE.
SANDBOX_UNMODELED = set(SANDBOX_GAPS)

TARGETS = sorted(set(PACKAGERS) & set(RENDERERS))
CASES = [(blueprint, iac, language) for blueprint in BLUEPRINTS for iac, language in TARGETS]


def _physical(account: aws.Account, stack: str) -> dict[str, dict[str, Any]]:
    return {row["LogicalResourceId"]: row for row in account.stack_resources(stack) if row.get("LogicalResourceId")}


@pytest.mark.parametrize(("blueprint", "iac", "language"), CASES,
                         ids=[f"{b}:{i}+{lang}" for b, i, lang in CASES])
def test_each_project_type_deploys_to_the_sandbox(blueprint: str, iac: str, language: str,
                                                  saved_revision: RevisionFactory, sandbox_target: Target) -> None:
    revision = saved_revision(blueprint, project={"iac": iac, "language": language})

    deployment = deploy(revision, sandbox_target)

    assert deployment.status == Deployment.Status.SUCCEEDED, story(deployment)
    assert deployment.stack_status == "CREATE_COMPLETE"
    template = deployment.template or {}
    created = _physical(accounts.account_for(sandbox_target), deployment.stack_name)
    for logical_id, resource in template["Resources"].items():
        if resource["Type"] in SANDBOX_UNMODELED:
            continue
        assert logical_id in created, f"{logical_id} ({resource['Type']}) was not created"
    skipped_types = {s["type"] for s in deployment.skipped}
    assert skipped_types <= SANDBOX_UNMODELED, "moto skipped a type we expect it to create"
    assert {s["logical_id"] for s in deployment.skipped} == {
        k for k, v in template["Resources"].items() if k not in created}
    # the functions really exist in the sandbox, with the code the pipeline built
    lambda_client = accounts.account_for(sandbox_target).client("lambda")
    functions = [k for k, v in template["Resources"].items() if v["Type"] == "AWS::Lambda::Function"]
    assert functions
    for logical_id in functions:
        configuration = lambda_client.get_function(FunctionName=created[logical_id]["PhysicalResourceId"])
        assert configuration["Configuration"]["CodeSize"] > 1000
    # every output has a value, or says which skipped resource it needs
    assert deployment.outputs
    for output in deployment.outputs:
        assert output["value"] or "did not create" in output["note"], output
