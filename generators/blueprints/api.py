"""HTTP API: a front door (HTTP API, REST API or function URL) -> route handlers -> an optional DynamoDB table."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from generators.blueprints.base import Blueprint, BlueprintOptions
from generators.model import (
    Authorizes,
    Component,
    Connection,
    Design,
    Function,
    FunctionUrl,
    HttpApi,
    KeyAttribute,
    Project,
    Reads,
    RestApi,
    Routes,
    Table,
    UserPool,
    Writes,
)
from generators.model.components import Origin
from generators.model.names import Name

Operation = Literal["list", "get", "create", "update", "delete"]
OPERATIONS: tuple[Operation, ...] = ("list", "get", "create", "update", "delete")
Method = Literal["GET", "POST", "PUT", "PATCH", "DELETE", "ANY"]
ROUTE_OF: dict[str, tuple[Method, str]] = {
    "list": ("GET", "/{resource}"),
    "get": ("GET", "/{resource}/{{id}}"),
    "create": ("POST", "/{resource}"),
    "update": ("PUT", "/{resource}/{{id}}"),
    "delete": ("DELETE", "/{resource}/{{id}}"),
}
READS = frozenset({"list", "get"})


class ApiResource(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    name: Name = Field(default="items", max_length=30, description="Resource name, plural (the URL path)")
    operations: list[Operation] = Field(
        default_factory=lambda: list(OPERATIONS), min_length=1,
        description="CRUD operations exposed: list, get, create, update, delete",
    )

    @field_validator("operations")
    @classmethod
    def _unique(cls, value: list[Operation]) -> list[Operation]:
        if len(set(value)) != len(value):
            raise ValueError("each operation may appear once")
        return value


class ApiOptions(BlueprintOptions):
    front_door: Literal["http-api", "rest-api", "function-url"] = Field(
        default="http-api",
        description="http-api (cheapest, JWT auth) | rest-api (WAF, caching, usage plans) | function-url",
    )
    resources: list[ApiResource] = Field(
        default_factory=lambda: [ApiResource()], min_length=1, max_length=20,
        description="Resources and the CRUD operations each exposes",
    )
    auth: Literal["none", "iam", "jwt", "lambda-authorizer"] = Field(
        default="jwt", description="none | iam (SigV4) | jwt (Cognito user pool) | lambda-authorizer",
    )
    cors_allow_origins: list[Origin] = Field(
        default_factory=list, max_length=20,
        description="Browser origins allowed to call the API, e.g. https://app.example.com (empty = CORS off)",
    )
    table: bool = Field(default=True, description="Store the resources in a DynamoDB table")
    handler_style: Literal["router", "function-per-route"] = Field(
        default="router", description="One router function (Powertools event handler) or one function per route",
    )
    memory_mb: int = Field(default=512, ge=128, le=10240, description="Memory of each API function (MB)")
    timeout_s: int = Field(default=10, ge=1, le=900, description="Timeout of each API function (s)")

    @field_validator("auth")
    @classmethod
    def _auth_fits_front_door(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get("front_door") == "function-url" and value in ("jwt", "lambda-authorizer"):
            raise ValueError(f"auth {value!r} needs front_door 'http-api' or 'rest-api'; a function URL "
                             "supports auth 'none' or 'iam'")
        return value

    @field_validator("handler_style")
    @classmethod
    def _style_fits_front_door(cls, value: str, info: ValidationInfo) -> str:
        # a function URL is one function's own endpoint: it cannot route to one function per route
        if info.data.get("front_door") == "function-url" and value == "function-per-route":
            raise ValueError("handler_style 'function-per-route' needs front_door 'http-api' or 'rest-api'; a "
                             "function URL serves one function, so use handler_style 'router' with it")
        return value

    @field_validator("resources")
    @classmethod
    def _unique_resources(cls, value: list[ApiResource]) -> list[ApiResource]:
        names = [r.name for r in value]
        if len(set(names)) != len(names):
            raise ValueError(f"resource names must be unique, got {names}")
        return value


def build(project: Project, options: ApiOptions) -> Design:
    components: list[Component] = []
    connections: list[Connection] = []
    api_auth: Literal["none", "iam", "jwt", "lambda"] = (
        "lambda" if options.auth == "lambda-authorizer" else options.auth
    )
    front: Component
    if options.front_door == "function-url":
        front = FunctionUrl(name="api", auth="iam" if options.auth == "iam" else "none",
                            cors_allow_origins=options.cors_allow_origins,
                            description="Function URL in front of the router function")
    elif options.front_door == "rest-api":
        front = RestApi(name="api", auth=api_auth, cors_allow_origins=options.cors_allow_origins,
                        description="REST API (API Gateway v1)")
    else:
        front = HttpApi(name="api", auth=api_auth, cors_allow_origins=options.cors_allow_origins,
                        description="HTTP API (API Gateway v2)")
    components.append(front)
    if options.auth == "jwt":
        components.append(UserPool(name="users", description="Cognito user pool whose tokens the API accepts"))
        connections.append(Authorizes(source="users", target="api"))
    elif options.auth == "lambda-authorizer":
        components.append(Function(name="authorizer", memory_mb=256, timeout_s=5,
                                   description="Lambda authorizer: checks the Authorization header"))
        connections.append(Authorizes(source="authorizer", target="api"))
    if options.table:
        components.append(Table(name="data-table", partition_key=KeyAttribute(name="pk"),
                                sort_key=KeyAttribute(name="sk"),
                                description="Single table: pk = resource name, sk = item id"))

    routes = [(resource.name, op) for resource in options.resources for op in resource.operations]
    if options.handler_style == "router" or options.front_door == "function-url":
        components.append(Function(name="router", memory_mb=options.memory_mb, timeout_s=options.timeout_s,
                                   description="Routes every API request (Powertools event handler)"))
        for resource, op in routes:
            method, path = ROUTE_OF[op]
            if options.front_door == "function-url":
                break
            connections.append(
                Routes(source="api", target="router", method=method, path=path.format(resource=resource))
            )
        if options.front_door == "function-url":
            connections.append(Routes(source="api", target="router"))
        if options.table:
            ops = {op for _, op in routes}
            if ops & READS:
                connections.append(Reads(source="router", target="data-table"))
            if ops - READS:
                connections.append(Writes(source="router", target="data-table"))
    else:
        for resource, op in routes:
            name = f"{resource}-{op}"
            method, path = ROUTE_OF[op]
            components.append(Function(name=name, memory_mb=options.memory_mb, timeout_s=options.timeout_s,
                                       description=f"{method} {path.format(resource=resource)}"))
            connections.append(Routes(source="api", target=name, method=method, path=path.format(resource=resource)))
            if options.table:
                connection = Reads if op in READS else Writes
                connections.append(connection(source=name, target="data-table"))
    return Design(project=project, components=components, connections=connections)


BLUEPRINT = Blueprint(
    name="api",
    title="HTTP API",
    summary="A REST-style API: API Gateway or a function URL, route handlers and a DynamoDB table.",
    options_model=ApiOptions,
    builder=build,
)
