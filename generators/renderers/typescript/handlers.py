"""What each TypeScript handler needs: its event types, SDK clients, environment and side effects.

Works from the target-neutral plans (`analysis.plan_functions`), so the handlers read exactly the environment
variables every IaC target sets and call exactly the resources their grants allow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generators.catalog import COMPONENTS
from generators.model import Design, Table
from generators.model.contracts import EventContract
from generators.model.names import pascal
from generators.renderers.analysis import FunctionPlan, output_bucket_of

# shape -> (event type, result type) from @types/aws-lambda
EVENT_TYPES: dict[str, tuple[str, str]] = {
    "sqs": ("SQSEvent", "SQSBatchResponse"),
    "dynamodb_stream": ("DynamoDBStreamEvent", "DynamoDBBatchResponse"),
    "kinesis": ("KinesisStreamEvent", "KinesisStreamBatchResponse"),
    "s3": ("S3Event", "void"),
    "sns": ("SNSEvent", "void"),
    "eventbridge": ("EventBridgeEvent<string, Record<string, unknown>>", "void"),
}
API_EVENT_TYPES = {
    "http_api": ("APIGatewayProxyEventV2", "APIGatewayProxyStructuredResultV2"),
    "rest_api": ("APIGatewayProxyEvent", "APIGatewayProxyResult"),
    "function_url": ("LambdaFunctionURLEvent", "LambdaFunctionURLResult"),
}

# packages a handler shape's bundle leaves out: Powertools' Kafka consumer imports its Avro and Protobuf
# deserializers only for those schema types (the generated handlers read JSON), and they are not installed
BUNDLE_EXTERNALS: dict[str, tuple[str, ...]] = {"kafka": ("avro-js", "protobufjs")}


def bundle_externals(shapes: set[str]) -> list[str]:
    """What esbuild leaves out of the bundles of handlers of these shapes: the AWS SDK v3 (the runtime has it)."""
    return ["@aws-sdk/*", *sorted({m for shape in shapes for m in BUNDLE_EXTERNALS.get(shape, ())})]


# SDK v3 client per resource kind: (variable, client class, package), from the catalog
CLIENTS: dict[str, tuple[str, str, str]] = {
    row.kind: (row.sdk.ts_var, row.sdk.ts_class, row.sdk.ts_package) for row in COMPONENTS.values() if row.sdk
}

# CRUD operation of an API route: (method, is item path)
CRUD = {("GET", False): "list", ("GET", True): "get", ("POST", False): "create", ("PUT", True): "update",
        ("PATCH", True): "update", ("DELETE", True): "delete"}


@dataclass(frozen=True)
class Effect:
    component: str
    kind: str
    env: str
    const: str  # TypeScript constant holding the env value
    command: str
    client: str
    key: dict[str, Any] | None = None  # table: partition/sort key names and types


@dataclass(frozen=True)
class Secret:
    """A secret the handler reads: its ARN in `const`, its value through the exported `reader()`."""

    component: str
    const: str
    reader: str


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # API Gateway syntax, /items/{id}
    router_path: str  # Powertools router syntax, /items/:id
    operation: str  # list | get | create | update | delete | accept
    resource: str  # first path segment ('' for the root)


@dataclass
class HandlerContext:
    name: str
    file: str  # kebab-case module name under src/handlers/
    shape: str
    description: str
    event_type: str
    result_type: str
    env: list[tuple[str, str]] = field(default_factory=list)  # (TS constant, variable name)
    contracts: list[EventContract] = field(default_factory=list)  # the event contracts it consumes (typed)
    effects: list[Effect] = field(default_factory=list)
    routes: list[Route] = field(default_factory=list)
    api_kind: str = ""
    cors_origins: list[str] = field(default_factory=list)  # answered by the handler (REST proxy integrations)
    data_table: dict[str, Any] | None = None  # {const, partition, sort}
    idempotency_env: str | None = None
    idempotency_const: str | None = None
    output_bucket_const: str | None = None
    batch_failures: bool = True
    authorizer_for: str = ""
    uses_items: bool = False
    mocked: list[dict[str, Any]] = field(default_factory=list)  # SDK clients the unit test mocks
    secrets: list[Secret] = field(default_factory=list)  # secrets the handler reads through Powertools (cached)
    mq_engine: str = ""  # Amazon MQ consumers: activemq | rabbitmq (the event shapes differ)

    @property
    def mock_of(self) -> dict[str, str]:
        """command -> the test's mock variable that stubs it."""
        return {command: mock["var"] for mock in self.mocked for command in mock["commands"]}

    @property
    def used_env(self) -> list[tuple[str, str]]:
        """(constant, variable) pairs the handler code reads (read-only grants need no constant)."""
        used = {e.const for e in self.effects}
        used |= {c for c in (self.idempotency_const, self.output_bucket_const) if c}
        if self.data_table:
            used.add(self.data_table["const"])
        if self.shape == "s3":
            used.add("outputPrefix")
        if self.shape == "authorizer":
            used.add("tokenSecretArn")
        used |= {s.const for s in self.secrets}
        return [(const, var) for const, var in self.env if const in used]

    @property
    def renders_handle(self) -> bool:
        """Whether the handler has a `handle(payload, id)` step (everything but pure CRUD, S3, auth, callback)."""
        if self.effects:
            return True
        if self.shape == "api":
            return any(r.operation == "accept" and r.method != "GET" for r in self.routes)
        return self.shape not in ("s3", "authorizer", "callback")

    @property
    def comment(self) -> str:
        """The description, safe inside a /** */ comment."""
        return self.description.replace("*/", "* /")

    @property
    def client_imports(self) -> list[tuple[str, str, str]]:
        kinds = sorted({e.kind for e in self.effects} | ({"table"} if self.data_table else set())
                       | ({"bucket"} if self.shape == "s3" else set())
                       | ({"state_machine"} if self.shape == "callback" else set()))
        return [CLIENTS[k] for k in kinds]

    @property
    def commands(self) -> dict[str, list[str]]:
        """package -> commands imported from it."""
        out: dict[str, set[str]] = {}
        for effect in self.effects:
            package = "@aws-sdk/lib-dynamodb" if effect.kind == "table" else CLIENTS[effect.kind][2]
            out.setdefault(package, set()).add(effect.command)
        if self.shape == "s3":
            out.setdefault("@aws-sdk/client-s3", set()).add("GetObjectCommand")
            if self.output_bucket_const:
                out["@aws-sdk/client-s3"].add("PutObjectCommand")
        if self.shape == "callback":
            out.setdefault("@aws-sdk/client-sfn", set()).update({"SendTaskFailureCommand", "SendTaskSuccessCommand"})
        return {package: sorted(commands) for package, commands in sorted(out.items())}

    @property
    def packages(self) -> set[str]:
        packages = {package for _, _, package in self.client_imports} | set(self.commands)
        if "@aws-sdk/client-dynamodb" in packages:
            packages.add("@aws-sdk/lib-dynamodb")
        return packages


