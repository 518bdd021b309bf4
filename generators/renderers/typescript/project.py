"""TypeScript handlers with Powertools, their sample events and vitest tests, and the files that build them.

Shared by the SAM + TypeScript and the CDK + TypeScript targets: both bundle `src/handlers/<function>.ts` with
esbuild (ESM, Node.js 22) and run the same tests.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from generators.contracts.routing import consumed_contracts
from generators.filetree import FileTree
from generators.model import Design
from generators.model.names import pascal
from generators.renderers.analysis import CORS_HEADERS, plan_functions
from generators.renderers.contracts import contract_files, typescript_contract_context
from generators.renderers.jinja import render_template
from generators.renderers.typescript.events import sample_event_json
from generators.renderers.typescript.handlers import CLIENTS, HandlerContext, handler_context
from generators.renderers.typescript.imports import Imports

CORRELATION_PATHS = {"api": "requestContext.requestId", "eventbridge": "detail.metadata.correlationId"}
BATCH_TYPES = {
    "sqs": ("SQSRecord", "SQSEvent", "SQSBatchResponse"),
    "dynamodb_stream": ("DynamoDBRecord", "DynamoDBStreamEvent", "DynamoDBBatchResponse"),
    "kinesis": ("KinesisStreamRecord", "KinesisStreamEvent", "KinesisStreamBatchResponse"),
}
# peer dependencies the Powertools utilities load at run time
PEERS = {
    "@aws-lambda-powertools/idempotency": {"@aws-sdk/client-dynamodb", "@aws-sdk/lib-dynamodb"},
    "@aws-lambda-powertools/parameters": {"@aws-sdk/client-secrets-manager"},
}
TEST_EVENT_TYPES = {"sqs": "SQSEvent", "dynamodb_stream": "DynamoDBStreamEvent", "kinesis": "KinesisStreamEvent",
                    "s3": "S3Event", "sns": "SNSEvent", "eventbridge": "EventBridgeEvent"}
TEST_DEV_DEPENDENCIES = {"@types/aws-lambda", "@types/node", "aws-sdk-client-mock", "typescript", "vitest", "esbuild"}


@dataclass
class Sources:
    tree: FileTree
    dependencies: set[str] = field(default_factory=set)
    dev_dependencies: set[str] = field(default_factory=set)
    env: dict[str, str] = field(default_factory=dict)  # every env var a handler reads, with a test value


def _handler_imports(ctx: HandlerContext) -> Imports:
    imports = Imports()
    imports.add_default("@middy/core", "middy")
    imports.add("@aws-lambda-powertools/logger/middleware", "injectLambdaContext")
    imports.add("@aws-lambda-powertools/metrics/middleware", "logMetrics")
    imports.add("@aws-lambda-powertools/tracer/middleware", "captureLambdaHandler")
    imports.add("../lib/powertools", "logger", "metrics", "tracer")
    if ctx.used_env:
        imports.add("../lib/env", "requiredEnv")
    if ctx.contracts:
        imports.add("../lib/contracts", "ContractViolation", "parseEvent")
        imports.add_type("../lib/contracts", "ContractEvent")
    if ctx.renders_handle or ctx.shape in ("s3", "callback") or ctx.contracts:
        imports.add("@aws-lambda-powertools/metrics", "MetricUnit")
    for _var, cls, package in ctx.client_imports:
        imports.add(package, cls)
        if cls == "DynamoDBClient":
            imports.add("@aws-sdk/lib-dynamodb", "DynamoDBDocumentClient")
    for package, commands in ctx.commands.items():
        imports.add(package, *commands)
    if ctx.secrets:
        imports.add("@aws-lambda-powertools/parameters/secrets", "getSecret")
    shape = ctx.shape
    if shape in BATCH_TYPES:
        record, event, result = BATCH_TYPES[shape]
        imports.add_type("aws-lambda", "Context", record, event)
        if ctx.batch_failures:
            imports.add_type("aws-lambda", result)
            imports.add("@aws-lambda-powertools/batch", "BatchProcessor", "EventType", "processPartialResponse")
        if ctx.idempotency_env:
            imports.add("@aws-lambda-powertools/idempotency", "IdempotencyConfig", "makeIdempotent")
            imports.add("@aws-lambda-powertools/idempotency/dynamodb", "DynamoDBPersistenceLayer")
        if shape == "dynamodb_stream":
            imports.add_type("@aws-sdk/client-dynamodb", "AttributeValue")
            imports.add("@aws-sdk/util-dynamodb", "unmarshall")
    elif shape == "s3":
        imports.add_type("aws-lambda", "S3Event")
    elif shape == "sns":
        imports.add_type("aws-lambda", "SNSEvent")
    elif shape == "eventbridge":
        imports.add_type("aws-lambda", "EventBridgeEvent")
    elif shape in ("schedule", "task", "direct", "pipe", "mq", "documentdb"):
        imports.add_type("aws-lambda", "Context")
    elif shape == "kafka":  # Powertools' Kafka consumer decodes keys and values
        imports.add("@aws-lambda-powertools/kafka", "kafkaConsumer", "SchemaType")
        imports.add_type("@aws-lambda-powertools/kafka/types", "SchemaConfig")
    elif shape == "authorizer":
        imports.add("node:crypto", "timingSafeEqual")
        imports.add("@aws-lambda-powertools/parameters/secrets", "getSecret")
        if ctx.authorizer_for == "rest_api":
            imports.add_type("aws-lambda", "APIGatewayAuthorizerResult", "APIGatewayTokenAuthorizerEvent")
        else:
            imports.add_type("aws-lambda", "APIGatewayRequestAuthorizerEventV2", "APIGatewaySimpleAuthorizerResult")
    elif shape == "api":
        imports.add_type("aws-lambda", "Context", ctx.event_type)
        imports.add("@aws-lambda-powertools/event-handler/http", "Router")
        if ctx.cors_origins:
            imports.add("@aws-lambda-powertools/event-handler/http/middleware", "cors")
        operations = {r.operation for r in ctx.routes}
        if operations & {"get", "update", "delete"}:
            imports.add("@aws-lambda-powertools/event-handler/http", "NotFoundError")
        if any(r.path.startswith("/{resource}") for r in ctx.routes) or operations & {"get", "update", "delete"}:
            imports.add("../lib/http", "pathParam")
        if operations & {"create", "update", "accept"} and any(
            r.operation != "accept" or r.method != "GET" for r in ctx.routes
        ):
            imports.add("../lib/http", "readJsonObject")
        imports.add("../lib/http", "json")
        if any(r.operation == "accept" and r.method != "GET" for r in ctx.routes):
            imports.add("node:crypto", "randomUUID")
        if ctx.uses_items:
            imports.add("../lib/items", "ItemRepository")
    return imports


def _test_imports(ctx: HandlerContext) -> Imports:
    imports = Imports()
    imports.add("vitest", "describe", "expect", "it")
    imports.add(f"../../src/handlers/{ctx.file}", "handler")
    imports.add("../helpers/context", "context")
    imports.add("../helpers/events", "loadEvent")
    if ctx.mocked:
        imports.add("aws-sdk-client-mock", "mockClient")
        imports.add("vitest", "beforeEach")
    for mock in ctx.mocked:
        imports.add(mock["package"], mock["client"], *mock["commands"])
    event_type = TEST_EVENT_TYPES.get(ctx.shape)
    if ctx.shape == "api":
        event_type = ctx.event_type
        imports.add("../helpers/events", "apiRequest")
        if ctx.cors_origins:
            imports.add("../helpers/events", "withHeaders")
        imports.add_type("../helpers/events", "ApiResponse")
    elif ctx.shape == "authorizer":
        event_type = ("APIGatewayTokenAuthorizerEvent" if ctx.authorizer_for == "rest_api"
                      else "APIGatewayRequestAuthorizerEventV2")
    if event_type:
        imports.add_type("aws-lambda", event_type)
    if ctx.shape == "s3":
        imports.add("node:stream", "Readable")
    if ctx.shape == "documentdb":
        imports.add_type(f"../../src/handlers/{ctx.file}", "DocumentDBChange")
    if ctx.shape == "callback":
        imports.add(f"../../src/handlers/{ctx.file}", "answerApproval")
    for secret in ctx.secrets:
        imports.add(f"../../src/handlers/{ctx.file}", secret.reader)
    return imports


def _mocks(ctx: HandlerContext) -> list[dict[str, Any]]:
    """The SDK clients a handler's test mocks, with the commands it stubs."""
    mocks: dict[str, dict[str, Any]] = {}

    def add(var: str, client: str, package: str, *commands: str) -> None:
        entry = mocks.setdefault(client, {"var": var + "Mock", "client": client, "package": package,
                                         "commands": set()})
        entry["commands"].update(commands)

    for effect in ctx.effects:
        if effect.kind == "table":
            add("document", "DynamoDBDocumentClient", "@aws-sdk/lib-dynamodb", effect.command)
        else:
            var, client, package = CLIENTS[effect.kind]
            add(var, client, package, effect.command)
    if ctx.uses_items:
        add("document", "DynamoDBDocumentClient", "@aws-sdk/lib-dynamodb", "DeleteCommand", "GetCommand", "PutCommand",
            "QueryCommand", "UpdateCommand")
    if ctx.idempotency_env:
        add("dynamoDb", "DynamoDBClient", "@aws-sdk/client-dynamodb")
    if ctx.shape == "s3":
        add("s3", "S3Client", "@aws-sdk/client-s3", *ctx.commands["@aws-sdk/client-s3"])
    if ctx.shape == "callback":
        add("sfn", "SFNClient", "@aws-sdk/client-sfn", "SendTaskFailureCommand", "SendTaskSuccessCommand")
    if ctx.shape == "authorizer" or ctx.secrets:
        add("secrets", "SecretsManagerClient", "@aws-sdk/client-secrets-manager", "GetSecretValueCommand")
    out = []
    for client in sorted(mocks):
        entry = mocks[client]
        entry["commands"] = sorted(entry["commands"])
        out.append(entry)
    return out


