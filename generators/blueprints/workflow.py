"""Workflow: a Step Functions state machine (JSONata) over Lambda tasks and direct SDK integrations, or the same
steps as code in one Lambda durable function (checkpoint and replay, a callback for the human approval)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from generators.blueprints.base import Blueprint, BlueprintOptions
from generators.model import (
    ChoiceStep,
    Component,
    Connection,
    Design,
    Durable,
    DurableOperation,
    EventBus,
    Function,
    HttpApi,
    Integrates,
    Invokes,
    ParallelStep,
    Project,
    Publishes,
    Routes,
    Schedule,
    SdkStep,
    Starts,
    StateMachine,
    Step,
    Table,
    TaskStep,
    Topic,
    Triggers,
    Writes,
)
from generators.model.io import DesignInputError
from generators.model.names import Name
from generators.model.schedules import check_schedule_expression

Action = Literal["invoke-function", "dynamodb-put", "sns-publish", "eventbridge-put"]
RESERVED = frozenset({"workflow", "starter", "api", "schedule", "trigger-bus", "workflow-table", "notifications",
                      "workflow-events", "needs-approval", "approval", "request-approval", "parallel"})
SdkAction = Literal["dynamodb_put", "sns_publish", "eventbridge_put", "sqs_send"]
SDK_TARGETS: dict[str, tuple[SdkAction, str]] = {
    "dynamodb-put": ("dynamodb_put", "workflow-table"),
    "sns-publish": ("sns_publish", "notifications"),
    "eventbridge-put": ("eventbridge_put", "workflow-events"),
}


class WorkflowStep(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    name: Name = Field(max_length=30, description="Step name (and its function's name for invoke-function)",
                       json_schema_extra={"maxLength": 30})  # Name's own 40 would otherwise show in the schema
    action: Action = Field(default="invoke-function",
                           description="invoke-function | dynamodb-put | sns-publish | eventbridge-put")
    timeout_s: int = Field(default=300, ge=1, le=900, description="Step timeout (s); the function's timeout too")

    @field_validator("name")
    @classmethod
    def _not_reserved(cls, value: str) -> str:
        if value in RESERVED:
            raise ValueError(f"step name {value!r} is reserved; avoid {', '.join(sorted(RESERVED))}")
        return value


def _default_steps() -> list[WorkflowStep]:
    return [
        WorkflowStep(name="validate", timeout_s=30),
        WorkflowStep(name="process", timeout_s=120),
        WorkflowStep(name="save", action="dynamodb-put", timeout_s=30),
        WorkflowStep(name="notify", action="sns-publish", timeout_s=30),
    ]


class WorkflowOptions(BlueprintOptions):
    engine: Literal["step-functions", "durable-function"] = Field(
        default="step-functions",
        description="step-functions (a state machine over Lambda tasks and SDK integrations) | durable-function "
                    "(the steps as code in one Lambda durable function, Python 3.13)",
    )
    workflow_type: Literal["standard", "express"] = Field(
        default="standard", description="standard (exactly-once, up to 1 year) | express (high volume, 5 minutes)",
        json_schema_extra={"applies_when": {"engine": ["step-functions"]}},
    )
    steps: list[WorkflowStep] = Field(default_factory=_default_steps, min_length=1, max_length=20)
    parallel_branches: list[Name] = Field(
        default_factory=list, max_length=10,
        description="Branches run side by side after the steps (a Parallel state, or the durable SDK's parallel); "
                    "empty = none",
    )
    human_approval: bool = Field(
        default=False,
        description="Before the last step, wait for a human approval (a task token, or a durable callback) when the "
                    "input asks for it",
    )
    trigger: Literal["api", "schedule", "eventbridge"] = Field(
        default="api", description="api (HTTP POST /executions) | schedule | eventbridge (rule on a custom bus)"
    )
    schedule_expression: str = Field(default="rate(1 hour)", description="For trigger 'schedule'",
                                     json_schema_extra={"applies_when": {"trigger": ["schedule"]}})

    execution_timeout_s: int = Field(
        default=604800, ge=1, le=31622400,
        description="Durable function: longest a whole execution may run, waits included (s, up to 366 days)",
        json_schema_extra={"applies_when": {"engine": ["durable-function"]}},
    )
    retention_days: int = Field(
        default=14, ge=1, le=90, description="Durable function: days the execution history is kept (1-90)",
        json_schema_extra={"applies_when": {"engine": ["durable-function"]}},
    )

    @field_validator("schedule_expression")
    @classmethod
    def _expression(cls, value: str) -> str:
        return check_schedule_expression(value)

    @field_validator("steps")
    @classmethod
    def _unique(cls, value: list[WorkflowStep]) -> list[WorkflowStep]:
        names = [s.name for s in value]
        if len(set(names)) != len(names):
            raise ValueError(f"step names must be unique, got {names}")
        return value

    @field_validator("steps")
    @classmethod
    def _express_steps(cls, value: list[WorkflowStep], info: ValidationInfo) -> list[WorkflowStep]:
        too_long = [s.name for s in value if s.timeout_s > 300]
        if info.data.get("workflow_type") == "express" and too_long:
            raise ValueError(f"express workflows run at most 300 s; steps {too_long} allow longer (advisor SFN-09)")
        return value

    @field_validator("human_approval")
    @classmethod
    def _approval_needs_standard(cls, value: bool, info: ValidationInfo) -> bool:
        if value and info.data.get("workflow_type") == "express":
            raise ValueError("human approval waits for a task token, which express workflows do not support; "
                             "use workflow_type 'standard' (advisor SFN-08)")
        return value

    @field_validator("parallel_branches")
    @classmethod
    def _branches(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("parallel branch names must be unique")
        for name in value:
            if name in RESERVED:
                raise ValueError(f"branch name {name!r} is reserved")
        return value


def build(project: Project, options: WorkflowOptions) -> Design:
    if options.engine == "durable-function":
        return build_durable(project, options)
    components: list[Component] = []
    connections: list[Connection] = []
    steps: list[Step] = []
    functions: list[str] = []
    sdk_targets: dict[str, object] = {}
    clash = set(options.parallel_branches) & {s.name for s in options.steps}
    if clash:
        raise DesignInputError([("parallel_branches", f"{sorted(clash)} already name steps; use other names")])
    for index, step in enumerate(options.steps):
        if options.human_approval and index == len(options.steps) - 1:
            steps.append(ChoiceStep(name="needs-approval", condition="$states.input.requires_approval = true",
                                    when_true="approval", otherwise=step.name))
            steps.append(TaskStep(name="approval", function="request-approval", integration="wait_for_callback",
                                  timeout_s=86400, heartbeat_s=None))
            functions.append("request-approval")
            components.append(Function(name="request-approval", memory_mb=256, timeout_s=10,
                                       description="Stores the task token and asks a human to approve"))
        if step.action == "invoke-function":
            steps.append(TaskStep(name=step.name, function=step.name, timeout_s=step.timeout_s, heartbeat_s=None))
            functions.append(step.name)
            components.append(Function(name=step.name, memory_mb=512, timeout_s=step.timeout_s,
                                       description=f"Workflow step '{step.name}'"))
        else:
            action, target = SDK_TARGETS[step.action]
            steps.append(SdkStep(name=step.name, action=action, target=target, timeout_s=step.timeout_s))
            if target not in sdk_targets:
                sdk_targets[target] = {
                    "workflow-table": Table(name="workflow-table", description="Workflow results"),
                    "notifications": Topic(name="notifications", description="Workflow notifications"),
                    "workflow-events": EventBus(name="workflow-events", description="Events the workflow emits"),
                }[target]
    if options.parallel_branches:
        steps.append(ParallelStep(name="parallel", branches=[[name] for name in options.parallel_branches]))
        for name in options.parallel_branches:
            functions.append(name)
            components.append(Function(name=name, memory_mb=512, timeout_s=60, description="Parallel branch"))
    components.extend(sdk_targets.values())  # type: ignore[arg-type]
    workflow_type: Literal["STANDARD", "EXPRESS"] = "EXPRESS" if options.workflow_type == "express" else "STANDARD"
    components.append(StateMachine(name="workflow", workflow_type=workflow_type, steps=steps,
                                   description=f"{workflow_type.title()} workflow"))
    for name in functions:
        connections.append(Invokes(source="workflow", target=name))
    for target in sdk_targets:
        connections.append(Integrates(source="workflow", target=target))
    if options.trigger == "api":
        components.append(HttpApi(name="api", auth="iam", description="POST /executions starts the workflow"))
        components.append(Function(name="starter", memory_mb=256, timeout_s=10,
                                   description="Validates the request and starts an execution"))
        connections.append(Routes(source="api", target="starter", method="POST", path="/executions"))
        connections.append(Starts(source="starter", target="workflow"))
    elif options.trigger == "schedule":
        components.append(Schedule(name="schedule", expression=options.schedule_expression,
                                   description="Starts the workflow on a schedule"))
        connections.append(Triggers(source="schedule", target="workflow"))
    else:
        components.append(EventBus(name="trigger-bus", description="Events on this bus start the workflow"))
        connections.append(Triggers(source="trigger-bus", target="workflow",
                                    event_pattern={"source": [project.name], "detail-type": ["WorkflowRequested"]},
                                    retry_attempts=3, max_event_age_s=3600, dlq=True))
    return Design(project=project, components=components, connections=connections)


DURABLE_ACTIONS: dict[str, Literal["dynamodb_put", "sns_publish", "eventbridge_put"]] = {
    "dynamodb-put": "dynamodb_put", "sns-publish": "sns_publish", "eventbridge-put": "eventbridge_put",
}


def _sdk_target(name: str) -> Component:
    if name == "workflow-table":
        return Table(name=name, description="Workflow results")
    if name == "notifications":
        return Topic(name=name, description="Workflow notifications")
    return EventBus(name=name, description="Events the workflow emits")


def build_durable(project: Project, options: WorkflowOptions) -> Design:
    """The same steps as the state machine, as operations of one durable function named `workflow`."""
    if project.language != "python":
        raise DesignInputError([("engine", "durable-function is generated for Python projects so far (SAM or CDK); "
                                           "use language 'python', or engine 'step-functions'")])
    if options.workflow_type == "express":
        raise DesignInputError([("workflow_type", "applies to the step-functions engine only; a durable function "
                                                  "runs up to execution_timeout_s")])
    clash = set(options.parallel_branches) & {s.name for s in options.steps}
    if clash:
        raise DesignInputError([("parallel_branches", f"{sorted(clash)} already name steps; use other names")])
    operations: list[DurableOperation] = []
    components: list[Component] = []
    connections: list[Connection] = []
    targets: dict[str, Component] = {}
    for index, step in enumerate(options.steps):
        if options.human_approval and index == len(options.steps) - 1:
            operations.append(DurableOperation(type="callback", name="approval", seconds=86400,
                                               only_if="requires_approval"))
        if step.action == "invoke-function":
            operations.append(DurableOperation(name=step.name))
            continue
        _action, target = SDK_TARGETS[step.action]
        operations.append(DurableOperation(name=step.name, action=DURABLE_ACTIONS[step.action], target=target))
        if target not in targets:
            targets[target] = _sdk_target(target)
    if options.parallel_branches:
        operations.append(DurableOperation(type="parallel", name="parallel", branches=list(options.parallel_branches)))
    longest = max([s.timeout_s for s in options.steps] + [60])
    components.append(Function(
        name="workflow", memory_mb=512, timeout_s=min(900, longest + 60),
        description="Durable workflow: runs the steps with checkpoints",
        on_failure_dlq=True,  # asynchronous starts that Lambda could not deliver are kept, not dropped (FN-23)
        durable=Durable(execution_timeout_s=options.execution_timeout_s, retention_days=options.retention_days,
                        operations=operations),
    ))
    components.extend(targets.values())
    for name, component in targets.items():
        connections.append(Writes(source="workflow", target=name) if component.kind == "table"
                           else Publishes(source="workflow", target=name))
    if options.trigger == "api":
        components.append(HttpApi(name="api", auth="iam", description="POST /executions starts the workflow"))
        components.append(Function(name="starter", memory_mb=256, timeout_s=10,
                                   description="Validates the request and starts a durable execution"))
        connections.append(Routes(source="api", target="starter", method="POST", path="/executions"))
        # an asynchronous invoke of a durable function starts a durable execution
        connections.append(Invokes(source="starter", target="workflow", invocation="async"))
    elif options.trigger == "schedule":
        components.append(Schedule(name="schedule", expression=options.schedule_expression,
                                   description="Starts the workflow on a schedule"))
        connections.append(Triggers(source="schedule", target="workflow"))
    else:
        components.append(EventBus(name="trigger-bus", description="Events on this bus start the workflow"))
        connections.append(Triggers(source="trigger-bus", target="workflow",
                                    event_pattern={"source": [project.name], "detail-type": ["WorkflowRequested"]},
                                    retry_attempts=3, max_event_age_s=3600, dlq=True))
    return Design(project=project, components=components, connections=connections)


BLUEPRINT = Blueprint(
    name="workflow",
    title="Workflow",
    summary="A workflow: a Step Functions state machine (Lambda tasks and SDK integrations with retries, catches "
            "and timeouts) or one Lambda durable function running the same steps as code.",
    options_model=WorkflowOptions,
    builder=build,
)
