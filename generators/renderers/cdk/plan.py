"""What a CDK stack holds for a design, shared by the CDK TypeScript and CDK Python renderers.

Both stacks are rendered from this one plan, so they create the same constructs, with the same construct ids
(the SAM template's logical ids), the same settings and the same grants; only the syntax differs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from generators.catalog import COMPONENTS, CONNECTIONS, POLLED_SOURCES
from generators.model import (
    Bucket,
    Design,
    EventBus,
    Function,
    FunctionUrl,
    HttpApi,
    Queue,
    RestApi,
    Routes,
    Schedule,
    StateMachine,
    Topic,
    Triggers,
    UserPool,
)
from generators.model.names import pascal
from generators.model.organisation import Vpc
from generators.renderers import asl
from generators.renderers.analysis import CORS_HEADERS, FunctionPlan, output_bucket_of, plan_functions
from generators.renderers.jinja import ts_str
from generators.renderers.plan import event_sources, organisation
from generators.renderers.plan.distributions import DistributionPlan, distribution_plans
from generators.renderers.plan.pipes import PipePlan, RoleStatement, pipe_plans

# (resource kind, access) -> grant method, camelCase (TypeScript); Python uses the snake_case form
GRANTS: dict[tuple[str, str], str] = {
    (row.kind, level): access.cdk_grant for row in COMPONENTS.values() for level, access in row.access.items()
}
# component kind + attribute -> property of the L2 construct (camelCase)
ATTRIBUTES: dict[tuple[str, str], str] = {
    (row.kind, name): attribute.cdk for row in COMPONENTS.values() for name, attribute in row.attributes.items()
}
S3_EVENT_TYPES = {
    "s3:ObjectCreated:*": "OBJECT_CREATED", "s3:ObjectCreated:Put": "OBJECT_CREATED_PUT",
    "s3:ObjectCreated:Post": "OBJECT_CREATED_POST", "s3:ObjectCreated:Copy": "OBJECT_CREATED_COPY",
    "s3:ObjectCreated:CompleteMultipartUpload": "OBJECT_CREATED_COMPLETE_MULTIPART_UPLOAD",
    "s3:ObjectRemoved:*": "OBJECT_REMOVED", "s3:ObjectRemoved:Delete": "OBJECT_REMOVED_DELETE",
    "s3:ObjectRemoved:DeleteMarkerCreated": "OBJECT_REMOVED_DELETE_MARKER_CREATED",
}


# construct variable stem suffix per kind; the authorizer's token secret is not a component
SUFFIX = {**{row.kind: row.construct_suffix for row in COMPONENTS.values()}, "secret": "Secret"}


def var_base(name: str, kind: str) -> str:
    """PascalCase variable stem of a construct: the name plus its kind (`events` topic -> `EventsTopic`), so
    variables never collide with keywords, globals (`process`) or the imported module namespaces (`events`)."""
    base = pascal(name)
    suffix = SUFFIX[kind]
    return base if base.lower().endswith(suffix.lower()) else base + suffix


def ts_var(base: str) -> str:
    return base[:1].lower() + base[1:]


def py_var(base: str) -> str:
    return _snake_attr(base).lstrip("_")


@dataclass(frozen=True)
class Ref:
    """A construct's attribute, printed per language: `dataTable.tableName` / `data_table.table_name`."""

    base: str  # var_base of the construct
    attribute: str  # camelCase property

    @property
    def ts(self) -> str:
        return f"{ts_var(self.base)}.{self.attribute}"

    @property
    def py(self) -> str:
        return f"{py_var(self.base)}.{_snake_attr(self.attribute)}"


def _snake_attr(name: str) -> str:
    out = ""
    for char in name:
        out += f"_{char.lower()}" if char.isupper() else char
    return out


