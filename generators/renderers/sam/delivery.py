"""Event delivery in template.yaml: topic -> queue subscriptions, one EventBridge rule per bus consumer, and
EventBridge Scheduler schedules, each with its retry policy, dead-letter queue and the narrow permissions the
AWS service needs to deliver."""

from __future__ import annotations

from typing import Any

from generators.model import EventBus, Schedule, Topic
from generators.model.names import pascal
from generators.renderers.cfn_yaml import GetAtt, Ref
from generators.renderers.plan import event_sources
from generators.renderers.sam import resources
from generators.renderers.sam.builder import Builder
from generators.renderers.sam.naming import attribute, invoke_target, lid
from generators.renderers.sam.resources import (
    allow_send,
    compact_json,
    queue_policy,
    service_role,
    ssl_only_queue_policy,
)


def topic_queue_subscriptions(builder: Builder, topic: Topic) -> None:
    """A topic -> queue trigger is an SQS subscription (the queue policy allowing it comes from
    _collect_queue_statements); a function subscription is the function's SNS event instead."""
    for conn in builder.design.triggers_from(topic.name):
        queue = builder.design.component(conn.target)
        if queue.kind != "queue":
            continue
        ident = lid(queue.name)
        properties: dict[str, Any] = {"Protocol": "sqs", "TopicArn": Ref(lid(topic.name)),
                                      "Endpoint": GetAtt(ident, "Arn")}
        if conn.filter_policy:
            properties["FilterPolicy"] = conn.filter_policy
            properties["FilterPolicyScope"] = event_sources.filter_policy_scope(conn)
        dlq = event_sources.subscription_dlq(conn)
        if dlq is not None:
            builder.add(dlq, resources.dead_letter_queue())
            builder.add(f"{dlq}Policy", queue_policy(dlq, [
                allow_send("sns.amazonaws.com", dlq, Ref(lid(topic.name)), "AllowTopicRedrive")]))
            properties["RedrivePolicy"] = {"deadLetterTargetArn": GetAtt(dlq, "Arn")}
        builder.add(f"{ident}Subscription", {"Type": "AWS::SNS::Subscription", "Properties": properties})


def bus_rules(builder: Builder, bus: EventBus) -> None:
    design = builder.design
    for conn in design.triggers_from(bus.name):
        target = design.component(conn.target)
        rule, dlq = event_sources.rule_ids(conn)
        arn = (invoke_target(design, target.name) if target.kind == "function"
               else GetAtt(lid(target.name), "Arn") if target.kind == "queue" else attribute(design, target, "arn"))
        target_def: dict[str, Any] = {"Id": pascal(target.name), "Arn": arn}
        retries, max_age = event_sources.rule_retry_policy(conn)
        target_def["RetryPolicy"] = {"MaximumRetryAttempts": retries, "MaximumEventAgeInSeconds": max_age}
        if conn.dlq is not False:
            builder.add(dlq, resources.dead_letter_queue())
            builder.add(f"{dlq}Policy", queue_policy(dlq, [
                allow_send("events.amazonaws.com", dlq, GetAtt(rule, "Arn"), "AllowRuleDeadLetters")]))
            target_def["DeadLetterConfig"] = {"Arn": GetAtt(dlq, "Arn")}
        if target.kind == "state_machine":
            role = lid(f"{bus.name}-to-{target.name}", "Role")
            builder.add(role, service_role("events.amazonaws.com", [{
                "Effect": "Allow", "Action": "states:StartExecution", "Resource": Ref(lid(target.name))}]))
            target_def["RoleArn"] = GetAtt(role, "Arn")
        builder.add(rule, {"Type": "AWS::Events::Rule", "Properties": {
            "Description": f"{bus.name} -> {target.name}",
            "EventBusName": GetAtt(lid(bus.name), "Name"),
            "EventPattern": conn.event_pattern,
            "State": "ENABLED",
            "Targets": [target_def],
        }})
        if target.kind == "function":
            builder.add(lid(f"{bus.name}-to-{target.name}", "Permission"), {
                "Type": "AWS::Lambda::Permission", "Properties": {
                    "Action": "lambda:InvokeFunction", "FunctionName": invoke_target(design, target.name),
                    "Principal": "events.amazonaws.com", "SourceArn": GetAtt(rule, "Arn")}})


def schedule_resources(builder: Builder, schedule: Schedule) -> None:
    design = builder.design
    ident = lid(schedule.name)
    conns = design.triggers_from(schedule.name)
    if not conns:
        return
    target = design.component(conns[0].target)
    statements: list[dict[str, Any]] = []
    if target.kind == "function":
        arn = invoke_target(design, target.name)
        statements.append({"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": arn})
    else:
        arn = Ref(lid(target.name))
        statements.append({"Effect": "Allow", "Action": "states:StartExecution", "Resource": arn})
    target_def: dict[str, Any] = {
        "Arn": arn,
        "RoleArn": GetAtt(f"{ident}Role", "Arn"),
        # the scheduler's own ids: a retried invocation carries the same execution id (idempotency key)
        "Input": compact_json({"scheduled_time": "<aws.scheduler.scheduled-time>",
                        "execution_id": "<aws.scheduler.execution-id>"}),
        "RetryPolicy": {"MaximumRetryAttempts": schedule.retry_attempts,
                        "MaximumEventAgeInSeconds": schedule.max_event_age_s},
    }
    if schedule.dlq:
        builder.add(f"{ident}DLQ", resources.dead_letter_queue())
        builder.add(f"{ident}DLQPolicy", ssl_only_queue_policy(f"{ident}DLQ"))
        statements.append(
            {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": GetAtt(f"{ident}DLQ", "Arn")}
        )
        target_def["DeadLetterConfig"] = {"Arn": GetAtt(f"{ident}DLQ", "Arn")}
    builder.add(f"{ident}Role", service_role("scheduler.amazonaws.com", statements))
    window: dict[str, Any] = {"Mode": "OFF"}
    if schedule.flexible_window_minutes:
        window = {"Mode": "FLEXIBLE", "MaximumWindowInMinutes": schedule.flexible_window_minutes}
    builder.add(ident, {"Type": "AWS::Scheduler::Schedule", "Properties": {
        "Description": schedule.description or f"Runs {target.name}",
        "ScheduleExpression": schedule.expression,
        "ScheduleExpressionTimezone": schedule.timezone,
        "FlexibleTimeWindow": window,
        "State": "ENABLED" if schedule.enabled else "DISABLED",
        "Target": target_def,
    }})
