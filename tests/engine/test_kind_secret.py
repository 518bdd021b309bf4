"""The `secret` kind: a Secrets Manager secret that functions read at run time, proven in all four targets.

A reader gets read-only access to that one secret's ARN and the ARN (never the value) in its environment; its
handler fetches the value through Powertools parameters, cached. One design holds every catalog pair of the kind
and readers of several handler shapes; each target is written once and checked with the real tools.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from generators.catalog import COMPONENTS, triples
from generators.model import DesignInputError, load_design
from generators.renderers import render
from tests.engine.kind_proof import (
    cdk_problems,
    design_for,
    failures,
    run_tools,
    sam_problems,
    synthesized,
    write_all,
)
from tests.engine.pairs import pair_parts
from tests.engine.test_connection_matrix import TARGETS
from tests.engine.validators import sam_transform

SECRET_TRIPLES = [t for t in triples() if "secret" in t[1:]]


def _design_parts() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    components: list[dict[str, Any]] = [
        {"kind": "secret", "name": "api-key"},
        {"kind": "secret", "name": "db-password", "password_length": 64, "exclude_punctuation": False},
        {"kind": "function", "name": "worker"},
        {"kind": "http_api", "name": "front"},
        {"kind": "function", "name": "api-fn"},
        {"kind": "queue", "name": "jobs"},
        {"kind": "function", "name": "consumer"},
    ]
    connections: list[dict[str, Any]] = [
        {"kind": "reads", "source": "worker", "target": "api-key"},
        {"kind": "routes", "source": "front", "target": "api-fn", "method": "POST", "path": "/orders"},
        {"kind": "reads", "source": "api-fn", "target": "api-key"},
        {"kind": "reads", "source": "api-fn", "target": "db-password"},
        {"kind": "triggers", "source": "jobs", "target": "consumer"},
        {"kind": "reads", "source": "consumer", "target": "db-password"},
    ]
    for index, (kind, source, target) in enumerate(SECRET_TRIPLES):
        parts = pair_parts(kind, source, target, f"p{index}")
        components += parts[0]
        connections += parts[1]
    return components, connections


def _design(target: str) -> Any:
    return design_for(target, "secrets", *_design_parts())


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


# --- the real tools --------------------------------------------------------------------------------------------

@cache
def _projects(root: str) -> dict[str, Path]:
    return write_all(Path(root), "secrets", *_design_parts())


@cache
def _runs(root: str) -> dict[str, Any]:
    return run_tools(_projects(root))


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("kind-secret"))


@pytest.mark.matrix
@pytest.mark.parametrize("language", ["python", "typescript"])
def test_the_sam_template_transforms_and_lints_clean(language: str, root: str) -> None:
    assert sam_problems(_projects(root)[f"sam-{language}"]) == []


@pytest.mark.matrix
@pytest.mark.parametrize("target", list(TARGETS))
def test_the_project_passes_its_tools(target: str, root: str) -> None:
    assert failures(_runs(root)[target]) == []


@pytest.mark.matrix
@pytest.mark.parametrize("language", ["python", "typescript"])
def test_the_synthesized_stack_reads_only_its_secrets(language: str, root: str) -> None:
    target = f"cdk-{language}"
    if failures([s for s in _runs(root)[target] if s.name == "synth"]):
        pytest.fail("synth failed (see test_the_project_passes_its_tools)")
    project = _projects(root)[target]
    assert cdk_problems(project) == []
    template = synthesized(project)
    secrets = {lid for lid, r in template["Resources"].items() if r["Type"] == "AWS::SecretsManager::Secret"}
    for resource in template["Resources"].values():
        if resource["Type"] != "AWS::IAM::Policy":
            continue
        for statement in resource["Properties"]["PolicyDocument"]["Statement"]:
            actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
            if any(a.startswith("secretsmanager:") for a in actions):
                assert sorted(actions) == ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"]
                assert statement["Resource"]["Ref"] in secrets