@dataclass
class Grant:
    resource: str  # var_base of the resource
    method: str  # camelCase
    grantee: str  # var_base of the function or state machine
    kind: str = ""  # the resource's component kind
    actions: tuple[str, ...] = ()  # explicit IAM actions (the construct's generic `grant`), from the plan
    alias: bool = False  # the resource is a function's `live` alias (a durable function): its ARN only

    @property
    def wildcards(self) -> list[str]:
        """cdk-nag IAM5 finding suffixes the grant adds beyond the resource's own ARN (acknowledged by the stack)."""
        if self.method == "grantInvoke" and self.alias:
            return []
        if self.method == "grantInvoke":
            return [":*"]  # the function's versions and aliases
        if self.kind == "bucket":
            actions = {"grantRead": ["s3:GetBucket*", "s3:GetObject*", "s3:List*"],
                       "grantPut": ["s3:Abort*"],
                       "grantReadWrite": ["s3:Abort*", "s3:DeleteObject*", "s3:GetBucket*", "s3:GetObject*",
                                          "s3:List*"]}[self.method]
            return ["/*", *actions]
        return []

    @property
    def reason(self) -> str:
        if self.method == "grantInvoke":
            return "grantInvoke also allows the function's versions and aliases (its ARN followed by :*)"
        return f"Only this bucket: its objects (ARN/*) and the S3 action groups of CDK's {self.method}"

    @property
    def ts(self) -> str:
        actions = "".join(f", '{a}'" for a in self.actions)  # IAM action names: letters, digits and a colon
        return f"{ts_var(self.resource)}.{self.method}({ts_var(self.grantee)}{actions});"

    @property
    def py(self) -> str:
        """The call as ruff format writes it at the stack method's indentation (8 spaces, lines of 120)."""
        head = f"{py_var(self.resource)}.{_snake_attr(self.method)}("
        args = [py_var(self.grantee), *(f'"{a}"' for a in self.actions)]
        if len(head) + len(", ".join(args)) + 1 <= 112:
            return f"{head}{', '.join(args)})"
        if len(", ".join(args)) <= 108:
            return f"{head}\n            {', '.join(args)}\n        )"
        return head + "".join(f"\n            {arg}," for arg in args) + "\n        )"


@dataclass
class Trigger:
    """An event source of a function, or a delivery into a queue or a state machine."""

    kind: str  # sqs | dynamodb | kinesis | s3 | sns | eventbridge | schedule
    source: str
    target: str
    target_kind: str
    settings: dict[str, Any] = field(default_factory=dict)
    dlq: str | None = None  # construct id of its dead-letter queue
    rule_id: str | None = None


@dataclass
class FunctionSpec:
    plan: FunctionPlan
    env: list[tuple[str, Ref | str]]  # literal str values are JSON-encoded by the templates
    late_env: list[tuple[str, Ref]]  # values from constructs created after the function (state machines)
    dlq: bool
    alias: bool
    entry: str
    description: str

    @property
    def name(self) -> str:
        return self.plan.name

    @property
    def function(self) -> Function:
        return self.plan.function


