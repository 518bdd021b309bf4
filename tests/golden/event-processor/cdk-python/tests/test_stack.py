"""Assertions on the synthesized stack: the infrastructure the design asks for, and a clean cdk-nag run."""

from __future__ import annotations

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Match, Template
from cdk_nag import AwsSolutionsChecks

from shop.stack import ShopStack


def synth(*, nag: bool = False) -> tuple[cdk.App, Template]:
    app = cdk.App()
    if nag:
        cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app))
    stack = ShopStack(
        app,
        "test",
        env=cdk.Environment(region="us-east-1"),
        environment="prod",
        log_retention_days=90,
        log_level="WARN",
    )
    return app, Template.from_stack(stack)


@pytest.fixture(scope="module")
def template() -> Template:
    return synth()[1]


def test_it_synthesizes_with_no_unacknowledged_cdk_nag_finding() -> None:
    app, _ = synth(nag=True)
    app.synth()


def test_it_creates_the_1_designed_functions_with_tracing_and_json_logs(template: Template) -> None:
    template.resource_properties_count_is(
        "AWS::Lambda::Function",
        {
            "Runtime": "python3.12",
            "Architectures": ["arm64"],
            "TracingConfig": {"Mode": "Active"},
            "LoggingConfig": Match.object_like({"LogFormat": "JSON"}),
        },
        1,
    )


def test_it_keeps_every_log_group_for_90_days_in_prod(template: Template) -> None:
    template.all_resources_properties("AWS::Logs::LogGroup", {"RetentionInDays": 90})


def test_it_encrypts_every_queue_and_alarms_on_each_dead_letter_queue(template: Template) -> None:
    template.all_resources_properties("AWS::SQS::Queue", {"SqsManagedSseEnabled": True})
    template.resource_properties_count_is(
        "AWS::CloudWatch::Alarm",
        {"MetricName": "ApproximateNumberOfMessagesVisible"},
        1,
    )


def test_it_polls_input_queue_for_processor_with_the_designed_settings(template: Template) -> None:
    template.has_resource_properties(
        "AWS::Lambda::EventSourceMapping",
        {
            "BatchSize": 10,
            "FunctionResponseTypes": ["ReportBatchItemFailures"],
        },
    )