def _test_value(name: str) -> str:
    if name.endswith("_ARN"):
        return f"arn:aws:test:us-east-1:123456789012:{name.lower().replace('_', '-')}"
    if name.endswith("_URL"):
        return f"https://sqs.us-east-1.amazonaws.com/123456789012/{name.lower().replace('_', '-')}"
    if name == "OUTPUT_PREFIX":
        return "processed/"
    return name.lower().replace("_", "-")


def render_typescript_sources(design: Design) -> Sources:
    """src/, events/, tests/ and the dependencies they import."""
    tree = FileTree()
    sources = Sources(tree)
    contexts = [handler_context(design, plan) for plan in plan_functions(design)]
    runtime = Imports()
    for ctx in contexts:
        ctx.mocked = _mocks(ctx)
        if ctx.shape in ("sns", "eventbridge"):
            ctx.contracts = consumed_contracts(design, ctx.name)
        imports = _handler_imports(ctx)
        code = render_template("typescript/src/handler.ts.j2", ctx=ctx, project=design.project,
                               imports=imports.lines(), correlation_path=CORRELATION_PATHS.get(ctx.shape, ""),
                               cors_headers=CORS_HEADERS)
        tree.add(f"src/handlers/{ctx.file}.ts", code, ownership="scaffold")
        tree.add(f"events/{ctx.file}.json", sample_event_json(design, ctx), ownership="scaffold")
        test_imports = _test_imports(ctx)
        test = render_template("typescript/tests/handler.test.ts.j2", ctx=ctx, project=design.project,
                               imports=test_imports.lines(), pascal=pascal)
        tree.add(f"tests/handlers/{ctx.file}.test.ts", test, ownership="scaffold")
        for module in imports.modules():
            runtime.add(module)
        sources.dev_dependencies |= test_imports.packages()
        for _const, var in ctx.env:
            sources.env[var] = _test_value(var)
    sources.dependencies = runtime.packages()
    for package, peers in PEERS.items():
        if package in sources.dependencies:
            sources.dependencies |= peers
    sources.dev_dependencies = (sources.dev_dependencies | TEST_DEV_DEPENDENCIES) - sources.dependencies
    lib = {"powertools": True, "env": any(c.used_env for c in contexts),
           "http": any(c.shape == "api" for c in contexts), "items": any(c.uses_items for c in contexts)}
    for name, needed in lib.items():
        if needed:
            tree.add(f"src/lib/{name}.ts", render_template(f"typescript/src/{name}.ts.j2"), ownership="scaffold")
    if design.contracts:  # typed events: one module, its contract tests, the schemas and fixtures
        context = typescript_contract_context(design.contracts)
        tree.add("src/lib/contracts.ts", render_template("typescript/contracts/contracts.ts.j2", **context))
        tree.add("tests/contracts.test.ts", render_template("typescript/contracts/contracts.test.ts.j2", **context))
        tree.merge(contract_files(design))
    tree.add("tests/helpers/context.ts", render_template("typescript/tests/context.ts.j2"), ownership="scaffold")
    tree.add("tests/helpers/events.ts", render_template("typescript/tests/events.ts.j2",
                                                        api=any(c.shape == "api" for c in contexts)),
             ownership="scaffold")
    return sources