@dataclass
class CdkPlan:
    design: Design
    stack_class: str
    functions: list[FunctionSpec]
    grants: list[Grant]
    triggers: list[Trigger]
    dlqs: list[str]  # construct ids of every dead-letter queue the stack holds, for alarms
    machine_substitutions: dict[str, dict[str, Ref]]
    machine_grants: list[Grant]
    callbacks: list[tuple[str, str]]  # (function, state machine) pairs that answer task tokens
    apis: list[Any]
    routes: dict[str, list[tuple[str, str, str]]]  # api -> [(method, path, function)]
    authorizers: dict[str, Any]  # api -> the authorizing component (user pool or function)
    pipes: list[PipePlan] = field(default_factory=list)
    # organisation defaults (generators.renderers.plan.organisation)
    boundary: str | None = None
    vpc: Vpc | None = None
    kms: dict[str, str] = field(default_factory=dict)  # kind (queue, topic, table, log) -> customer managed key ARN

    def kms_keys_for(self, *kinds: str) -> list[str]:
        """The organisation keys of these kinds of component (a pipe's source and target), for explicit statements."""
        return sorted({self.kms[kind] for kind in kinds if kind in self.kms and kind != "log"})

    @property
    def grant_kms(self) -> bool:
        """Some grant reaches a customer managed key of a queue, topic or table (CDK's key grants use wildcards such
        as kms:GenerateDataKey*, acknowledged once on the stack)."""
        return bool(set(self.kms) - {"log"})
    distributions: list[DistributionPlan] = field(default_factory=list)

    def arn_ts(self, statement: RoleStatement) -> str:
        """A pipe role statement's resource ARN as TypeScript (a table's stream ARN is set: the model checks it)."""
        if statement.attribute == "stream_arn":
            return f"{self.ts(statement.component)}.tableStreamArn!"
        return f"{self.ts(statement.component)}.{ATTRIBUTES[(statement.kind, 'arn')]}"

    def arn_py(self, statement: RoleStatement) -> str:
        if statement.attribute == "stream_arn":
            return f"cast(str, {self.py(statement.component)}.table_stream_arn)"
        return f"{self.py(statement.component)}.{_snake_attr(ATTRIBUTES[(statement.kind, 'arn')])}"

    def components(self, kind: str) -> list[Any]:
        return [c for c in self.design.components if c.kind == kind]

    def is_durable(self, name: str) -> bool:
        return getattr(self.design.component(name), "durable", None) is not None

    @property
    def has_durable(self) -> bool:
        return any(f.function.durable is not None for f in self.functions)

    def py_invoke(self, name: str) -> str:
        """What callers invoke: a durable function's `live` alias, any other construct itself."""
        return self.py(name) + "_alias" if self.is_durable(name) else self.py(name)

    def ts_invoke(self, name: str) -> str:
        return self.ts(name) + "Alias" if self.is_durable(name) else self.ts(name)

    def base(self, name: str) -> str:
        return var_base(name, self.design.component(name).kind)

    def ts(self, name: str) -> str:
        return ts_var(self.base(name))

    def py(self, name: str) -> str:
        return py_var(self.base(name))


def _attribute(design: Design, name: str, attribute: str) -> Ref:
    component = design.component(name)
    return Ref(var_base(name, component.kind), ATTRIBUTES[(component.kind, attribute)])


def json_literal(value: Any) -> str:
    """A JSON value as TypeScript/Python-compatible literal text (both accept JSON objects and strings)."""
    return json.dumps(value, sort_keys=True)


def _function_spec(design: Design, plan: FunctionPlan) -> FunctionSpec:
    env: list[tuple[str, Ref | str]] = []
    late: list[tuple[str, Ref]] = []
    order = [f.name for f in design.functions()]
    for var in plan.env:
        ref = _attribute(design, var.component, var.attribute)
        # constructs created after this function (state machines; functions declared later) are added afterwards
        if var.kind == "state_machine" or (
                var.kind == "function" and order.index(var.component) > order.index(plan.name)):
            late.append((var.name, ref))
        else:
            env.append((var.name, ref))
    if plan.shape == "s3":
        env.append(("OUTPUT_PREFIX", "processed/"))
    if plan.shape == "authorizer":
        env.append(("TOKEN_SECRET_ARN", Ref(var_base(plan.name, "secret"), "secretArn")))
    for key, value in sorted(plan.function.environment.items()):
        env.append((key, value))
    env.sort(key=lambda item: item[0])
    fn = plan.function
    language = design.project.language
    entry = f"src/handlers/{fn.name}.ts" if language == "typescript" else f"src/{plan.module}"
    return FunctionSpec(plan, env, late, fn.on_failure_dlq,
                        bool(fn.snap_start or fn.provisioned_concurrency or fn.durable is not None),
                        entry, fn.description or f"{fn.name} function")


