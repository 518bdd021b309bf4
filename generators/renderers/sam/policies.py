"""Least-privilege IAM from the design's connections.

Functions get an explicit execution role: SAM's generated roles attach AWS managed policies for event sources
(`AWSLambdaSQSQueueExecutionRole`, ...) and basic execution that allow their actions on every resource. Ours
names one resource per statement: the function's own log group, the queue or stream it consumes, and each
component a connection lets it touch. The only wildcards left are the ones AWS requires, listed with reasons
in REQUIRED_WILDCARDS.
"""

from __future__ import annotations

from typing import Any

from generators.catalog import component as catalog_components_row
from generators.catalog import components as catalog_components
from generators.model import Design
from generators.renderers.analysis import FunctionPlan
from generators.renderers.cfn_yaml import GetAtt, Ref, Sub
from generators.renderers.plan import event_sources, organisation
from generators.renderers.sam.naming import bucket_name, lid, state_machine_arn

Statement = dict[str, Any]

# Actions AWS only authorizes on Resource "*" (no resource-level permissions), with the reason.
REQUIRED_WILDCARDS: dict[str, str] = {
    "dynamodb:ListStreams": "Lambda's DynamoDB Streams poller lists streams; the action has no resource type",
    **dict.fromkeys(catalog_components.ESM_NETWORK_INTERFACES,
                    "The poller of an MSK, Kafka, MQ or DocumentDB source creates and describes network interfaces "
                    "in the source's VPC; AWS authorizes these actions on every resource only"),
    "logs:CreateLogDelivery": "Step Functions log delivery (vended logs) has no resource-level permissions",
    "logs:GetLogDelivery": "Step Functions log delivery (vended logs) has no resource-level permissions",
    "logs:UpdateLogDelivery": "Step Functions log delivery (vended logs) has no resource-level permissions",
    "logs:DeleteLogDelivery": "Step Functions log delivery (vended logs) has no resource-level permissions",
    "logs:ListLogDeliveries": "Step Functions log delivery (vended logs) has no resource-level permissions",
    "logs:PutResourcePolicy": "Step Functions log delivery (vended logs) has no resource-level permissions",
    "logs:DescribeResourcePolicies": "Step Functions log delivery (vended logs) has no resource-level permissions",
    "logs:DescribeLogGroups": "Step Functions log delivery (vended logs) has no resource-level permissions",
    **dict.fromkeys(organisation.ENI_ACTIONS, organisation.ENI_REASON),  # a function in the organisation's VPC
}
XRAY_MANAGED_POLICY = "arn:${AWS::Partition}:iam::aws:policy/AWSXrayWriteOnlyAccess"

# the IAM action sets per access level live in the catalog rows; SAM prints them as lists
DYNAMODB_READ = list(catalog_components.DYNAMODB_READ)
DYNAMODB_WRITE = list(catalog_components.DYNAMODB_WRITE)
S3_READ = list(catalog_components.S3_READ)
S3_WRITE = list(catalog_components.S3_WRITE)
S3_DELETE = list(catalog_components.S3_DELETE)
SQS_CONSUME = list(catalog_components.SQS_CONSUME)
SQS_SEND = list(catalog_components.SQS_SEND)
KINESIS_READ = list(catalog_components.KINESIS_READ)
KINESIS_WRITE = list(catalog_components.KINESIS_WRITE)
DYNAMODB_STREAM_READ = list(catalog_components.DYNAMODB_STREAM_READ)


def allow(actions: list[str], resources: list[Any], sid: str | None = None) -> Statement:
    statement: Statement = {"Effect": "Allow", "Action": sorted(set(actions)),
                            "Resource": resources if len(resources) > 1 else resources[0]}
    if sid:
        statement = {"Sid": sid, **statement}
    return statement


def _table_resources(table: str) -> list[Any]:
    return [GetAtt(lid(table), "Arn"), Sub(f"${{{lid(table)}.Arn}}/index/*")]


def _grant_statements(design: Design, plan: FunctionPlan) -> list[Statement]:
    statements: list[Statement] = []
    for grant in plan.grants:
        ident = lid(grant.component)
        if grant.kind == "table" and grant.operations:  # a route function: its operations on the table itself
            statements.append(allow(list(grant.actions), [GetAtt(ident, "Arn")], "RouteOperations"))
        elif grant.kind == "table":
            actions = {"read": DYNAMODB_READ, "write": DYNAMODB_WRITE}.get(grant.access, DYNAMODB_READ + DYNAMODB_WRITE)
            statements.append(allow(actions, _table_resources(grant.component)))
        elif grant.kind == "bucket":
            name = bucket_name(design, grant.component).value
            objects = Sub(f"arn:${{AWS::Partition}}:s3:::{name}/*")
            bucket = Sub(f"arn:${{AWS::Partition}}:s3:::{name}")
            if grant.access in ("read", "read_write"):
                statements.append(allow(["s3:ListBucket"], [bucket]))
            actions = {"read": S3_READ, "write": S3_WRITE}.get(grant.access, S3_READ + S3_WRITE + S3_DELETE)
            statements.append(allow(actions, [objects]))
        elif grant.kind == "topic":
            statements.append(allow(["sns:Publish"], [Ref(ident)]))
        elif grant.kind == "event_bus":
            statements.append(allow(["events:PutEvents"], [GetAtt(ident, "Arn")]))
        elif grant.kind == "queue":
            actions = SQS_CONSUME if grant.access == "read" else SQS_SEND
            statements.append(allow(actions, [GetAtt(ident, "Arn")]))
        elif grant.kind == "stream":
            actions = KINESIS_READ if grant.access == "read" else KINESIS_WRITE
            statements.append(allow(actions, [GetAtt(ident, "Arn")]))
        elif grant.kind == "state_machine":
            statements.append(allow(["states:StartExecution"], [Ref(ident)]))
        elif grant.kind == "function" and grant.access == "start":  # a durable function: its live alias only
            statements.append(allow(["lambda:InvokeFunction"], [Sub(f"${{{ident}.Arn}}:live")], "StartExecutions"))
        elif grant.kind == "function":
            statements.append(allow(["lambda:InvokeFunction"], [GetAtt(ident, "Arn")]))
        elif grant.kind == "secret":  # this one secret only (its Ref is the ARN)
            statements.append(allow(list(grant.actions), [Ref(ident)]))
    return statements


