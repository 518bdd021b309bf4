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
