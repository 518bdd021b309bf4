"""Least-privilege IAM for SAM functions and state machines: SAM policy templates scoped to one resource."""

from __future__ import annotations

from typing import Any

from generators.model import Design
from generators.renderers.analysis import FunctionPlan
from generators.renderers.cfn_yaml import GetAtt, Ref
from generators.renderers.sam.naming import bucket_name, lid, state_machine_arn


def function_policies(design: Design, plan: FunctionPlan) -> list[Any]:
    policies: list[Any] = []
    for grant in plan.grants:
        target = design.component(grant.component)
        ident = lid(grant.component)
        if grant.kind == "table":
            template = {"read": "DynamoDBReadPolicy", "write": "DynamoDBWritePolicy"}.get(grant.access,
                                                                                       "DynamoDBCrudPolicy")
            policies.append({template: {"TableName": Ref(ident)}})
        elif grant.kind == "bucket":
            template = {"read": "S3ReadPolicy", "write": "S3WritePolicy"}.get(grant.access, "S3CrudPolicy")
            policies.append({template: {"BucketName": bucket_name(design, grant.component)}})
        elif grant.kind == "topic":
            policies.append({"SNSPublishMessagePolicy": {"TopicName": GetAtt(ident, "TopicName")}})
        elif grant.kind == "event_bus":
            policies.append({"EventBridgePutEventsPolicy": {"EventBusName": GetAtt(ident, "Name")}})
        elif grant.kind == "queue":
            if grant.access == "read":
                policies.append({"SQSPollerPolicy": {"QueueName": GetAtt(ident, "QueueName")}})
            else:
                policies.append({"SQSSendMessagePolicy": {"QueueName": GetAtt(ident, "QueueName")}})
        elif grant.kind == "stream":
            if grant.access == "read":
                policies.append({"KinesisStreamReadPolicy": {"StreamName": Ref(ident)}})
            else:
                policies.append({"Statement": [{
                    "Effect": "Allow",
                    "Action": ["kinesis:PutRecord", "kinesis:PutRecords", "kinesis:DescribeStreamSummary"],
                    "Resource": GetAtt(ident, "Arn"),
                }]})
        elif grant.kind == "state_machine":
            policies.append({"StepFunctionsExecutionPolicy": {"StateMachineName": GetAtt(ident, "Name")}})
        elif grant.kind == "function":
            policies.append({"LambdaInvokePolicy": {"FunctionName": Ref(ident)}})
        del target
    if plan.shape == "callback":
        policies.append({"Statement": [{
            "Effect": "Allow",
            "Action": ["states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat"],
            "Resource": _state_machines_invoking(design, plan),
        }]})
    if plan.shape == "authorizer":
        policies.append({"AWSSecretsManagerGetSecretValuePolicy": {"SecretArn": Ref(lid(plan.name, "Secret"))}})
    return policies


def _state_machines_invoking(design: Design, plan: FunctionPlan) -> list[Any]:
    machines = [c.source for c in design.incoming(plan.name, "invokes")
                if design.component(c.source).kind == "state_machine"]
    return [state_machine_arn(design, m) for m in machines]


def state_machine_policies(design: Design, machine: str) -> list[Any]:
    policies: list[Any] = []
    for conn in design.outgoing(machine):
        ident = lid(conn.target)
        target = design.component(conn.target)
        if conn.kind == "invokes":
            policies.append({"LambdaInvokePolicy": {"FunctionName": Ref(ident)}})
        elif conn.kind == "integrates":
            if target.kind == "table":
                policies.append({"DynamoDBWritePolicy": {"TableName": Ref(ident)}})
            elif target.kind == "topic":
                policies.append({"SNSPublishMessagePolicy": {"TopicName": GetAtt(ident, "TopicName")}})
            elif target.kind == "event_bus":
                policies.append({"EventBridgePutEventsPolicy": {"EventBusName": GetAtt(ident, "Name")}})
            elif target.kind == "queue":
                policies.append({"SQSSendMessagePolicy": {"QueueName": GetAtt(ident, "QueueName")}})
    return policies
