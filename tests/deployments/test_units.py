"""The pipeline's pure parts, as scenario tables: outputs worked out from a stack's resources, what the sandbox
skipped, reproducible zips, esbuild's command line, the bootstrap-less CDK template, lint problems tied to the
resource the user wrote, AWS errors a user can read."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import botocore.exceptions
import pytest

from apps.deployments import aws, cdk_build, node_build, python_build, sam, stack_report
from apps.deployments.lint import lint_template
from apps.deployments.services import stack_name_for

CONTEXT = stack_report.StackContext(
    stack_name="shop-dev", stack_id="arn:aws:cloudformation:us-east-1:123456789012:stack/shop-dev/1",
    region="us-east-1", account="123456789012", parameters={"Environment": "dev"},
    physical_ids={"Queue": "https://sqs.us-east-1.amazonaws.com/123456789012/shop-dev-Queue-1",
                  "Table": "shop-dev-Table-1", "Topic": "arn:aws:sns:us-east-1:123456789012:shop-dev-Topic-1",
                  "Fn": "shop-dev-Fn-1", "Machine": "arn:aws:states:us-east-1:123456789012:stateMachine:m"},
    types={"Queue": "AWS::SQS::Queue", "Table": "AWS::DynamoDB::Table", "Topic": "AWS::SNS::Topic",
           "Fn": "AWS::Lambda::Function", "Machine": "AWS::StepFunctions::StateMachine",
           "Api": "AWS::ApiGatewayV2::Api"},
)


@pytest.mark.parametrize(("an_output_that", "value", "expected"), [
    ("refers to a queue gives its URL", {"Ref": "Queue"}, CONTEXT.physical_ids["Queue"]),
    ("asks for a queue's ARN gets it derived", {"Fn::GetAtt": ["Queue", "Arn"]},
     "arn:aws:sqs:us-east-1:123456789012:shop-dev-Queue-1"),
    ("asks for a table's ARN gets it derived", {"Fn::GetAtt": "Table.Arn"},
     "arn:aws:dynamodb:us-east-1:123456789012:table/shop-dev-Table-1"),
    ("asks for a function's ARN gets it derived", {"Fn::GetAtt": ["Fn", "Arn"]},
     "arn:aws:lambda:us-east-1:123456789012:function:shop-dev-Fn-1"),
    ("refers to a state machine gives its ARN", {"Ref": "Machine"}, CONTEXT.physical_ids["Machine"]),
    ("substitutes pseudo parameters and parameters", {"Fn::Sub": "${AWS::StackName}-${Environment}-${AWS::Region}"},
     "shop-dev-dev-us-east-1"),
    ("substitutes attributes", {"Fn::Sub": "topic=${Topic.TopicName}"}, "topic=shop-dev-Topic-1"),
    ("joins values", {"Fn::Join": ["/", [{"Ref": "Table"}, "x"]]}, "shop-dev-Table-1/x"),
])
def test_outputs_are_worked_out_from_the_stack(an_output_that: str, value: Any, expected: str) -> None:
    [output] = stack_report.resolve_outputs({"Outputs": {"O": {"Value": value}}}, CONTEXT)

    assert (output["value"], output["note"]) == (expected, "")


@pytest.mark.parametrize(("an_output_that", "value", "note"), [
    ("needs a skipped resource says so", {"Fn::Sub": "https://${Api}.execute-api.${AWS::Region}.amazonaws.com"},
     "depends on Api (AWS::ApiGatewayV2::Api), which the target did not create"),
    ("needs an attribute nobody reports says so", {"Fn::GetAtt": ["Table", "StreamArn"]},
     "Table.StreamArn is not reported by the target"),
    ("uses a function not evaluated here says so", {"Fn::ImportValue": "x"}, "Fn::ImportValue is not evaluated here"),
])
def test_outputs_that_cannot_be_known_say_why(an_output_that: str, value: Any, note: str) -> None:
    [output] = stack_report.resolve_outputs({"Outputs": {"O": {"Value": value}}}, CONTEXT)

    assert (output["value"], output["note"]) == ("", note)


def test_resources_the_stack_does_not_list_are_skipped_ones() -> None:
    template = {"Resources": {"Queue": {"Type": "AWS::SQS::Queue"}, "Alarm": {"Type": "AWS::CloudWatch::Alarm"}}}
    listed = [{"LogicalResourceId": "Queue", "PhysicalResourceId": "q"}, {"LogicalResourceId": ""}]

    assert stack_report.skipped_resources(template, listed) == [
        {"logical_id": "Alarm", "type": "AWS::CloudWatch::Alarm"}]


# ---------------------------------------------------------------------------------------------- builds
def test_function_zips_are_reproducible_and_leave_caches_out() -> None:
    sources = {"app.py": b"x = 1\n", "__pycache__/app.cpython-312.pyc": b"\0", "lib/util.py": b"y = 2\n"}

    first = python_build.function_zip(sources, python_build.zip_files([("dep/__init__.py", b"")]))
    second = python_build.function_zip(dict(reversed(list(sources.items()))),
                                       python_build.zip_files([("dep/__init__.py", b"")]))

    assert first == second
    assert zipfile.ZipFile(io.BytesIO(first)).namelist() == ["dep/__init__.py", "app.py", "lib/util.py"]


@pytest.mark.parametrize(("line", "accepted"), [
    ("aws-lambda-powertools[tracer]==3.37.0", True), ("# a comment", None), ("", None), ("-r dev.txt", False),
])
def test_requirement_lines(line: str, accepted: bool | None) -> None:
    if accepted is False:
        with pytest.raises(python_build.BuildError, match="pip options are not supported"):
            python_build.requirement_lines(line)
    else:
        assert python_build.requirement_lines(line) == ([line] if accepted else [])


def test_the_esbuild_command_line_follows_sam_build_properties(tmp_path: Any) -> None:
    properties = {"Format": "esm", "Target": "es2022", "Minify": True, "Sourcemap": "true",
                  "OutExtension": [".js=.mjs"], "External": ["@aws-sdk/*"], "Banner": ["js=// hi"]}

    args = node_build.esbuild_arguments(properties, tmp_path)

    assert args == ["--bundle", f"--outdir={tmp_path}", "--platform=node", "--format=esm", "--target=es2022",
                    "--minify", "--sourcemap", "--out-extension:.js=.mjs", "--banner:js=// hi",
                    "--external:@aws-sdk/*"]


def test_a_cdk_template_needs_no_bootstrap_after_packaging() -> None:
    template = {
        "Parameters": {"BootstrapVersion": {"Type": "AWS::SSM::Parameter::Value<String>"}},
        "Rules": {"CheckBootstrapVersion": {"Assertions": []}},
        "Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Code": {
            "S3Bucket": {"Fn::Sub": "cdk-hnb659fds-assets-${AWS::AccountId}-us-east-1"}, "S3Key": "abc.zip"}}}},
    }

    packaged = cdk_build.without_bootstrap(template, "designer-artifacts-1-us-east-1")

    assert "Parameters" not in packaged
    assert "Rules" not in packaged
    assert packaged["Resources"]["Fn"]["Properties"]["Code"] == {"S3Bucket": "designer-artifacts-1-us-east-1",
                                                                  "S3Key": "abc.zip"}


@pytest.mark.parametrize(("value", "expected"), [
    ("src/router/", "src/router"), ("./", ""), (".", ""), ("s3://bucket/key.zip", None), ({"Bucket": "b"}, None),
])
def test_which_code_locations_are_local(value: Any, expected: str | None) -> None:
    assert sam.local_path(value) == expected


@pytest.mark.parametrize(("project", "environment", "stack"), [
    ("shop", "dev", "shop-dev"), ("orders-api", "prod", "orders-api-prod"), ("9lives", "dev", "s-9lives-dev"),
])
def test_stack_names_follow_the_generated_samconfig(project: str, environment: str, stack: str) -> None:
    assert stack_name_for(project_name=project, environment=environment) == stack


# ---------------------------------------------------------------------------------------------- lint, AWS errors
def test_a_lint_error_in_an_expanded_resource_names_the_resource_the_user_wrote() -> None:
    template = {"Resources": {"RouterRole": {"Type": "AWS::IAM::Role", "Properties": {
        "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []}, "Bogus": 1}}}}

    [problem] = [p for p in lint_template(template, region="us-east-1", stage="final",
                                          sources=frozenset({"Router", "Rout"})) if p.rule == "E3002"]

    assert problem.resource == "RouterRole (from Router)"
    assert problem.describe().startswith("E3002 RouterRole (from Router): Additional properties are not allowed")


def test_aws_errors_read_as_a_sentence() -> None:
    error = botocore.exceptions.ClientError(
        {"Error": {"Code": "AccessDenied", "Message": "User is not authorized"}}, "CreateChangeSet")

    readable = aws._as_aws_error(error, "create_change_set")

    assert str(readable) == "CreateChangeSet failed: AccessDenied: User is not authorized"
    assert readable.code == "AccessDenied"


def test_backoff_grows_and_is_capped() -> None:
    policy = aws.RetryPolicy(base_seconds=0.5, cap_seconds=4.0)

    delays = [policy.delay(attempt) for attempt in range(1, 10) for _ in range(20)]

    assert min(delays) >= 0.5
    assert max(delays) <= 4.0
