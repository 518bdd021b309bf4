"""How many resources a design's stack holds once deployed: CloudFormation allows at most 500 per stack (cfn-lint
E3010), and the SAM transform expands each serverless resource into several (a function into the function, its
role, one resource per event source, a version and alias for `AutoPublishAlias`, …).

The count is taken from the SAM template the designer builds (before it is printed) and the transform's expansion
rules below; tests/engine/test_stack_size.py checks it equals the real transform's count for every variant of
every project type and every connection-matrix design. CDK apps of the same design synthesise a similar number.
"""

from __future__ import annotations

from typing import Any

from generators.model import Design

MAX_STACK_RESOURCES = 500

# Resources the transform adds for one event of a function, by event type (beyond the function itself).
_FUNCTION_EVENTS = {
    "SQS": 1, "Kinesis": 1, "DynamoDB": 1, "MSK": 1, "MQ": 1, "SelfManagedKafka": 1, "DocumentDB": 1,  # mapping
    "Api": 1, "HttpApi": 1, "S3": 1,  # a permission (the bucket carries the notification itself)
    "SNS": 2,  # subscription + permission
    "Schedule": 2, "EventBridgeRule": 2, "CloudWatchEvent": 2,  # rule + permission
    "ScheduleV2": 2,  # schedule + its role
}
_STATE_MACHINE_EVENTS = {"Schedule": 2, "ScheduleV2": 2, "EventBridgeRule": 2, "CloudWatchEvent": 2, "Api": 1}


def transformed_resource_count(template: dict[str, Any]) -> int:
    """Resources of the template after the SAM transform."""
    count = 0
    for resource in template.get("Resources", {}).values():
        kind = resource.get("Type")
        properties = resource.get("Properties") or {}
        if kind == "AWS::Serverless::Function":
            count += 1 + ("Role" not in properties)
            count += sum(_FUNCTION_EVENTS.get(event.get("Type"), 1) for event in (properties.get("Events") or {})
                         .values())
            count += 2 if properties.get("AutoPublishAlias") else 0  # version + alias
            url = properties.get("FunctionUrlConfig")
            if url:
                count += 1 + (url.get("AuthType") == "NONE")  # the URL, and a public permission when unauthenticated
            count += 1 if properties.get("EventInvokeConfig") else 0
        elif kind == "AWS::Serverless::Api":
            authorizers = (properties.get("Auth") or {}).get("Authorizers") or {}
            count += 3 + sum(1 for a in authorizers.values() if "FunctionArn" in a)  # api, deployment, stage
        elif kind == "AWS::Serverless::HttpApi":
            count += 2  # api, stage
        elif kind == "AWS::Serverless::StateMachine":
            count += 1 + ("Role" not in properties)
            count += sum(_STATE_MACHINE_EVENTS.get(event.get("Type"), 1)
                         for event in (properties.get("Events") or {}).values())
        else:
            count += 1
    return count


def stack_resource_count(design: Design) -> int:
    """Resources the design's stack holds once deployed (its SAM form, whatever the target)."""
    from generators.renderers.sam.template import TemplateBuilder

    return transformed_resource_count(TemplateBuilder(design).build())
