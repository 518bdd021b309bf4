"""The Design document (pydantic v2): the typed component graph every other layer works from."""

from __future__ import annotations

from generators.model.components import (
    COMPONENT_KINDS,
    Bucket,
    ChoiceStep,
    Component,
    Distribution,
    EventBus,
    Function,
    FunctionUrl,
    HttpApi,
    KeyAttribute,
    ParallelStep,
    Pipe,
    Queue,
    RestApi,
    Schedule,
    SdkStep,
    Secret,
    StateMachine,
    Step,
    Stream,
    Table,
    TaskStep,
    Topic,
    UserPool,
    WorkflowWorkload,
    Workload,
)
from generators.model.connections import (
    Authorizes,
    Connection,
    Integrates,
    Invokes,
    Pipes,
    Publishes,
    Reads,
    Routes,
    Serves,
    Starts,
    Triggers,
    Writes,
)
from generators.model.design import SCHEMA_VERSION, Design, DesignError, Environment, Project, Silence
from generators.model.durable import Durable, DurableOperation
from generators.model.io import DesignInputError, design_json_schema, dump_design, load_design

__all__ = [
    "COMPONENT_KINDS", "SCHEMA_VERSION", "Authorizes", "Bucket", "ChoiceStep", "Component", "Connection", "Design",
    "DesignError", "DesignInputError", "Distribution", "Durable", "DurableOperation", "Environment", "EventBus",
    "Function", "FunctionUrl", "HttpApi", "Integrates", "Invokes", "KeyAttribute", "ParallelStep", "Pipe", "Pipes",
    "Project", "Publishes", "Queue", "Reads", "RestApi", "Routes", "Schedule", "SdkStep", "Secret", "Serves",
    "Silence", "Starts", "StateMachine", "Step", "Stream", "Table", "TaskStep", "Topic", "Triggers", "UserPool",
    "WorkflowWorkload", "Workload", "Writes", "design_json_schema", "dump_design", "load_design",
]
