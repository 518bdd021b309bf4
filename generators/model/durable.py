"""Lambda durable functions: a function whose handler runs a workflow as code (checkpoint and replay).

The operations are the workflow's steps in order, each one an operation of the durable execution SDK: a `step`
(your code, or a DynamoDB put / SNS publish / EventBridge put), a `wait`, a `callback` (the execution suspends
until someone sends the callback's result, e.g. a human approval), a `parallel` block of code steps or a `map`
(one code step per item of the state's `items`). Limits are
AWS's: an execution runs at most 366 days (31,622,400 s) and its history is kept 1-90 days.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from generators.model.names import Name

# the component kind each SDK action writes to (and the connection that grants it)
DURABLE_ACTION_TARGETS: dict[str, tuple[str, str]] = {
    "dynamodb_put": ("table", "writes"),
    "sns_publish": ("topic", "publishes"),
    "eventbridge_put": ("event_bus", "publishes"),
}
MAX_EXECUTION_TIMEOUT_S = 31622400


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, defer_build=True)


class DurableOperation(_Strict):
    """One operation of the workflow, run in order."""

    type: Literal["step", "wait", "callback", "parallel", "map"] = Field(
        default="step",
        description="step | wait | callback (suspend until a result is sent) | parallel | map (a code step run for "
                    "each item of the state's `items`, side by side)",
    )
    name: Name
    action: Literal["code", "dynamodb_put", "sns_publish", "eventbridge_put"] = Field(
        default="code", description="Steps: your code, or a DynamoDB put / SNS publish / EventBridge put")
    target: Name | None = Field(default=None, description="Steps with an SDK action: the table, topic or bus")
    seconds: int = Field(
        default=86400, ge=1, le=MAX_EXECUTION_TIMEOUT_S,
        description="Waits: how long; callbacks: how long to wait for the result before failing",
    )
    branches: list[Name] = Field(default_factory=list, max_length=10,
                                 description="Parallel: the code steps run side by side")
    only_if: Literal["requires_approval"] | None = Field(
        default=None, description="Run only when the execution's input has this flag set to true",
    )
    retry_max_attempts: int = Field(default=3, ge=1, le=10, description="Steps: attempts before the step fails")

    @model_validator(mode="after")
    def _consistent(self) -> DurableOperation:
        if self.type == "step" and self.action != "code" and self.target is None:
            raise ValueError(f"a {self.action} step needs a target (the component it writes to)")
        if self.type != "step" and (self.action != "code" or self.target is not None):
            raise ValueError("action and target apply to steps only")
        if self.type == "parallel" and not self.branches:
            raise ValueError("a parallel operation needs at least one branch")
        if self.type != "parallel" and self.branches:
            raise ValueError("branches apply to parallel operations only")
        if len(set(self.branches)) != len(self.branches):
            raise ValueError("branch names must be unique")
        return self


class Durable(_Strict):
    """Durable execution settings (DurableConfig) and the workflow the function's handler runs."""

    execution_timeout_s: int = Field(
        default=604800, ge=1, le=MAX_EXECUTION_TIMEOUT_S,
        description="Longest a whole execution may run, waits included (1 s - 366 days)",
    )
    retention_days: int = Field(default=14, ge=1, le=90, description="Days the execution history is kept (1-90)")
    operations: list[DurableOperation] = Field(default_factory=list, max_length=100,
                                               description="The workflow's operations, in order")

    @model_validator(mode="after")
    def _unique_names(self) -> Durable:
        names = [o.name for o in self.operations] + [b for o in self.operations for b in o.branches]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"operation and branch names must be unique; repeated: {', '.join(duplicates)}")
        return self