def _triggers(design: Design, plans: dict[str, FunctionPlan]) -> tuple[list[Trigger], list[str]]:
    triggers: list[Trigger] = []
    dlqs: list[str] = []
    for component in design.components:
        if isinstance(component, Queue) and component.dlq:
            dlqs.append(f"{pascal(component.name)}DLQ")
        if isinstance(component, Function) and component.on_failure_dlq:
            dlqs.append(f"{pascal(component.name)}DLQ")
    for conn in design.connections:
        if not isinstance(conn, Triggers):
            continue
        source = design.component(conn.source)
        target = design.component(conn.target)
        settings: dict[str, Any] = {}
        trigger = Trigger("", conn.source, conn.target, target.kind, settings)
        if source.kind in POLLED_SOURCES:
            polled = event_sources.polled_source(conn, source.kind)
            trigger.kind = polled.type
            settings["batch_size"] = polled.batch_size
            settings["window"] = polled.window_s
            settings["report_failures"] = polled.report_failures
            settings["filters"] = [json_literal(p) for p in polled.filters]
            if polled.type == "sqs":
                settings["max_concurrency"] = polled.max_concurrency
            else:
                settings["starting_position"] = polled.starting_position
                settings["bisect"] = polled.bisect
                settings["retries"] = None if polled.retries == -1 else polled.retries
                settings["parallelization"] = polled.parallelization
                settings["max_record_age"] = None if polled.max_record_age_s in (None, -1) else polled.max_record_age_s
                settings["tumbling_window"] = polled.tumbling_window_s
                trigger.dlq = polled.dlq
        elif isinstance(source, Bucket):
            trigger.kind = "s3"
            settings["events"] = [S3_EVENT_TYPES[e] for e in event_sources.s3_events(conn)]
            settings["prefix"] = conn.prefix or ""
            settings["suffix"] = conn.suffix or ""
        elif isinstance(source, Topic):
            trigger.kind = "sns"
            settings["filter_policy"] = json_literal(conn.filter_policy) if conn.filter_policy else None
            settings["filter_scope"] = event_sources.filter_policy_scope(conn)
            trigger.dlq = event_sources.subscription_dlq(conn)
        elif isinstance(source, EventBus):
            trigger.kind = "eventbridge"
            trigger.rule_id, rule_dlq = event_sources.rule_ids(conn)
            settings["pattern"] = conn.event_pattern or {}
            settings["retries"], settings["max_age"] = event_sources.rule_retry_policy(conn)
            if conn.dlq is not False:
                trigger.dlq = rule_dlq
        elif isinstance(source, Schedule):
            trigger.kind = "schedule"
            settings["expression"] = source.expression
            settings["timezone"] = source.timezone
            settings["window"] = source.flexible_window_minutes
            settings["enabled"] = source.enabled
            settings["retries"] = source.retry_attempts
            settings["max_age"] = source.max_event_age_s
            settings["description"] = source.description or f"Runs {conn.target}"
            if source.dlq:
                trigger.dlq = f"{pascal(conn.source)}DLQ"
        elif COMPONENTS[source.kind].event_source is not None:  # outside the stack: an event source mapping
            trigger.kind = "esm"
            trigger.rule_id = f"{pascal(conn.source)}To{pascal(conn.target)}"
            settings["source"] = event_sources.external_source(design.project.name, conn, source)
        else:  # pragma: no cover - the model allows no other trigger source
            continue
        if trigger.dlq:
            dlqs.append(trigger.dlq)
        triggers.append(trigger)
    del plans
    return triggers, dlqs


