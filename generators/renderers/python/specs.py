"""HandlerSpec: everything a handler template and its test template need to know about one function.

Built from the target-neutral FunctionPlan (generators.renderers.analysis); only validated names become
identifiers, and every other value from the design reaches the code through the `py_str` filter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from generators.contracts.routing import consumed_contracts, produced_contracts
from generators.model import Design, DurableOperation, StateMachine, Table
from generators.model.contracts import EventContract
from generators.renderers.analysis import FunctionPlan, output_bucket_of
from generators.renderers.python.routes import CHANNEL_KINDS, RouteOp, route_ops

Template = Literal[
    "api", "batch", "s3", "sns", "eventbridge", "job", "task", "callback", "authorizer_http", "authorizer_rest",
    "publisher", "starter", "direct", "pipe", "durable", "kafka", "mq", "documentdb",
]
SETTING_TYPES = {"name": "ResourceName", "arn": "Arn", "url": "QueueUrl"}
RESOLVERS = {
    "http_api": ("APIGatewayHttpResolver", "API_GATEWAY_HTTP"),
    "rest_api": ("APIGatewayRestResolver", "API_GATEWAY_REST"),
    "function_url": ("LambdaFunctionUrlResolver", "LAMBDA_FUNCTION_URL"),
}
BATCH_SOURCES = {
    # shape -> (EventType member, record class, its module, event class, idempotency key in the record)
    "sqs": ("SQS", "SQSRecord", "sqs_event", "SQSEvent", "messageId"),
    "kinesis": ("KinesisDataStreams", "KinesisStreamRecord", "kinesis_stream_event", "KinesisStreamEvent",
                "eventID"),
    "dynamodb_stream": ("DynamoDBStreams", "DynamoDBRecord", "dynamo_db_stream_event", "DynamoDBStreamEvent",
                        "eventID"),
}


@dataclass(frozen=True)
class Setting:
    attr: str  # data_table_name (the environment variable, lower-cased)
    env: str  # DATA_TABLE_NAME
    type: str  # ResourceName | Arn | QueueUrl
    component: str | None


@dataclass(frozen=True)
class TableKeys:
    """A table's key schema, for code that writes items and tests that create the table."""

    setting: str  # the Settings attribute holding the table name
    env: str
    partition: str
    partition_type: str
    sort: str | None
    sort_type: str | None

    @property
    def string_keys(self) -> bool:
        return self.partition_type == "S" and self.sort is not None and self.sort_type == "S"


@dataclass(frozen=True)
class Channel:
    """Where a publisher sends events: an SNS topic or an EventBridge bus."""

    kind: Literal["topic", "event_bus"]
    component: str
    setting: str
    env: str


@dataclass(frozen=True)
class DurableOp:
    """One operation of a durable workflow and what its SDK call needs (the target's setting, a table's keys)."""

    op: DurableOperation
    setting: Setting | None = None
    keys: TableKeys | None = None

    @property
    def function(self) -> str:
        return self.op.name.replace("-", "_")