def const_name(env_var: str) -> str:
    """`DATA_TABLE_NAME` -> `dataTableName`."""
    head, *rest = env_var.lower().split("_")
    return head + "".join(part.title() for part in rest)


def _key(table: Table) -> dict[str, Any]:
    key: dict[str, Any] = {"partition": table.partition_key.name, "partition_type": table.partition_key.type}
    if table.sort_key is not None:
        key["sort"] = table.sort_key.name
        key["sort_type"] = table.sort_key.type
    return key


def _routes(plan: FunctionPlan, crud: bool) -> list[Route]:
    routes = []
    for conn in plan.routes:
        if plan.front_door is not None and plan.front_door.kind == "function_url":
            continue
        segments = [s for s in conn.path.split("/") if s]
        is_item = bool(segments) and segments[-1].startswith("{")
        operation = CRUD.get((conn.method, is_item), "accept") if crud else "accept"
        router_path = "/" + "/".join(f":{s.strip('{}+')}" if s.startswith("{") else s for s in segments)
        routes.append(Route(conn.method, conn.path, router_path, operation, segments[0] if segments else ""))
    if plan.front_door is not None and plan.front_door.kind == "function_url" and crud:
        # A function URL has no routes of its own: the router serves every resource of the single table.
        for method, path, operation in (("GET", "/{resource}", "list"), ("GET", "/{resource}/{id}", "get"),
                                        ("POST", "/{resource}", "create"), ("PUT", "/{resource}/{id}", "update"),
                                        ("DELETE", "/{resource}/{id}", "delete")):
            router_path = path.replace("{", ":").replace("}", "")
            routes.append(Route(method, path, router_path, operation, ""))
    elif plan.front_door is not None and plan.front_door.kind == "function_url":
        routes.append(Route("POST", "/", "/", "accept", ""))
    return routes