def cdk_plan(design: Design) -> CdkPlan:
    plans = {p.name: p for p in plan_functions(design)}
    functions = [_function_spec(design, plan) for plan in plans.values()]
    grants = [Grant(var_base(g.component, g.kind), "grant", var_base(name, "function"), g.kind, g.actions)
              if g.operations else
              Grant(var_base(g.component, g.kind) + ("Alias" if g.access == "start" and g.kind == "function" else ""),
                    GRANTS[(g.kind, g.access)], var_base(name, "function"), g.kind,
                    alias=g.access == "start" and g.kind == "function")
              for name, plan in plans.items() for g in plan.grants]
    grants += [Grant(var_base(name, "secret"), "grantRead", var_base(name, "function"))
               for name, plan in plans.items() if plan.shape == "authorizer"]
    triggers, dlqs = _triggers(design, plans)
    substitutions: dict[str, dict[str, Ref]] = {}
    machine_grants: list[Grant] = []
    callbacks: list[tuple[str, str]] = []
    for machine in design.components:
        if not isinstance(machine, StateMachine):
            continue
        substitutions[machine.name] = {
            key: _attribute(design, component, attribute.lower())
            for key, (component, attribute) in asl.substitutions(design, machine).items()
        }
        for conn in design.outgoing(machine.name):
            target = design.component(conn.target)
            if conn.kind == "invokes":
                machine_grants.append(Grant(var_base(conn.target, "function"), "grantInvoke",
                                            var_base(machine.name, "state_machine"), "function"))
                if plans[conn.target].shape == "callback":
                    callbacks.append((conn.target, machine.name))
            elif conn.kind == "integrates":
                level = CONNECTIONS["integrates"].access[(machine.kind, target.kind)]
                method = COMPONENTS[target.kind].access[level].cdk_grant
                machine_grants.append(Grant(var_base(conn.target, target.kind), method,
                                            var_base(machine.name, "state_machine"), target.kind))
    apis = [c for c in design.components if isinstance(c, HttpApi | RestApi | FunctionUrl)]
    routes: dict[str, list[tuple[str, str, str]]] = {}
    authorizers: dict[str, Any] = {}
    for api in apis:
        routes[api.name] = [(c.method, c.path, c.target) for c in design.outgoing(api.name, "routes")
                            if isinstance(c, Routes)]
        for conn in design.incoming(api.name, "authorizes"):
            authorizers[api.name] = design.component(conn.source)
    return CdkPlan(design, f"{pascal(design.project.name)}Stack", functions, grants, triggers, sorted(dlqs),
                   substitutions, machine_grants, callbacks, apis, routes, authorizers, pipe_plans(design),
                   organisation.boundary(design), organisation.vpc(design), organisation.kms_keys(design),
                   distribution_plans(design))


def state_machine_name(design: Design, machine: str) -> str:
    """The explicit name prefix (SAM: `<project>-<machine>-<env>`), so callbacks can name the ARN without a cycle."""
    base = f"{design.project.name}-{machine}"
    if len(base) > 60:
        import hashlib

        digest = hashlib.sha256(base.encode()).hexdigest()[:6]
        base = f"{base[:53].rstrip('-')}-{digest}"
    return base


def s3_output_bucket(plan: FunctionPlan) -> str | None:
    return output_bucket_of(plan)


__all__ = ["CORS_HEADERS", "CdkPlan", "FunctionSpec", "Grant", "Ref", "Trigger", "UserPool", "cdk_plan",
           "json_literal", "state_machine_name"]


# -- event source mappings of sources outside the stack (CfnEventSourceMapping, printed per language) -----------

@dataclass(frozen=True)
class Code:
    """An expression printed as is: (TypeScript, Python)."""

    ts: str
    py: str


@dataclass(frozen=True)
class Struct:
    """A CloudFormation property struct: an object literal in TypeScript, `CfnEventSourceMapping.<name>(...)` in
    Python (typed, so mypy checks the keys)."""

    name: str
    fields: list[tuple[str, Any]]  # camelCase key -> value


def _resource_code(resource: event_sources.Resource, plan: CdkPlan) -> Any:
    if isinstance(resource, event_sources.SecretArn):
        return Code(f"{plan.ts(resource.component)}.secretArn", f"{plan.py(resource.component)}.secret_arn")
    return resource