@dataclass
class HandlerSpec:
    plan: FunctionPlan
    template: Template
    settings: list[Setting]
    project: str
    region: str
    ops: list[RouteOp] = field(default_factory=list)
    resolver: str = ""
    correlation_path: str = ""
    cors_origins: list[str] = field(default_factory=list)
    data_table: TableKeys | None = None
    idempotency: TableKeys | None = None
    channel: Channel | None = None
    event_types: list[str] = field(default_factory=list)
    workflow: Setting | None = None
    workflow_kind: str = ""  # state_machine | function (a durable function, started through its live alias)
    durable: list[DurableOp] = field(default_factory=list)
    batch: tuple[str, str, str, str, str] | None = None
    report_failures: bool = True
    upstream: Literal["topic", "event_bus"] | None = None
    upstream_name: str = ""
    input_bucket: Setting | None = None
    output_bucket: Setting | None = None
    job_bucket: Setting | None = None
    s3_prefix: str = ""
    s3_suffix: str = ""
    step: str = ""
    requires_approval: bool = False
    authorizes: str = ""
    secrets: list[Setting] = field(default_factory=list)  # secrets the handler reads (`read_<name>()`, cached)
    contracts: list[EventContract] = field(default_factory=list)  # the event contracts it consumes
    produces: list[EventContract] = field(default_factory=list)  # the event contracts it publishes

    @property
    def module(self) -> str:
        return self.plan.module

    @property
    def name(self) -> str:
        return self.plan.name

    @property
    def setting_types(self) -> list[str]:
        return sorted({"ResourceName"} | {s.type for s in self.settings})

    @property
    def uses_aws(self) -> bool:
        """Whether the handler calls AWS (its unit test then runs under moto)."""
        return bool(self.data_table or self.idempotency or self.channel or self.workflow or self.output_bucket
                    or self.job_bucket or self.template in ("s3", "authorizer_http", "authorizer_rest")
                    or any(d.setting for d in self.durable))

    @property
    def crud(self) -> bool:
        return any(op.operation in ("list", "get", "create", "update", "delete") for op in self.ops)

    def operations(self) -> set[str]:
        return {op.operation for op in self.ops}

    @staticmethod
    def key_expr(attribute_type: str | None, which: str) -> str:
        """The expression a job's run record uses for a key attribute of the given DynamoDB type."""
        field = "run_id" if which == "partition" else "scheduled_time"
        if attribute_type == "N":
            return 'summary["scheduled_epoch"]'
        if attribute_type == "B":
            return f'summary["{field}"].encode()'
        return f'summary["{field}"]'

    def has(self, *operations: str) -> bool:
        return bool(self.operations() & set(operations))


def _setting_for(plan: FunctionPlan, component: str) -> Setting:
    env = plan.env_for(component)
    return Setting(env.name.lower(), env.name, SETTING_TYPES[env.attribute], component)


def _table_keys(design: Design, plan: FunctionPlan, name: str | None) -> TableKeys | None:
    if name is None:
        return None
    table = design.component(name)
    assert isinstance(table, Table)
    setting = _setting_for(plan, name)
    sort = table.sort_key
    return TableKeys(setting.attr, setting.env, table.partition_key.name, table.partition_key.type,
                     sort.name if sort else None, sort.type if sort else None)


def _channel(plan: FunctionPlan) -> Channel | None:
    for grant in plan.grants:
        if grant.access == "publish" and grant.kind in CHANNEL_KINDS:
            setting = _setting_for(plan, grant.component)
            return Channel(grant.kind, grant.component, setting.attr, setting.env)  # type: ignore[arg-type]
    return None


def _event_types(design: Design, channel: str) -> list[str]:
    """The event types the channel's consumers subscribe to (the publisher's sample events use the first)."""
    found: list[str] = []
    for conn in design.outgoing(channel, "triggers"):
        policy = getattr(conn, "filter_policy", None) or {}
        pattern = getattr(conn, "event_pattern", None) or {}
        values: list[object] = []
        for source in (policy.get("event_type") if isinstance(policy, dict) else None,
                       pattern.get("detail-type") if isinstance(pattern, dict) else None):
            if isinstance(source, list):  # a nested (message-body) condition names no event type
                values += source
        found += [v for v in values if isinstance(v, str) and v not in found]
    return found or ["item.created"]


def _template(plan: FunctionPlan) -> Template:
    shape = plan.shape
    if shape == "api":
        return "api"
    if shape in BATCH_SOURCES:
        return "batch"
    if shape == "schedule":
        return "job"
    if shape == "authorizer":
        return "authorizer_rest" if plan.authorizes is not None and plan.authorizes.kind == "rest_api" \
            else "authorizer_http"
    if shape in ("s3", "sns", "eventbridge", "task", "callback", "pipe", "durable", "kafka", "mq", "documentdb"):
        return shape
    if _channel(plan) is not None:
        return "publisher"
    if any(g.access == "start" for g in plan.grants):
        return "starter"
    return "direct"