def handler_context(design: Design, plan: FunctionPlan) -> HandlerContext:
    fn = plan.function
    event_type, result_type = EVENT_TYPES.get(plan.shape, ("Record<string, unknown>", "Record<string, unknown>"))
    ctx = HandlerContext(name=fn.name, file=fn.name, shape=plan.shape, description=fn.description,
                         event_type=event_type, result_type=result_type)
    for env in plan.env:
        ctx.env.append((const_name(env.name), env.name))
    if plan.shape == "api" and plan.front_door is not None:
        ctx.api_kind = plan.front_door.kind
        ctx.event_type, ctx.result_type = API_EVENT_TYPES[plan.front_door.kind]
        if plan.front_door.kind == "rest_api":  # proxy integrations must answer CORS headers themselves
            ctx.cors_origins = list(getattr(plan.front_door, "cors_allow_origins", []))
    crud_table = None
    if plan.data_table and plan.shape == "api":
        table = design.component(plan.data_table)
        assert isinstance(table, Table)
        if table.sort_key is not None:  # single-table CRUD needs pk = resource, sk = id
            crud_table = plan.data_table
            ctx.data_table = {"const": const_name(plan.env_for(plan.data_table).name), **_key(table)}
            ctx.uses_items = True
    if plan.idempotency_table:
        ctx.idempotency_env = plan.env_for(plan.idempotency_table).name
        ctx.idempotency_const = const_name(ctx.idempotency_env)
    if plan.shape == "s3":
        output = output_bucket_of(plan)
        if output:
            ctx.output_bucket_const = const_name(plan.env_for(output).name)
    if plan.shape == "mq" and plan.source is not None:
        ctx.mq_engine = getattr(plan.source, "engine", "activemq")
    if plan.trigger is not None and plan.trigger.report_batch_item_failures is False:
        ctx.batch_failures = False
    if plan.authorizes is not None:
        ctx.authorizer_for = plan.authorizes.kind
        ctx.env.append(("tokenSecretArn", "TOKEN_SECRET_ARN"))
    if plan.shape == "s3":
        ctx.env.append(("outputPrefix", "OUTPUT_PREFIX"))
    for grant in plan.grants:
        command = COMPONENTS[grant.kind].access[grant.access].sdk_command  # "" = read-only: no effect
        if not command or grant.component == plan.idempotency_table:
            continue
        if grant.component == crud_table:
            continue  # the CRUD routes use the data table
        if plan.shape == "s3" and grant.kind == "bucket":
            continue  # the S3 processor's own read/write path
        component = design.component(grant.component)
        env_name = plan.env_for(grant.component).name
        key = _key(component) if isinstance(component, Table) else None
        ctx.effects.append(Effect(grant.component, grant.kind, env_name, const_name(env_name),
                                  command, CLIENTS[grant.kind][0], key))
    for grant in plan.grants:
        if grant.kind == "secret":
            const = const_name(plan.env_for(grant.component).name)
            ctx.secrets.append(Secret(grant.component, const, "read" + pascal(grant.component)))
    ctx.routes = _routes(plan, ctx.uses_items)
    ctx.env.sort()
    return ctx
