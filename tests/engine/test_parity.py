"""SAM and CDK describe the same application: for every variant, the transformed SAM template and each synthesized
CDK stack hold the same number of functions, queues, tables, topics, buses, state machines, schedules, buckets,
streams and triggers (event source mappings, subscriptions, rules), type by type."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from generators.renderers import render
from tests.engine import matrix
from tests.engine.validators import sam_transform
from tests.engine.variants import build

pytestmark = pytest.mark.matrix
COMPARED = (
    "AWS::Lambda::Function", "AWS::SQS::Queue", "AWS::DynamoDB::Table", "AWS::SNS::Topic", "AWS::Events::EventBus",
    "AWS::StepFunctions::StateMachine", "AWS::Scheduler::Schedule", "AWS::S3::Bucket", "AWS::Kinesis::Stream",
    "AWS::Lambda::EventSourceMapping", "AWS::SNS::Subscription", "AWS::Events::Rule", "AWS::Events::Archive",
    "AWS::Cognito::UserPool", "AWS::SecretsManager::Secret",
)
# Deployment machinery, not application resources: CDK configures S3 notifications with a custom resource function
CDK_FRAMEWORK = ("BucketNotificationsHandler",)


def counts(template: dict[str, Any]) -> Counter[str]:
    return Counter(resource["Type"] for name, resource in template["Resources"].items()
                   if resource["Type"] in COMPARED and not name.startswith(CDK_FRAMEWORK))


@pytest.mark.parametrize("target", ["cdk-typescript", "cdk-python"])
@pytest.mark.parametrize(("blueprint", "options"), matrix.CASES, ids=matrix.IDS)
def test_sam_and_cdk_create_the_same_resources(blueprint: str, options: dict[str, Any], target: str) -> None:
    sam = sam_transform(render(build(blueprint, options, language=matrix.TARGETS[target][1])).text("template.yaml"))
    ident = matrix.IDS[matrix.CASES.index((blueprint, options))]
    assert matrix.runs(target)[ident].step("synth").ok, "the CDK app did not synthesize"
    cdk = matrix.synthesized(matrix.projects(target)[ident])
    assert counts(cdk) == counts(sam)