def esm_fields(plan: CdkPlan, target: str, source: event_sources.ExternalSource) -> list[tuple[str, Any]]:
    """The CfnEventSourceMapping properties of an external source, from the plan's decisions (the same values SAM
    prints as the function's event)."""
    fields: list[tuple[str, Any]] = [
        ("functionName", Code(f"{plan.ts(target)}.functionName", f"{plan.py(target)}.function_name"))]
    if source.source_arn:
        fields.append(("eventSourceArn", source.source_arn))
    if source.bootstrap_servers:
        fields.append(("selfManagedEventSource", Struct("SelfManagedEventSourceProperty", [
            ("endpoints", Struct("EndpointsProperty", [("kafkaBootstrapServers", source.bootstrap_servers)]))])))
    if source.topics:
        fields.append(("topics", source.topics))
    if source.queues:
        fields.append(("queues", source.queues))
    if source.document_db:
        keys = {"DatabaseName": "databaseName", "CollectionName": "collectionName", "FullDocument": "fullDocument"}
        fields.append(("documentDbEventSourceConfig", Struct("DocumentDBEventSourceConfigProperty", [
            (keys[k], v) for k, v in source.document_db.items()])))
    if source.starting_position:
        fields.append(("startingPosition", source.starting_position))
    fields.append(("batchSize", source.batch_size))
    if source.window_s:
        fields.append(("maximumBatchingWindowInSeconds", source.window_s))
    if source.consumer_group_id:
        config = ("amazonManagedKafkaEventSourceConfig", "AmazonManagedKafkaEventSourceConfigProperty") \
            if source.kind == "msk_cluster" else \
            ("selfManagedKafkaEventSourceConfig", "SelfManagedKafkaEventSourceConfigProperty")
        fields.append((config[0], Struct(config[1], [("consumerGroupId", source.consumer_group_id)])))
    if source.access:
        fields.append(("sourceAccessConfigurations", [
            Struct("SourceAccessConfigurationProperty", [("type", kind), ("uri", _resource_code(uri, plan))])
            for kind, uri in source.access]))
    if source.filters:
        fields.append(("filterCriteria", Struct("FilterCriteriaProperty", [("filters", [
            Struct("FilterProperty", [("pattern", json.dumps(p, sort_keys=True, separators=(",", ":")))])
            for p in source.filters])])))
    if source.pollers:
        fields.append(("provisionedPollerConfig", Struct("ProvisionedPollerConfigProperty", [
            ("minimumPollers", source.pollers[0]), ("maximumPollers", source.pollers[1])])))
    return fields


def esm_statements(plan: CdkPlan, source: event_sources.ExternalSource) -> list[tuple[str, list[str], list[Any]]]:
    """(sid, actions, resources) the poller needs on the function's role."""
    return [(g.sid, list(g.actions), [_resource_code(r, plan) for r in g.resources]) for g in source.grants]


def ts_value(value: Any, indent: int) -> str:
    """A TypeScript literal (no formatter checks TypeScript: one field per line keeps it readable)."""
    pad = " " * (indent + 2)
    if isinstance(value, Code):
        return value.ts
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return ts_str(value)
    if isinstance(value, list):
        inline = "[" + ", ".join(ts_value(v, indent) for v in value) + "]"
        if len(inline) + indent <= 100 and "\n" not in inline:
            return inline
        return "[\n" + "".join(f"{pad}{ts_value(v, indent + 2)},\n" for v in value) + " " * indent + "]"
    assert isinstance(value, Struct)
    return "{\n" + "".join(f"{pad}{key}: {ts_value(v, indent + 2)},\n" for key, v in value.fields) + " " * indent + "}"