def tsconfig(include: list[str], extra: dict[str, Any] | None = None) -> str:
    options: dict[str, Any] = {
        "target": "ES2022",
        "module": "ESNext",
        "moduleResolution": "Bundler",
        "lib": ["ES2022"],
        "types": ["node"],
        "strict": True,
        "noUncheckedIndexedAccess": True,
        "noImplicitOverride": True,
        "noImplicitReturns": True,
        "noFallthroughCasesInSwitch": True,
        "noPropertyAccessFromIndexSignature": False,
        "useUnknownInCatchVariables": True,
        "esModuleInterop": True,
        "isolatedModules": True,
        "verbatimModuleSyntax": True,
        "resolveJsonModule": True,
        "skipLibCheck": True,
        "forceConsistentCasingInFileNames": True,
        "noEmit": True,
    }
    options.update(extra or {})
    return json.dumps({"compilerOptions": options, "include": include}, indent=2) + "\n"


def vitest_config(env: dict[str, str], include: list[str], timeout_ms: int = 5000) -> str:
    base = {
        "AWS_REGION": "us-east-1",
        "POWERTOOLS_SERVICE_NAME": "test",
        "POWERTOOLS_METRICS_NAMESPACE": "Test",
        "POWERTOOLS_LOG_LEVEL": "SILENT",
        "POWERTOOLS_TRACE_ENABLED": "false",
        "POWERTOOLS_METRICS_DISABLED": "true",
        "POWERTOOLS_IDEMPOTENCY_DISABLED": "false",
        "POWERTOOLS_LOG_DEDUPLICATION_DISABLED": "true",
    }
    return render_template("typescript/vitest.config.ts.j2", env=sorted({**base, **env}.items()), include=include,
                           timeout_ms=timeout_ms)


def npm_files(design: Design, sources: Sources, *, scripts: dict[str, str], dependencies: frozenset[str] = frozenset(),
              dev_dependencies: frozenset[str] = frozenset(), tsconfig_include: list[str],
              test_include: list[str], test_timeout_ms: int = 5000) -> FileTree:
    """package.json (exact pins), the matching package-lock.json, tsconfig.json and vitest.config.ts."""
    from generators.renderers.typescript.npm import package_json, package_lock

    deps = sources.dependencies | set(dependencies)
    dev = (sources.dev_dependencies | set(dev_dependencies)) - deps
    project = design.project
    tree = FileTree()
    tree.add("package.json", package_json(name=project.name, description=project.description or project.name,
                                          scripts=scripts, dependencies=deps, dev_dependencies=dev))
    tree.add("package-lock.json", package_lock(name=project.name, dependencies=deps, dev_dependencies=dev))
    tree.add("tsconfig.json", tsconfig(tsconfig_include))
    tree.add("vitest.config.ts", vitest_config(sources.env, test_include, test_timeout_ms))
    return tree
