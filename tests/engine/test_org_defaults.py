"""Organisation defaults (docs/org-defaults.md): validated with field-named errors, applied once by the plan, and
printed by every target. Fast: rendering and the SAM transform only; the real validators (cfn-lint, cdk synth with
cdk-nag, tsc, the generated tests) run on the `org_defaults` variants of tests/engine/variants.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from cfnlint.decode.cfn_yaml import loads as cfn_yaml_loads

from generators.cli import main
from generators.filetree import FileTree
from generators.model import DesignInputError, dump_design, load_design
from generators.model.io import load_org_defaults, org_defaults_from_data, with_org_defaults
from generators.renderers import render
from generators.renderers.plan import organisation
from tests.engine.validators import sam_transform
from tests.engine.variants import SAMPLE_KEY, SAMPLE_ORG_DEFAULTS, build

BOUNDARY = SAMPLE_ORG_DEFAULTS.permission_boundary_arn
assert BOUNDARY is not None
SUBNETS = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
TARGETS = [("sam", "python"), ("sam", "typescript"), ("cdk", "typescript"), ("cdk", "python")]


def designed(blueprint: str, options: dict[str, Any] | None = None, *, iac: str = "sam", language: str = "python",
             ci: str = "github-actions") -> Any:
    design = build(blueprint, options or {}, iac=iac, language=language)
    return with_org_defaults(design, SAMPLE_ORG_DEFAULTS.model_copy(update={"ci": ci}))


# -- the value ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("data", "field", "says"), [
    ({"permission_boundary_arn": "arn:aws:iam::123:policy/x"}, "permission_boundary_arn", "12-digit account"),
    ({"permission_boundary_arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}, "permission_boundary_arn",
     "not an IAM managed policy ARN"),
    ({"vpc": {"subnet_ids": ["subnet-xyz"], "security_group_ids": ["sg-0123456789abcdef0"]}}, "vpc.subnet_ids",
     "not a subnet id"),
    ({"vpc": {"subnet_ids": SUBNETS, "security_group_ids": ["sg-12"]}}, "vpc.security_group_ids",
     "not a security group id"),
    ({"vpc": {"subnet_ids": [SUBNETS[0], SUBNETS[0]], "security_group_ids": ["sg-01234567"]}}, "vpc.subnet_ids",
     "unique"),
    ({"vpc": {"subnet_ids": SUBNETS}}, "vpc.security_group_ids", "required"),
    ({"kms": {"queues": "alias/aws/sqs"}}, "kms.queues", "not a customer managed KMS key ARN"),
    ({"kms": {"logs": "arn:aws:kms:us-east-1:123456789012:alias/logs"}}, "kms.logs", "a key, not an alias"),
    ({"min_log_retention_days": 100}, "min_log_retention_days", "allowed: 1, 3, 5"),
    ({"tags": {"aws:owner": "x"}}, "tags", "not start with 'aws:'"),
    ({"ci": "jenkins"}, "ci", "'github-actions' or 'gitlab-ci'"),
    ({"vcp": {}}, "vcp", "unknown field"),
])
def test_it_refuses_a_bad_default_naming_the_field(data: dict[str, Any], field: str, says: str) -> None:
    with pytest.raises(DesignInputError) as refused:
        org_defaults_from_data(data)
    assert any(path == field and says in message for path, message in refused.value.problems), \
        refused.value.problems


def test_a_key_of_another_region_is_refused_on_the_design() -> None:
    defaults = load_org_defaults(f"kms: {{tables: '{SAMPLE_KEY.replace('us-east-1', 'eu-west-1')}'}}")
    with pytest.raises(DesignInputError) as refused:
        with_org_defaults(build("api", {}), defaults)
    assert refused.value.problems == [("organisation.kms.tables", "the key is in eu-west-1; the project deploys to "
                                                                  "us-east-1 and needs a key of that region")]


def test_the_defaults_travel_with_the_design_document() -> None:
    design = designed("api")
    again = load_design(dump_design(design))
    assert again.organisation == SAMPLE_ORG_DEFAULTS
    assert "organisation" not in dump_design(build("api", {}))  # no defaults: the document is unchanged


def test_the_plan_raises_lower_retentions_and_keeps_never_expire() -> None:
    design = build("api", {})
    environments = design.project.environments
    design.project.environments = [environments[0], environments[1].model_copy(update={"log_retention_days": 0}),
                                   environments[2].model_copy(update={"log_retention_days": 400})]
    design = with_org_defaults(design, SAMPLE_ORG_DEFAULTS)  # minimum 365
    assert [e.log_retention_days for e in organisation.environments(design)] == [365, 0, 400]


def test_the_organisation_tags_win_over_the_project_tags() -> None:
    design = build("api", {})
    design.project.tags = {"owner": "someone", "team": "shop"}
    design = with_org_defaults(design, SAMPLE_ORG_DEFAULTS)
    assert organisation.tags(design) == {"cost-centre": "cc-4242", "owner": "platform-team", "project": "shop",
                                         "team": "shop"}


# -- SAM ---------------------------------------------------------------------------------------------------------

def _sam(tree: FileTree) -> dict[str, Any]:
    document: dict[str, Any] = cfn_yaml_loads(tree.text("template.yaml"))
    return document


@pytest.mark.parametrize("blueprint", ["api", "fan-out", "workflow", "scheduled-job", "event-processor"])
def test_sam_bounds_every_role_it_and_the_transform_create(blueprint: str) -> None:
    transformed = sam_transform(render(designed(blueprint)).text("template.yaml"))
    roles = {name: r for name, r in transformed["Resources"].items() if r["Type"] == "AWS::IAM::Role"}
    assert roles
    assert {name: r["Properties"].get("PermissionsBoundary") for name, r in roles.items()} == \
        dict.fromkeys(roles, BOUNDARY)


def test_sam_puts_every_function_in_the_vpc_with_the_network_interface_actions() -> None:
    template = _sam(render(designed("fan-out")))
    assert template["Globals"]["Function"]["VpcConfig"] == {"SubnetIds": SUBNETS,
                                                            "SecurityGroupIds": ["sg-0123456789abcdef0"]}
    functions = [name for name, r in template["Resources"].items() if r["Type"] == "AWS::Serverless::Function"]
    for name in functions:
        statements = template["Resources"][f"{name}Role"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
        eni = next(s for s in statements if s.get("Sid") == "ManageNetworkInterfaces")
        assert eni["Resource"] == "*"
        assert "ec2:CreateNetworkInterface" in eni["Action"]


def test_sam_encrypts_queues_topics_tables_and_logs_with_the_keys_and_grants_their_users() -> None:
    template = _sam(render(designed("fan-out", {"consumers": [
        {"name": "audit", "event_types": ["order.created"], "sqs_buffer": True}]})))
    resources = template["Resources"]
    encrypted = {"AWS::SQS::Queue": "KmsMasterKeyId", "AWS::SNS::Topic": "KmsMasterKeyId",
                 "AWS::Logs::LogGroup": "KmsKeyId"}
    for name, resource in resources.items():
        if resource["Type"] in encrypted and name != "AlarmTopic":
            assert resource["Properties"][encrypted[resource["Type"]]] == SAMPLE_KEY, name
            assert "SqsManagedSseEnabled" not in resource["Properties"], name
    publisher = resources["PublisherRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
    assert {"Sid": "UseKmsKeys", "Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
            "Resource": SAMPLE_KEY} in publisher
    api = _sam(render(designed("api")))["Resources"]
    assert api["DataTable"]["Properties"]["SSESpecification"] == {"SSEEnabled": True, "SSEType": "KMS",
                                                                  "KMSMasterKeyId": SAMPLE_KEY}
    router = api["RouterRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
    assert any(s.get("Sid") == "UseKmsKeys" for s in router)


def test_sam_tags_the_stack_and_raises_the_retention() -> None:
    tree = render(designed("api"))
    assert 'cost-centre=\\"cc-4242\\"' in tree.text("samconfig.toml")
    assert 'owner=\\"platform-team\\"' in tree.text("samconfig.toml")
    mappings = _sam(tree)["Mappings"]["EnvironmentConfig"]
    assert {env: values["LogRetentionDays"] for env, values in mappings.items()} == \
        {"dev": 365, "staging": 365, "prod": 365}


def test_a_state_machine_that_sends_to_an_encrypted_queue_may_use_the_key() -> None:
    template = _sam(render(designed("workflow", {"steps": [{"name": "extract"}, {"name": "publish",
                                                                                   "action": "eventbridge-put"}]})))
    machines = [r for r in template["Resources"].values() if r["Type"] == "AWS::Serverless::StateMachine"]
    assert machines
    assert all(m["Properties"]["PermissionsBoundary"] == BOUNDARY for m in machines)


# -- CDK ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("language", ["typescript", "python"])
def test_cdk_prints_the_boundary_keys_vpc_and_tags(language: str) -> None:
    tree = render(designed("fan-out", iac="cdk", language=language))
    stack = next(tree.text(p) for p in tree if p.endswith(("-stack.ts", "/stack.py")))
    app = tree.text("bin/app.ts" if language == "typescript" else "app.py")
    if language == "typescript":
        assert f"iam.PermissionsBoundary.of(this).apply(iam.ManagedPolicy.fromManagedPolicyArn(this, " \
               f"'PermissionsBoundary', '{BOUNDARY}'));" in stack
        assert f"const orgQueuesKey = kms.Key.fromKeyArn(this, 'OrgQueuesKey', '{SAMPLE_KEY}');" in stack
        assert "masterKey: orgTopicsKey," in stack
        assert "encryptionKey: orgLogsKey" in stack
        assert "const inVpc = (fn: lambda.Function): void =>" in stack
        assert stack.count("inVpc(") == 3  # each of the three functions
        assert "cdk.Tags.of(stack).add('cost-centre', 'cc-4242');" in app
    else:
        assert f'boundary = "{BOUNDARY}"' in stack
        assert "iam.PermissionsBoundary.of(self).apply(" in stack
        assert "master_key=self.org_topics_key," in stack
        assert "encryption_key=self.org_logs_key," in stack
        assert "encryption_master_key=self.org_queues_key," in stack
        assert f'    "{SUBNETS[0]}",' in stack
        assert "VpcConfigProperty(" in stack
        assert 'cdk.Tags.of(stack).add("cost-centre", "cc-4242")' in app
    assert '"logRetentionDays": 365' in tree.text("cdk.json")


# -- CI ----------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("iac", "language"), TARGETS)
def test_the_ci_system_is_the_organisations(iac: str, language: str) -> None:
    gitlab = render(designed("api", iac=iac, language=language, ci="gitlab-ci"))
    assert ".github/workflows/ci.yml" not in gitlab
    pipeline = yaml.safe_load(gitlab.text(".gitlab-ci.yml"))
    script = " ; ".join(pipeline["test"]["script"])
    assert ("sam build" in script) == (iac == "sam")
    assert ("cdk synth" in script) == (iac == "cdk")
    if (iac, language) != ("cdk", "python"):  # its README names no CI file
        assert "`.gitlab-ci.yml`" in gitlab.text("README.md")
    github = render(designed("api", iac=iac, language=language))
    assert ".gitlab-ci.yml" not in github
    assert yaml.safe_load(github.text(".github/workflows/ci.yml"))["jobs"]


# -- CLI ---------------------------------------------------------------------------------------------------------

def test_the_cli_applies_a_defaults_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    defaults = tmp_path / "org.yaml"
    defaults.write_text(yaml.safe_dump(SAMPLE_ORG_DEFAULTS.model_dump(mode="json", exclude_none=True)))
    assert main(["new", "api", "--name", "shop", "--org-defaults", str(defaults), "--out", str(tmp_path / "p")]) == 0
    template = (tmp_path / "p" / "template.yaml").read_text()
    assert f"PermissionsBoundary: {BOUNDARY}" in template
    assert "VpcConfig:" in template
    defaults.write_text("vpc: {subnet_ids: [subnet-1], security_group_ids: [sg-0123456789abcdef0]}\n")
    assert main(["new", "api", "--name", "shop", "--org-defaults", str(defaults), "--out", str(tmp_path / "q")]) == 2
    assert f"--org-defaults {defaults}: vpc.subnet_ids: 'subnet-1' not a subnet id" in capsys.readouterr().err


@pytest.mark.parametrize("target", ["sam-python", "cdk-typescript", "cdk-python"])
def test_a_pipe_role_may_use_the_key_of_its_encrypted_source(target: str) -> None:
    from tests.engine.test_kind_pipe import _design

    tree = render(with_org_defaults(_design(target), SAMPLE_ORG_DEFAULTS))
    if target == "sam-python":
        resources = _sam(tree)["Resources"]
        role = resources[resources["OrdersPipe"]["Properties"]["RoleArn"]["Fn::GetAtt"][0]]
        statements = role["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
        assert {"Sid": "UseKmsKeys", "Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
                "Resource": SAMPLE_KEY} in statements
    else:
        stack = next(tree.text(p) for p in tree if p.endswith(("-stack.ts", "/stack.py")))
        pipe = stack[stack.index("Pipe orders-pipe"):stack.index("Pipe audit-pipe")]
        assert "kms:GenerateDataKey" in pipe
        assert SAMPLE_KEY in pipe