def _event_source_statements(plan: FunctionPlan, design_name: str) -> list[Statement]:
    """What Lambda's pollers need to read the function's own event source."""
    source, trigger = plan.source, plan.trigger
    if source is None or trigger is None:
        return []
    ident = lid(source.name)
    statements: list[Statement] = []
    if source.kind == "queue":
        statements.append(allow(SQS_CONSUME, [GetAtt(ident, "Arn")], "ConsumeEventSource"))
    elif source.kind == "table":
        statements.append(allow(DYNAMODB_STREAM_READ, [GetAtt(ident, "StreamArn")], "ReadEventSource"))
        statements.append(allow(["dynamodb:ListStreams"], ["*"], "ListStreams"))
    elif source.kind == "stream":
        statements.append(allow(KINESIS_READ, [GetAtt(ident, "Arn")], "ReadEventSource"))
    elif catalog_components_row(source.kind).event_source is not None:
        external = event_sources.external_source(design_name, trigger, source)
        statements += [allow(list(g.actions), [Ref(lid(r.component)) if isinstance(r, event_sources.SecretArn) else r
                                               for r in g.resources], g.sid) for g in external.grants]
    if source.kind in ("table", "stream") and trigger.on_failure_dlq is not False:
        statements.append(allow(["sqs:SendMessage"], [GetAtt(f"{lid(plan.name)}StreamDLQ", "Arn")],
                                "SendFailedBatches"))
    return statements


def function_role(design: Design, plan: FunctionPlan) -> dict[str, Any]:
    """An execution role holding exactly what the function's connections need."""
    ident = lid(plan.name)
    statements: list[Statement] = [
        allow(["logs:CreateLogStream", "logs:PutLogEvents"], [GetAtt(f"{ident}LogGroup", "Arn")], "WriteOwnLogs"),
    ]
    statements.extend(_event_source_statements(plan, design.project.name))
    statements.extend(_grant_statements(design, plan))
    if plan.function.on_failure_dlq:
        statements.append(allow(["sqs:SendMessage"], [GetAtt(f"{ident}DLQ", "Arn")], "SendFailedEvents"))
    if plan.shape == "callback":
        machines = [c.source for c in design.incoming(plan.name, "invokes")
                    if design.component(c.source).kind == "state_machine"]
        statements.append(allow(["states:SendTaskFailure", "states:SendTaskHeartbeat", "states:SendTaskSuccess"],
                                [state_machine_arn(design, m) for m in machines], "ReportTaskResult"))
    if plan.shape == "authorizer":
        statements.append(allow(["secretsmanager:GetSecretValue"], [Ref(f"{ident}Secret")], "ReadAcceptedToken"))
    if organisation.vpc(design) is not None:  # Lambda creates the function's network interfaces with its role
        statements.append(allow(list(organisation.ENI_ACTIONS), ["*"], "ManageNetworkInterfaces"))
    properties: dict[str, Any] = {
        "Description": f"Execution role of {plan.name}: only what its connections need",
        "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole",
        }]},
        "Policies": [{"PolicyName": "least-privilege",
                      "PolicyDocument": {"Version": "2012-10-17", "Statement": statements}}],
    }
    if plan.function.tracing:
        properties["ManagedPolicyArns"] = [Sub(XRAY_MANAGED_POLICY)]
    return {"Type": "AWS::IAM::Role", "Properties": properties}


DURABLE_ACTIONS = ["lambda:CheckpointDurableExecution", "lambda:GetDurableExecutionState"]


def checkpoint_policy(ident: str) -> dict[str, Any]:
    """What a durable function needs to checkpoint and replay, on its own executions only.

    Lambda authorizes these on the durable execution ARN, a sub-resource of a function version
    (`function:<name>:<version>/durable-execution/...`), so the resource is the function ARN with `:*`. A policy of
    its own, attached to the role, because the role cannot name the function it is the role of (a Ref cycle).
    """
    return {"Type": "AWS::IAM::Policy", "Properties": {
        "PolicyName": "durable-execution",
        "Roles": [Ref(f"{ident}Role")],
        "PolicyDocument": {"Version": "2012-10-17", "Statement": [
            allow(DURABLE_ACTIONS, [Sub(f"${{{ident}.Arn}}:*")], "CheckpointOwnExecutions")]},
    }}


def state_machine_policies(design: Design, machine: str) -> list[Any]:
    """SAM policy templates scoped to one resource each (state machines have no event-source policies)."""
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
