"""Amazon States Language (JSONata) for a StateMachine component, with `${...}` definition substitutions.

Target-neutral: SAM passes the substitutions as `DefinitionSubstitutions`, CDK as `definitionSubstitutions`.
"""

from __future__ import annotations

import json
from typing import Any

from generators.model import ChoiceStep, Design, ParallelStep, SdkStep, StateMachine, TaskStep
from generators.model.names import pascal

# Seed catalog §1.8.a: retry the transient Lambda service errors
LAMBDA_TRANSIENT_ERRORS = [
    "Lambda.ServiceException",
    "Lambda.AWSLambdaException",
    "Lambda.SdkClientException",
    "Lambda.TooManyRequestsException",
]
EMPTY_STATE = "Done"
SDK_RETRY_ERRORS = ["States.Timeout", "States.TaskFailed"]
FAIL_STATE = "Failed"


def substitution_key(component: str, attribute: str) -> str:
    """`process`, `Arn` -> `ProcessArn` — the `${...}` key in the definition."""
    return f"{pascal(component)}{attribute}"


def substitutions(design: Design, machine: StateMachine) -> dict[str, tuple[str, str]]:
    """Substitution key -> (component name, attribute) where attribute is Arn | Name | Url."""
    result: dict[str, tuple[str, str]] = {}
    for conn in design.outgoing(machine.name):
        target = design.component(conn.target)
        attribute = {"function": "Arn", "table": "Name", "topic": "Arn", "event_bus": "Name",
                     "queue": "Url"}.get(target.kind)
        if attribute:
            result[substitution_key(target.name, attribute)] = (target.name, attribute)
    return dict(sorted(result.items()))


def _retry(step: TaskStep | SdkStep, errors: list[str]) -> list[dict[str, Any]]:
    if not step.retry or step.retry_max_attempts == 0:
        return []
    return [{
        "ErrorEquals": errors,
        "IntervalSeconds": step.retry_interval_s,
        "MaxAttempts": step.retry_max_attempts,
        "BackoffRate": step.retry_backoff_rate,
        "JitterStrategy": "FULL",
    }]


def _lambda_task(step: TaskStep) -> dict[str, Any]:
    arn = "${" + substitution_key(step.function, "Arn") + "}"
    state: dict[str, Any] = {"Type": "Task"}
    if step.integration == "wait_for_callback":
        state["Resource"] = "arn:aws:states:::lambda:invoke.waitForTaskToken"
        state["Arguments"] = {
            "FunctionName": arn,
            "Payload": {"input": "{% $states.input %}", "taskToken": "{% $states.context.Task.Token %}"},
        }
        state["Output"] = "{% $merge([$states.input, {'approval': $states.result}]) %}"
    else:
        state["Resource"] = "arn:aws:states:::lambda:invoke"
        state["Arguments"] = {"FunctionName": arn, "Payload": "{% $states.input %}"}
        state["Output"] = "{% $states.result.Payload %}"
    state["TimeoutSeconds"] = step.timeout_s
    if step.heartbeat_s is not None:
        state["HeartbeatSeconds"] = step.heartbeat_s
    retry = _retry(step, LAMBDA_TRANSIENT_ERRORS)
    if retry:
        state["Retry"] = retry
    return state


def _sdk_task(step: SdkStep, project: str) -> dict[str, Any]:
    state: dict[str, Any] = {"Type": "Task"}
    if step.action == "dynamodb_put":
        state["Resource"] = "arn:aws:states:::dynamodb:putItem"
        state["Arguments"] = {
            "TableName": "${" + substitution_key(step.target, "Name") + "}",
            "Item": {
                "id": {"S": "{% $states.context.Execution.Name %}"},
                "step": {"S": step.name},
                "result": {"S": "{% $string($states.input) %}"},
            },
        }
    elif step.action == "sns_publish":
        state["Resource"] = "arn:aws:states:::sns:publish"
        state["Arguments"] = {
            "TopicArn": "${" + substitution_key(step.target, "Arn") + "}",
            "Message": "{% $string($states.input) %}",
        }
    elif step.action == "eventbridge_put":
        state["Resource"] = "arn:aws:states:::events:putEvents"
        state["Arguments"] = {"Entries": [{
            "EventBusName": "${" + substitution_key(step.target, "Name") + "}",
            "Source": project,
            "DetailType": step.name,
            "Detail": "{% $states.input %}",
        }]}
    else:
        state["Resource"] = "arn:aws:states:::sqs:sendMessage"
        state["Arguments"] = {
            "QueueUrl": "${" + substitution_key(step.target, "Url") + "}",
            "MessageBody": "{% $string($states.input) %}",
        }
    state["Output"] = "{% $states.input %}"
    state["TimeoutSeconds"] = step.timeout_s
    retry = _retry(step, SDK_RETRY_ERRORS)
    if retry:
        state["Retry"] = retry
    return state


def _catch() -> list[dict[str, Any]]:
    return [{"ErrorEquals": ["States.ALL"], "Next": FAIL_STATE}]


def definition(design: Design, machine: StateMachine) -> dict[str, Any]:
    states: dict[str, Any] = {}
    steps = machine.steps
    for index, step in enumerate(steps):
        following = steps[index + 1].name if index + 1 < len(steps) else None
        if isinstance(step, TaskStep):
            state = _lambda_task(step)
            if step.catch:
                state["Catch"] = _catch()
        elif isinstance(step, SdkStep):
            state = _sdk_task(step, design.project.name)
            if step.catch:
                state["Catch"] = _catch()
        elif isinstance(step, ChoiceStep):
            state = {
                "Type": "Choice",
                "Choices": [{"Condition": "{% " + step.condition + " %}", "Next": step.when_true}],
                "Default": step.otherwise or following,
            }
            states[step.name] = state
            continue
        else:
            assert isinstance(step, ParallelStep)
            branches = []
            for branch in step.branches:
                branch_states: dict[str, Any] = {}
                for j, function in enumerate(branch):
                    task = _lambda_task(TaskStep(name=function, function=function, timeout_s=step.timeout_s))
                    if j + 1 < len(branch):
                        task["Next"] = branch[j + 1]
                    else:
                        task["End"] = True
                    branch_states[function] = task
                branches.append({"StartAt": branch[0], "States": branch_states})
            state = {"Type": "Parallel", "Branches": branches, "Output": "{% $states.result %}"}
            if step.catch:
                state["Catch"] = _catch()
        # a Choice's targets skip ahead; the step just before a skipped-to step still flows on in order
        if following is None:
            state["End"] = True
        else:
            state["Next"] = _next_after(steps, index)
        states[step.name] = state
    if steps:
        states[FAIL_STATE] = {"Type": "Fail", "Error": "WorkflowFailed", "Cause": "A step failed after its retries"}
    else:  # a machine declared with only kind and name: a stub that returns its input
        states[EMPTY_STATE] = {"Type": "Pass", "End": True}
    document: dict[str, Any] = {
        "Comment": machine.description or f"{machine.name} workflow",
        "QueryLanguage": "JSONata",
        "StartAt": steps[0].name if steps else EMPTY_STATE,
    }
    if machine.timeout_s is not None:
        document["TimeoutSeconds"] = machine.timeout_s
    document["States"] = states
    return document


def _next_after(steps: list[Any], index: int) -> str:
    return str(steps[index + 1].name)


def definition_json(design: Design, machine: StateMachine) -> str:
    return json.dumps(definition(design, machine), indent=2) + "\n"
