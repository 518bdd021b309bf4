"""Every REST API stage writes access logs, in all four targets: AccessLogSetting with a JSON format, into a log
group with the environment's retention; and the region's API Gateway CloudWatch role the stage needs is created
(an IAM role with an inline policy, no AWS managed policy, and AWS::ApiGateway::Account, which the stage waits
for) unless the design says the account already has one (`logging_role: existing`). HTTP API stages always had
access logs; REST API stages had none.

Read from what is deployed: the SAM template after the transform, and the stack `cdk synth` writes (cdk-nag
clean, so the new role's wildcard is acknowledged with its reason)."""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest

from generators.model import RestApi
from generators.renderers import render
from tests.engine.api_templates import (
    CDK_BATCH,
    TARGETS,
    cdk_templates,
    design,
    of_type,
    references,
    role_statements,
    sam_template,
)
from tests.engine.validators import cfn_lint_problems, sam_transform

REST_VARIANTS: list[dict[str, Any]] = [
    {"front_door": "rest-api", "handler_style": style, "auth": auth, **extra}
    for style, auth, extra in itertools.product(("router", "function-per-route"),
                                                ("none", "iam", "jwt", "lambda-authorizer"),
                                                ({}, {"cors_allow_origins": ["https://app.example.com"]}))
]
CDK_REST = [options for options in CDK_BATCH if options["front_door"] == "rest-api"]
CASES = [(target, options) for target in TARGETS[:2] for options in REST_VARIANTS]
CASES += [(target, options) for target in TARGETS[2:] for options in CDK_REST]


def _ident(target: str, options: dict[str, Any]) -> str:
    parts = [f"{k}={v}" if isinstance(v, str) else k for k, v in options.items()]
    return f"{target}-" + ",".join(parts)


def _template(target: str, options: dict[str, Any]) -> dict[str, Any]:
    if target.startswith("sam-"):
        return sam_template(target, options)
    return cdk_templates(target)[CDK_BATCH.index(options)]


def _depends_on(resources: dict[str, Any], name: str) -> set[str]:
    """Every resource `name` waits for, directly or through the resources it waits for or refers to."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        resource = resources[current]
        direct = set(resource.get("DependsOn", []) if isinstance(resource.get("DependsOn", []), list)
                     else [resource["DependsOn"]])
        direct |= references(resource.get("Properties", {}))
        for other in direct & set(resources) - seen:
            seen.add(other)
            todo.append(other)
    return seen


def assert_stages_write_access_logs(resources: dict[str, Any], *, account_role: bool) -> None:
    stages = list(of_type(resources, "AWS::ApiGateway::Stage"))
    assert stages
    for name, stage in stages:
        setting = stage["Properties"]["AccessLogSetting"]
        [group] = references(setting["DestinationArn"])
        assert resources[group]["Type"] == "AWS::Logs::LogGroup", name
        assert "RetentionInDays" in resources[group]["Properties"], f"{name}: access logs kept forever"
        fields = json.loads(setting["Format"])  # one JSON object per request
        assert {"requestId", "status", "httpMethod"} <= set(fields), name
        accounts = [n for n, _ in of_type(resources, "AWS::ApiGateway::Account")]
        if account_role:
            [account] = accounts
            assert account in _depends_on(resources, name), f"{name} may be created before the account's role"
    if account_role:
        [(_, account)] = of_type(resources, "AWS::ApiGateway::Account")
        [role] = references(account["Properties"]["CloudWatchRoleArn"])
        properties = resources[role]["Properties"]
        assert "ManagedPolicyArns" not in properties  # cdk-nag IAM4
        principals = json.dumps(properties["AssumeRolePolicyDocument"])
        assert "apigateway.amazonaws.com" in principals
        actions = {a for s in role_statements(resources, role) for a in (
            s["Action"] if isinstance(s["Action"], list) else [s["Action"]])}
        assert {"logs:CreateLogStream", "logs:PutLogEvents"} <= actions
    else:
        assert list(of_type(resources, "AWS::ApiGateway::Account")) == []


@pytest.mark.parametrize(("target", "options"), CASES, ids=[_ident(t, o) for t, o in CASES])
def test_every_rest_api_stage_writes_access_logs(target: str, options: dict[str, Any]) -> None:
    resources = _template(target, options)["Resources"]
    assert_stages_write_access_logs(resources, account_role=True)


@pytest.mark.parametrize("target", TARGETS[:2])
def test_an_existing_logging_role_is_used_as_it_is_and_the_readme_says_so(target: str) -> None:
    created = design(target, {"front_door": "rest-api", "auth": "iam"})
    components = [c.model_copy(update={"logging_role": "existing"}) if isinstance(c, RestApi) else c
                  for c in created.components]
    tree = render(created.model_copy(update={"components": components}))
    text = tree.text("template.yaml")
    assert cfn_lint_problems(text) == []
    assert_stages_write_access_logs(sam_transform(text)["Resources"], account_role=False)
    readme = tree.text("README.md")
    assert "already has an API Gateway CloudWatch role" in readme
    assert "AWS::ApiGateway::Account" not in readme


@pytest.mark.parametrize("target", TARGETS)
def test_the_readme_says_the_stack_sets_the_account_cloudwatch_role(target: str) -> None:
    readme = render(design(target, {"front_door": "rest-api", "auth": "iam"})).text("README.md")
    assert "AWS::ApiGateway::Account" in readme
    assert "AWS::ApiGateway::Account" not in render(design(target, {"front_door": "http-api"})).text("README.md")