def handler_spec(design: Design, plan: FunctionPlan) -> HandlerSpec:
    settings = [_setting_for(plan, env.component) for env in plan.env]
    spec = HandlerSpec(plan=plan, template=_template(plan), settings=settings, project=design.project.name,
                       region=design.project.region)
    spec.idempotency = _table_keys(design, plan, plan.idempotency_table)
    spec.data_table = _table_keys(design, plan, plan.data_table)
    spec.channel = _channel(plan)
    spec.secrets = [_setting_for(plan, g.component) for g in plan.grants if g.kind == "secret"]
    if spec.channel is not None:
        spec.event_types = _event_types(design, spec.channel.component)
    starts = [g for g in plan.grants if g.access == "start"]
    if starts:
        spec.workflow = _setting_for(plan, starts[0].component)
        spec.workflow_kind = starts[0].kind
    if plan.function.durable is not None:
        spec.durable = [
            DurableOp(op, _setting_for(plan, op.target) if op.target else None,
                      _table_keys(design, plan, op.target) if op.action == "dynamodb_put" else None)
            for op in plan.function.durable.operations
        ]
        spec.requires_approval = any(o.only_if == "requires_approval" for o in plan.function.durable.operations)
    if plan.shape == "api" and plan.front_door is not None:
        spec.resolver, spec.correlation_path = RESOLVERS[plan.front_door.kind]
        spec.ops = route_ops(plan)
        if plan.front_door.kind == "rest_api":  # proxy integrations must answer CORS headers themselves
            spec.cors_origins = list(getattr(plan.front_door, "cors_allow_origins", []))
    if plan.shape in BATCH_SOURCES and plan.trigger is not None:
        spec.batch = BATCH_SOURCES[plan.shape]
        spec.report_failures = plan.trigger.report_batch_item_failures is not False
        if plan.shape == "sqs" and plan.source is not None:
            feeders = [design.component(c.source) for c in design.incoming(plan.source.name, "triggers")]
            feeder = next((c for c in feeders if c.kind in ("topic", "event_bus")), None)
            if feeder is not None:
                spec.upstream, spec.upstream_name = feeder.kind, feeder.name
    if plan.shape == "s3":  # set by the infrastructure for every S3 processor
        settings.append(Setting("output_prefix", "OUTPUT_PREFIX", "ResourceName", None))
    if plan.shape == "authorizer":  # the Secrets Manager secret holding the accepted bearer token
        settings.append(Setting("token_secret_arn", "TOKEN_SECRET_ARN", "Arn", None))
    if plan.shape == "s3" and plan.trigger is not None and plan.source is not None:
        spec.s3_prefix, spec.s3_suffix = plan.trigger.prefix or "", plan.trigger.suffix or ""
        spec.output_bucket = _bucket_setting(plan, output_bucket_of(plan))
        if any(g.component == plan.source.name for g in plan.grants):
            spec.input_bucket = _setting_for(plan, plan.source.name)
    if plan.shape == "schedule":
        buckets = [g.component for g in plan.grants if g.kind == "bucket" and g.access in ("write", "read_write")]
        spec.job_bucket = _bucket_setting(plan, buckets[0] if buckets else None)
    if plan.shape in ("task", "callback"):
        spec.step = plan.name
        spec.requires_approval = any(
            "requires_approval" in getattr(step, "condition", "")
            for machine in design.of_kind("state_machine") if isinstance(machine, StateMachine)
            for step in machine.steps
        )
    if plan.authorizes is not None:
        spec.authorizes = plan.authorizes.name
    if spec.template in ("batch", "sns", "eventbridge") and plan.shape != "dynamodb_stream":
        spec.contracts = consumed_contracts(design, plan.name)
    if spec.channel is not None:
        spec.produces = produced_contracts(design, plan.name)
    return spec


def _bucket_setting(plan: FunctionPlan, bucket: str | None) -> Setting | None:
    return _setting_for(plan, bucket) if bucket else None


def handler_specs(design: Design, plans: list[FunctionPlan]) -> list[HandlerSpec]:
    return [handler_spec(design, plan) for plan in plans]
