"""The `secret` kind: a Secrets Manager secret that functions read at run time, proven in all four targets.

A reader gets read-only access to that one secret's ARN and the ARN (never the value) in its environment; its
handler fetches the value through Powertools parameters, cached. One design holds every catalog pair of the kind
and readers of several handler shapes; the real tools check them inside the connection matrix's "grants" design.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from generators.catalog import COMPONENTS, triples
from generators.model import DesignInputError, load_design
from generators.renderers import render
from tests.engine.connection_projects import TARGETS
from tests.engine.kind_designs import secret_parts, with_kind_pairs
from tests.engine.kind_proof import (
    cdk_problems,
    design_for,
    failures,
    kind_project,
    kind_steps,
    sam_problems,
    synthesized_kinds,
)
from tests.engine.validators import sam_transform

SECRET_TRIPLES = [t for t in triples() if "secret" in t[1:]]


def _design(target: str) -> Any:
    return design_for(target, "secrets", *with_kind_pairs(secret_parts(), "secret"))


def test_a_function_may_read_a_secret_and_nothing_else_may_reach_it() -> None:
    assert [t for t in triples() if "secret" in t[1:]] == [("reads", "function", "secret")]


def test_writing_to_a_secret_is_rejected_naming_the_field_and_the_allowed_kinds() -> None:
    with pytest.raises(DesignInputError) as error:
        load_design(json.dumps({
            "project": {"name": "bad"},
            "components": [{"kind": "function", "name": "fn"}, {"kind": "secret", "name": "key"}],
            "connections": [{"kind": "writes", "source": "fn", "target": "key"}],
        }))
    assert "connections[0].target" in str(error.value)
    assert "bucket, table" in str(error.value)


def test_sam_grants_read_only_on_that_one_secret_and_passes_its_arn_not_its_value() -> None:
    template = sam_transform(render(_design("sam-python")).text("template.yaml"))
    resources = template["Resources"]
    secret = resources["ApiKey"]
    assert secret["Type"] == "AWS::SecretsManager::Secret"
    assert secret["Properties"]["GenerateSecretString"] == {"PasswordLength": 32, "ExcludePunctuation": True}
    worker = resources["Worker"]["Properties"]
    assert worker["Environment"]["Variables"]["API_KEY_ARN"] == {"Ref": "ApiKey"}
    statements = [s for p in resources["WorkerRole"]["Properties"]["Policies"]
                  for s in p["PolicyDocument"]["Statement"] if any("secretsmanager" in a for a in s["Action"])]
    assert statements == [{"Effect": "Allow", "Action": ["secretsmanager:DescribeSecret",
                                                         "secretsmanager:GetSecretValue"],
                           "Resource": {"Ref": "ApiKey"}}]
    assert list(COMPONENTS["secret"].access["read"].iam) == statements[0]["Action"]


@pytest.mark.parametrize("target", ["cdk-typescript", "cdk-python"])
def test_cdk_creates_the_secret_and_acknowledges_no_rotation_with_the_catalog_reason(target: str) -> None:
    tree = render(_design(target))
    stack = next(tree.text(p) for p in tree if p.endswith(("-stack.ts", "/stack.py")))
    reason = COMPONENTS["secret"].nag_acknowledgements["AwsSolutions-SMG4"]
    assert "secretsmanager.Secret(" in stack
    assert stack.count(reason) == sum(c.kind == "secret" for c in _design(target).components)
    assert "grantRead" in stack or "grant_read" in stack


def test_python_handlers_read_the_secret_through_powertools_parameters() -> None:
    tree = render(_design("sam-python"))
    worker = tree.text("src/worker/app.py")
    assert "parameters.get_secret(SETTINGS.api_key_arn, max_age=300)" in worker
    api = tree.text("src/api_fn/app.py")
    assert "def read_api_key()" in api
    assert "def read_db_password()" in api
    assert "test_it_reads_secret_db_password_through_powertools" in tree.text("tests/unit/test_consumer_secrets.py")


def test_typescript_handlers_read_the_secret_through_powertools_parameters() -> None:
    tree = render(_design("sam-typescript"))
    worker = tree.text("src/handlers/worker.ts")
    assert "import { getSecret } from '@aws-lambda-powertools/parameters/secrets';" in worker
    assert "getSecret(apiKeyArn, { maxAge: 300 })" in worker
    assert "readApiKey" in tree.text("tests/handlers/worker.test.ts")


# --- the real tools (over the connection matrix's grants design, which carries secret_parts) ---------------------

@pytest.mark.matrix
@pytest.mark.parametrize("language", ["python", "typescript"])
def test_the_sam_template_transforms_and_lints_clean(language: str) -> None:
    assert sam_problems(kind_project(f"sam-{language}")) == []


@pytest.mark.matrix
@pytest.mark.parametrize("target", list(TARGETS))
def test_the_project_passes_its_tools(target: str) -> None:
    assert failures(kind_steps(target)) == []


@pytest.mark.matrix
@pytest.mark.parametrize("language", ["python", "typescript"])
def test_the_synthesized_stack_reads_only_its_secrets(language: str) -> None:
    template = synthesized_kinds(f"cdk-{language}")
    assert cdk_problems(template) == []
    secrets = {lid for lid, r in template["Resources"].items() if r["Type"] == "AWS::SecretsManager::Secret"}
    assert len(secrets) >= len([c for c in secret_parts()[0] if c["kind"] == "secret"])
    reads = 0
    for resource in template["Resources"].values():
        if resource["Type"] != "AWS::IAM::Policy":
            continue
        for statement in resource["Properties"]["PolicyDocument"]["Statement"]:
            actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
            if any(a.startswith("secretsmanager:") for a in actions):
                assert sorted(actions) == ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"]
                assert statement["Resource"]["Ref"] in secrets
                reads += 1
    assert reads >= 4  # worker, api-fn twice, consumer (and the catalog pair's function)