def _py_inline(value: Any) -> str:
    if isinstance(value, Code):
        return value.py
    if isinstance(value, bool | int):
        return str(value)
    if isinstance(value, str):  # ruff format's quotes: double, unless that needs more escapes than single
        return f"'{value}'" if '"' in value and "'" not in value and "\\" not in value else json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_py_inline(v) for v in value) + "]"
    assert isinstance(value, Struct)
    args = ", ".join(f"{_snake_attr(k)}={_py_inline(v)}" for k, v in value.fields)
    return f"lambda_.CfnEventSourceMapping.{value.name}({args})"


def py_value(value: Any, indent: int, prefix: str = "", suffix: str = ",") -> str:
    """`prefix` + a Python literal + `suffix` at `indent`, split the way ruff format splits it: on one line when it
    fits in 120 columns, else at its outermost bracket with one element per line and a trailing comma."""
    line = " " * indent + prefix + _py_inline(value) + suffix
    if len(line) <= 120 or not isinstance(value, list | Struct):
        return line
    inner = indent + 4
    if isinstance(value, list):
        head, items, tail = "[", [py_value(v, inner) for v in value], "]"
    else:
        head = f"lambda_.CfnEventSourceMapping.{value.name}("
        items = [py_value(v, inner, f"{_snake_attr(k)}=") for k, v in value.fields]
        tail = ")"
    return " " * indent + prefix + head + "\n" + "\n".join(items) + "\n" + " " * indent + tail + suffix


# at most 94 characters: the Python line holding it fits ruff's 120 columns
WILDCARD_REASON = "The event poller's network interfaces (EC2 has no resource-level permission) and DocDB groups"


def _wildcards(statements: list[tuple[str, list[str], list[Any]]]) -> list[str]:
    return sorted({r for _sid, _actions, resources in statements for r in resources
                   if isinstance(r, str) and "*" in r})


def esm_ts(plan: CdkPlan, trigger: Trigger) -> str:
    """The CfnEventSourceMapping of an external source and the poller's statements on the function's role."""
    source: event_sources.ExternalSource = trigger.settings["source"]
    target = plan.ts(trigger.target)
    lines = [f"    new lambda.CfnEventSourceMapping(this, '{trigger.rule_id}', "
             + ts_value(Struct("", esm_fields(plan, trigger.target, source)), 4) + ");"]
    statements = esm_statements(plan, source)
    for sid, actions, resources in statements:
        lines.append(f"    {target}.addToRolePolicy(\n      new iam.PolicyStatement(" + ts_value(Struct("", [
            ("sid", sid), ("actions", actions), ("resources", resources)]), 6) + "),\n    );")
    for wildcard in _wildcards(statements):
        finding = ts_str(f"AwsSolutions-IAM5[Resource::{wildcard}]")
        lines.append(f"    cdk.Validations.of({target}.role!).acknowledge({{ id: {finding}, "
                     f"reason: {ts_str(WILDCARD_REASON)} }});")
    return "\n".join(lines)


def esm_py(plan: CdkPlan, trigger: Trigger) -> str:
    """esm_ts in Python, formatted as ruff format writes it (the stack module is checked with it)."""
    source: event_sources.ExternalSource = trigger.settings["source"]
    target = plan.py(trigger.target)
    lines = ["        lambda_.CfnEventSourceMapping(", "            self,", f'            "{trigger.rule_id}",']
    lines += [py_value(value, 12, f"{_snake_attr(key)}=") for key, value in esm_fields(plan, trigger.target, source)]
    lines.append("        )")
    statements = esm_statements(plan, source)
    for sid, actions, resources in statements:
        lines += [f"        {target}.add_to_role_policy(", "            iam.PolicyStatement(",
                  f'                sid="{sid}",', py_value(actions, 16, "actions="),
                  py_value(resources, 16, "resources="), "            ),", "        )"]
    for wildcard in _wildcards(statements):
        lines += [f"        Validations.of({target}.role or self).acknowledge(", "            Acknowledgment(",
                  f'                id="AwsSolutions-IAM5[Resource::{wildcard}]",',
                  py_value(WILDCARD_REASON, 16, "reason="), "            ),", "        )"]
    return "\n".join(lines)
