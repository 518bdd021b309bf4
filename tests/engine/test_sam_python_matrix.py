"""Every project type and main variant, rendered for SAM + Python, passes the real validators: the SAM
transform and cfn-lint (zero errors and warnings, source and transformed), with least-privilege IAM and the
serverless best practices built in. The generated Python itself (ruff, mypy, its own tests) is proven for the
same variants in test_python_handlers.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from cfnlint.decode.cfn_yaml import loads as cfn_yaml_loads

from generators.renderers.plan import organisation
from generators.renderers.sam.policies import REQUIRED_WILDCARDS
from tests.engine.projects import write_project
from tests.engine.validators import cfn_lint_problems, sam_transform
from tests.engine.variants import all_variants, build, variant_id

CASES = all_variants()
IDS = [variant_id(bp, options) for bp, options in CASES]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    projects = {}
    for (blueprint, options), ident in zip(CASES, IDS, strict=True):
        directory = tmp_path_factory.mktemp(blueprint)
        projects[ident] = write_project(build(blueprint, options), directory / "project")
    return projects


def _transformed(project: Path) -> dict[str, Any]:
    return sam_transform((project / "template.yaml").read_text())


@pytest.mark.parametrize(("blueprint", "options"), CASES, ids=IDS)
def test_the_template_transforms_and_lints_clean(blueprint: str, options: dict[str, Any],
                                                  rendered: dict[str, Path]) -> None:
    project = rendered[variant_id(blueprint, options)]
    text = (project / "template.yaml").read_text()
    assert cfn_lint_problems(text) == []
    transformed = _transformed(project)
    assert cfn_lint_problems(transformed) == []


@pytest.mark.parametrize(("blueprint", "options"), CASES, ids=IDS)
def test_the_template_builds_in_the_best_practices(blueprint: str, options: dict[str, Any],
                                                   rendered: dict[str, Path]) -> None:
    project = rendered[variant_id(blueprint, options)]
    template = _transformed(project)
    resources = template["Resources"]
    functions = {k: v for k, v in resources.items() if v["Type"] == "AWS::Lambda::Function"}
    assert functions
    for name, function in functions.items():
        props = function["Properties"]
        assert props["Architectures"] == ["arm64"], name
        assert props["TracingConfig"] == {"Mode": "Active"}, name
        assert props["Runtime"] == "python3.12", name
        log_group = props["LoggingConfig"]["LogGroup"]["Ref"]
        assert "RetentionInDays" in resources[log_group]["Properties"], name
    for name, mapping in resources.items():
        if mapping["Type"] != "AWS::Lambda::EventSourceMapping":
            continue
        props = mapping["Properties"]
        if not isinstance(props.get("EventSourceArn"), dict):  # outside the stack: MSK, Kafka, MQ, DocumentDB
            assert "FunctionResponseTypes" not in props, name  # these sources retry whole batches
            continue
        if options.get("report_batch_item_failures") is not False:
            assert props["FunctionResponseTypes"] == ["ReportBatchItemFailures"], name
        source = props["EventSourceArn"]["Fn::GetAtt"][0]
        if resources[source]["Type"] == "AWS::SQS::Queue":
            assert "RedrivePolicy" in resources[source]["Properties"], f"{source} has no DLQ"
        else:
            assert props["DestinationConfig"]["OnFailure"]["Destination"], name
    for name, queue in resources.items():
        if queue["Type"] == "AWS::SQS::Queue":  # SQS managed keys, or the organisation's customer managed key
            properties = queue["Properties"]
            assert properties.get("SqsManagedSseEnabled") is True or properties.get("KmsMasterKeyId"), name


MANAGED_POLICIES_ALLOWED = {
    # X-Ray has no resource-level permissions: tracing needs this AWS managed policy
    "arn:${AWS::Partition}:iam::aws:policy/AWSXrayWriteOnlyAccess",
    "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess",
}


def _allow_statements(template: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for name, resource in template["Resources"].items():
        if resource["Type"] != "AWS::IAM::Role":
            continue
        for arn in resource["Properties"].get("ManagedPolicyArns", []):
            arn = arn.get("Fn::Sub", arn) if isinstance(arn, dict) else arn
            assert arn in MANAGED_POLICIES_ALLOWED, (name, arn)
        for policy in resource["Properties"].get("Policies", []):
            for statement in policy["PolicyDocument"]["Statement"]:
                if statement.get("Effect") == "Allow":
                    found.append((name, statement))
    return found


@pytest.mark.parametrize(("blueprint", "options"), CASES, ids=IDS)
def test_no_policy_allows_a_wildcard_action_or_resource(blueprint: str, options: dict[str, Any],
                                                        rendered: dict[str, Path]) -> None:
    template = _transformed(rendered[variant_id(blueprint, options)])
    statements = _allow_statements(template)
    assert statements
    for role, statement in statements:
        actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        assert all("*" not in action for action in actions), (role, actions)
        resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
        if resources == ["*"]:
            assert set(actions) <= set(REQUIRED_WILDCARDS), (role, actions)
        else:
            assert all(r != "*" for r in resources), (role, statement)


@pytest.mark.parametrize(("blueprint", "options"), CASES, ids=IDS)
def test_every_function_has_a_handler_a_sample_event_and_a_test(blueprint: str, options: dict[str, Any],
                                                                rendered: dict[str, Path]) -> None:
    project = rendered[variant_id(blueprint, options)]
    template = cfn_yaml_loads((project / "template.yaml").read_text())
    for name, resource in template["Resources"].items():
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        code_uri = resource["Properties"]["CodeUri"]
        module = code_uri.strip("/").split("/")[-1]
        assert (project / code_uri / "app.py").is_file(), name
        assert (project / "events" / f"{module}.json").is_file(), name
        assert (project / "tests" / "unit" / f"test_{module}.py").is_file(), name
    config = (project / "samconfig.toml").read_text()
    for env in ("dev", "staging", "prod"):
        assert f"[{env}.deploy.parameters]" in config
    machines = [r for r in template["Resources"].values() if r["Type"] == "AWS::Serverless::StateMachine"]
    for machine in machines:
        assert (project / machine["Properties"]["DefinitionUri"]).is_file()
    ci = organisation.ci_file(build(blueprint, options))  # GitHub Actions unless the organisation chose GitLab CI
    workflow = yaml.safe_load((project / ci).read_text())
    assert workflow["jobs"] if ci.startswith(".github/") else workflow["test"]["script"]
