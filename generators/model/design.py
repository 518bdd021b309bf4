"""The Design document: project settings, components and connections, validated as one graph."""

from __future__ import annotations

from collections import Counter
from typing import Literal

from pydantic import Field, field_validator, model_validator

from generators.model.components import (
    LOG_RETENTION_DAYS,
    ApiBase,
    ChoiceStep,
    Component,
    Function,
    KafkaCluster,
    MqBroker,
    ParallelStep,
    Pipe,
    SdkStep,
    StateMachine,
    Strict,
    Table,
    TaskStep,
)
from generators.model.connections import (
    CONNECTION_RULES,
    SETTINGS_BY_SOURCE,
    TRIGGER_TARGETS,
    Connection,
    Routes,
    Triggers,
)
from generators.model.contracts import EventContract, contract_problems
from generators.model.durable import DURABLE_ACTION_TARGETS
from generators.model.imported import Imported
from generators.model.messages import shown
from generators.model.names import FreeText, Name, pascal
from generators.model.organisation import TAG_KEY_RE, TAG_VALUE_RE, OrgDefaults, check_tags, kms_region_problems
from generators.model.patterns import Grammar, pattern_problems

SCHEMA_VERSION: Literal[1] = 1
REGIONS = (
    "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "eu-west-1", "eu-west-2", "eu-west-3",
    "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "ap-south-1", "ap-south-2",
    "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-northeast-1", "ap-northeast-2",
    "ap-northeast-3", "ap-east-1", "sa-east-1", "me-south-1", "me-central-1", "af-south-1", "il-central-1",
)
_TAG_KEY_RE = TAG_KEY_RE
_TAG_VALUE_RE = TAG_VALUE_RE
RESERVED_SUFFIXES = ("-role", "-policy", "-permission", "-log-group", "-logs", "-dlq", "-alarm", "-url",
                     "-stage", "-deployment", "-client", "-archive", "-rule", "-secret")
LOG_LEVELS = ("DEBUG", "INFO", "WARN", "ERROR")


class Environment(Strict):
    name: Literal["dev", "staging", "prod"]
    log_retention_days: int = Field(
        description="CloudWatch Logs retention in days (0 = never expire: not recommended, the advisor warns)",
        json_schema_extra={"enum": [0, *LOG_RETENTION_DAYS]},
    )
    log_level: Literal["DEBUG", "INFO", "WARN", "ERROR"]

    @field_validator("log_retention_days")
    @classmethod
    def _retention(cls, value: int) -> int:
        if value != 0 and value not in LOG_RETENTION_DAYS:
            allowed = ", ".join(str(v) for v in (0, *LOG_RETENTION_DAYS))
            raise ValueError(f"{value} is not a CloudWatch Logs retention; allowed: {allowed}")
        return value


def default_environments() -> list[Environment]:
    """Seed catalog C12/C13: 7/30/90 days and DEBUG/INFO/WARN for dev/staging/prod."""
    return [
        Environment(name="dev", log_retention_days=7, log_level="DEBUG"),
        Environment(name="staging", log_retention_days=30, log_level="INFO"),
        Environment(name="prod", log_retention_days=90, log_level="WARN"),
    ]


class Project(Strict):
    name: Name
    description: FreeText = Field(default="", max_length=256)
    language: Literal["python", "typescript"] = "python"
    iac: Literal["sam", "cdk"] = "sam"
    region: str = Field(default="us-east-1", json_schema_extra={"enum": list(REGIONS)})
    architecture: Literal["arm64", "x86_64"] = "arm64"
    # unique names: a rule between items that the schema does not carry (schemathesis cannot generate from
    # `contains`/`minContains` under `not`)
    environments: list[Environment] = Field(default_factory=default_environments, min_length=1, max_length=3)
    # the schema carries the tag rules the validator below checks (a schema-valid document is accepted)
    tags: dict[str, str] = Field(default_factory=dict, max_length=40, json_schema_extra={
        "propertyNames": {"pattern": "^(?![Aa][Ww][Ss]:)" + _TAG_KEY_RE.pattern[1:]},
        "additionalProperties": {"type": "string", "pattern": _TAG_VALUE_RE.pattern},
    })

    @field_validator("region")
    @classmethod
    def _region(cls, value: str) -> str:
        if value not in REGIONS:
            raise ValueError(f"{shown(value)} is not a supported region; allowed: {', '.join(REGIONS)}")
        return value

    @field_validator("environments")
    @classmethod
    def _unique_environments(cls, value: list[Environment]) -> list[Environment]:
        names = [e.name for e in value]
        if len(set(names)) != len(names):
            raise ValueError(f"environment names must be unique, got {names}")
        return value

    @field_validator("tags")
    @classmethod
    def _tags(cls, value: dict[str, str]) -> dict[str, str]:
        return check_tags(value)


class Silence(Strict):
    """An advisor finding the team decided to accept, with the reason kept in the design."""

    rule: str = Field(pattern=r"^[A-Z][A-Z0-9]{1,4}-\d{2}$", description="Advisor rule id, e.g. 'FN-07'")
    component: Name | None = Field(default=None, description="Only for this component (empty = everywhere)")
    reason: FreeText = Field(min_length=10, max_length=500)


class DesignError(ValueError):
    """Graph-level validation problems, each `path: message`, one per line."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("\n".join(f"{path}: {message}" for path, message in problems))


class Design(Strict):
    schema_version: Literal[1] = SCHEMA_VERSION
    project: Project
    components: list[Component] = Field(default_factory=list, max_length=500,
                                        json_schema_extra={"minItems": 1})  # checked with the graph, see below
    connections: list[Connection] = Field(default_factory=list, max_length=2000)
    silenced: list[Silence] = Field(default_factory=list)
    imported: Imported | None = Field(
        default=None, description="What an imported SAM/CloudFormation template holds beyond the typed model"
    )
    contracts: list[EventContract] = Field(default_factory=list, max_length=200, exclude_if=lambda v: not v,
                                           description="Typed event contracts on the message channels")
    organisation: OrgDefaults | None = Field(
        default=None, exclude_if=lambda v: v is None,
        description="Organisation defaults applied to every design (docs/org-defaults.md); the portal sets them")

    # -- lookups (used by blueprints, advisor and renderers) --------------------------------------------------
    def component(self, name: str) -> Component:
        for component in self.components:
            if component.name == name:
                return component
        raise KeyError(name)

    def of_kind(self, kind: str) -> list[Component]:
        return [c for c in self.components if c.kind == kind]

    def functions(self) -> list[Function]:
        return [c for c in self.components if isinstance(c, Function)]

    def incoming(self, name: str, kind: str | None = None) -> list[Connection]:
        return [c for c in self.connections if c.target == name and (kind is None or c.kind == kind)]

    def outgoing(self, name: str, kind: str | None = None) -> list[Connection]:
        return [c for c in self.connections if c.source == name and (kind is None or c.kind == kind)]

    def routes_from(self, name: str) -> list[Routes]:
        return [c for c in self.connections if isinstance(c, Routes) and c.source == name]

    def triggers_from(self, name: str) -> list[Triggers]:
        return [c for c in self.connections if isinstance(c, Triggers) and c.source == name]

    # -- graph validation -------------------------------------------------------------------------------------
    @model_validator(mode="after")
    def _check_graph(self) -> Design:
        problems = list(_graph_problems(self))
        if problems:
            raise DesignError(problems)
        return self


def _graph_problems(design: Design) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    if design.organisation is not None:
        problems.extend(kms_region_problems(design.organisation, design.project.region))
    if not design.components:
        problems.append(("components", "a design needs at least one component (a function, an API, a queue …)"))
    by_name: dict[str, Component] = {}
    for i, component in enumerate(design.components):
        if component.name in by_name:
            problems.append((f"components[{i}].name", f"duplicate component name {shown(component.name)}"))
        by_name[component.name] = component
    ids = Counter(pascal(c.name) for c in design.components)
    for i, component in enumerate(design.components):
        if ids[pascal(component.name)] > 1 and by_name.get(component.name) is component:
            problems.append((
                f"components[{i}].name",
                f"{shown(component.name)} gives the identifier {pascal(component.name)!r}, "
                "which another component also gives; rename one of them",
            ))
    for i, component in enumerate(design.components):
        if component.name.endswith(RESERVED_SUFFIXES):
            problems.append((f"components[{i}].name", f"{shown(component.name)} ends with a suffix the generated "
                                                      f"resources use ({', '.join(RESERVED_SUFFIXES)}); rename it"))
    if pascal(design.project.name) in ids:
        problems.append(("project.name", "the project name must differ from every component name"))
    known = ", ".join(sorted(by_name)) or "none"
    seen_edges: set[tuple[str, str, str]] = set()
    for i, conn in enumerate(design.connections):
        path = f"connections[{i}]"
        ends_ok = True
        for end in ("source", "target"):
            if getattr(conn, end) not in by_name:
                problems.append((f"{path}.{end}", f"no component named {getattr(conn, end)!r} (components: {known})"))
                ends_ok = False
        if not ends_ok:
            continue
        source, target = by_name[conn.source], by_name[conn.target]
        sources, targets = CONNECTION_RULES[conn.kind]
        if source.kind not in sources:
            problems.append((f"{path}.source", f"a {conn.kind!r} connection cannot start at a {source.kind} "
                                               f"({shown(conn.source)}); allowed: {', '.join(sorted(sources))}"))
            continue
        if target.kind not in targets:
            problems.append((f"{path}.target", f"a {conn.kind!r} connection cannot end at a {target.kind} "
                                               f"({shown(conn.target)}); allowed: {', '.join(sorted(targets))}"))
            continue
        key = (conn.kind, conn.source, conn.target)
        if key in seen_edges and conn.kind != "routes":
            problems.append((path, f"duplicate {conn.kind!r} connection from {conn.source!r} to {conn.target!r}"))
        seen_edges.add(key)
        if conn.source == conn.target:
            problems.append((path, "a component cannot connect to itself"))
        if isinstance(conn, Triggers):
            problems.extend(_trigger_problems(path, conn, source, target))
    problems.extend(_function_problems(design, by_name))
    problems.extend(_pipe_problems(design, by_name))
    problems.extend(_distribution_problems(design, by_name))
    problems.extend(_external_source_problems(design, by_name))
    problems.extend(_api_problems(design, by_name))
    for i, component in enumerate(design.components):
        if isinstance(component, StateMachine):
            problems.extend(_state_machine_problems(f"components[{i}]", component, design, by_name))
    problems.extend(contract_problems(design.contracts, {c.name: c.kind for c in design.components}))
    for i, silence in enumerate(design.silenced):
        if silence.component is not None and silence.component not in by_name:
            problems.append((f"silenced[{i}].component", f"no component named {shown(silence.component)}"))
    return problems


def _trigger_problems(path: str, conn: Triggers, source: Component, target: Component) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    if target.kind not in TRIGGER_TARGETS[source.kind]:
        allowed = ", ".join(sorted(TRIGGER_TARGETS[source.kind]))
        problems.append((f"{path}.target", f"a {source.kind} can trigger only: {allowed}"))
    allowed_settings = SETTINGS_BY_SOURCE[source.kind]
    for field in sorted(conn.model_fields_set):
        if field in ("kind", "source", "target"):
            continue
        if getattr(conn, field) is not None and field not in allowed_settings:
            allowed = ", ".join(sorted(allowed_settings)) or "none"
            problems.append((f"{path}.{field}", f"does not apply to a trigger from a {source.kind}; "
                                                f"settings for a {source.kind}: {allowed}"))
    if conn.filter_policy and "filter_policy" in allowed_settings:
        grammar: Grammar = "sns_body" if conn.filter_policy_scope == "MessageBody" else "sns"
        problems.extend(pattern_problems(f"{path}.filter_policy", conn.filter_policy, grammar))
    if conn.event_pattern and "event_pattern" in allowed_settings:
        problems.extend(pattern_problems(f"{path}.event_pattern", conn.event_pattern, "eventbridge"))
    if conn.filter_patterns and "filter_patterns" in allowed_settings:
        for j, pattern in enumerate(conn.filter_patterns):
            problems.extend(pattern_problems(f"{path}.filter_patterns[{j}]", pattern, "lambda"))
    if source.kind == "table" and isinstance(source, Table) and source.stream is None:
        problems.append((f"{path}.source", f"table {source.name!r} has no stream; set its 'stream' "
                                           "(e.g. NEW_AND_OLD_IMAGES) to trigger from it"))
    if source.kind == "event_bus" and not conn.event_pattern:
        problems.append((f"{path}.event_pattern", "a rule on an event bus needs an event pattern "
                                                  "(e.g. {'detail-type': ['OrderPlaced']})"))
    if conn.min_pollers is not None and conn.max_pollers is not None and conn.min_pollers > conn.max_pollers:
        problems.append((f"{path}.min_pollers", f"{conn.min_pollers} is more than max_pollers ({conn.max_pollers})"))
    if conn.batch_size is not None and conn.batch_size > 10 and source.kind == "queue" and not conn.batching_window_s:
        problems.append((f"{path}.batching_window_s", "an SQS batch size above 10 needs a batching window of at "
                                                      "least 1 second"))
    return problems


_EVENT_CONNECTIONS = ("routes", "triggers", "authorizes")


def _function_problems(design: Design, by_name: dict[str, Component]) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    for i, component in enumerate(design.components):
        if not isinstance(component, Function):
            continue
        sources: set[str] = set()
        for conn in design.connections:
            driven = conn.kind in ("routes", "triggers", "pipes")
            if conn.target == component.name and driven and conn.source in by_name:
                sources.add(f"{by_name[conn.source].kind} {shown(conn.source)}")
            if conn.source == component.name and conn.kind == "authorizes":
                sources.add("authorizer")
            if conn.target == component.name and conn.kind == "invokes" and conn.source in by_name:
                sources.add(f"{by_name[conn.source].kind} {shown(conn.source)}")
        if component.durable is not None:
            problems.extend(_durable_problems(f"components[{i}].durable", component, design, by_name))

        kinds = {s.split(" ")[0] for s in sources}
        if len(kinds) > 1 or (len(sources) > 1 and not kinds <= {"http_api", "rest_api", "state_machine"}):
            drivers = ", ".join(sorted(sources))
            problems.append((f"components[{i}]", f"function {shown(component.name)} is driven by {drivers}; "
                                                 "a function handles one kind of event — split it"))
    return problems


def _durable_problems(path: str, fn: Function, design: Design,
                      by_name: dict[str, Component]) -> list[tuple[str, str]]:
    """Every SDK step of a durable function names a component of the right kind that a connection lets it reach."""
    assert fn.durable is not None
    problems: list[tuple[str, str]] = []
    for j, op in enumerate(fn.durable.operations):
        if op.target is None:
            continue
        wanted, connection = DURABLE_ACTION_TARGETS[op.action]
        target = by_name.get(op.target)
        if target is None or target.kind != wanted:
            problems.append((f"{path}.operations[{j}].target",
                             f"{op.action} needs a {wanted}; {shown(op.target)} is "
                             f"{target.kind if target else 'not a component'}"))
        elif not any(c.target == op.target for c in design.outgoing(fn.name, connection)):
            problems.append((f"{path}.operations[{j}].target",
                             f"add a {connection!r} connection from {shown(fn.name)} to {shown(op.target)} "
                             "(it grants the permission)"))
    return problems


def _distribution_problems(design: Design, by_name: dict[str, Component]) -> list[tuple[str, str]]:
    """A distribution serves at most one bucket (its static site) and at most one backend (an HTTP API); one that
    serves nothing yet (a draft) is valid and deploys nothing."""
    problems: list[tuple[str, str]] = []
    for i, component in enumerate(design.components):
        if component.kind != "distribution":
            continue
        targets = [by_name[c.target] for c in design.outgoing(component.name, "serves") if c.target in by_name]
        buckets = [t.name for t in targets if t.kind == "bucket"]
        backends = [t.name for t in targets if t.kind != "bucket"]
        if len(buckets) > 1:
            problems.append((f"components[{i}]", f"distribution {shown(component.name)} serves one bucket (its "
                                                 f"static site), found {len(buckets)}: {', '.join(buckets)}"))
        if len(backends) > 1:
            problems.append((f"components[{i}]", f"distribution {shown(component.name)} serves one backend "
                                                 f"(http_api), found {len(backends)}: "
                                                 f"{', '.join(backends)}"))
    return problems


def _pipe_problems(design: Design, by_name: dict[str, Component]) -> list[tuple[str, str]]:
    """A pipe reads one source and delivers to one target; at most one enrichment function. A pipe that lacks
    either end yet (a draft being composed) is valid and deploys nothing until it has both."""
    problems: list[tuple[str, str]] = []
    for i, pipe in enumerate(design.components):
        if not isinstance(pipe, Pipe):
            continue
        path = f"components[{i}]"
        sources = [by_name[c.source] for c in design.incoming(pipe.name, "pipes") if c.source in by_name]
        targets = [c.target for c in design.outgoing(pipe.name, "pipes")]
        for role, found, kinds in (("source", sources, "queue, table or stream"),
                                   ("target", targets, "function, queue, topic, event_bus or state_machine")):
            if len(found) > 1:
                problems.append((path, f"pipe {shown(pipe.name)} takes one 'pipes' connection from/to its "
                                       f"{role} ({kinds}), found {len(found)}"))
        if len(design.outgoing(pipe.name, "invokes")) > 1:
            problems.append((path, f"pipe {shown(pipe.name)} takes at most one enrichment function ('invokes')"))
        for source in sources:
            if isinstance(source, Table) and source.stream is None:
                problems.append((path, f"table {shown(source.name)} has no stream; set its 'stream' "
                                       "(e.g. NEW_AND_OLD_IMAGES) to pipe from it"))
            if source.kind == "queue" and pipe.starting_position is not None:
                problems.append((f"{path}.starting_position", "applies to stream sources (table, stream) only; "
                                                              f"{shown(source.name)} is a queue"))
            if source.kind == "queue" and (pipe.batch_size or 0) > 10 and not pipe.batching_window_s:
                problems.append((f"{path}.batching_window_s", "an SQS batch size above 10 needs a batching window "
                                                              "of at least 1 second"))
        for j, pattern in enumerate(pipe.filter_patterns or []):
            problems.extend(pattern_problems(f"{path}.filter_patterns[{j}]", pattern, "lambda"))
    return problems


# the fields an external source needs before it can trigger a function: field -> what to set
_REQUIRED_SOURCE_FIELDS: dict[str, dict[str, str]] = {
    "msk_cluster": {"cluster_arn": "the MSK cluster's ARN", "topic": "the Kafka topic to consume"},
    "kafka_cluster": {"bootstrap_servers": "the brokers' host:port addresses", "topic": "the Kafka topic to consume",
                      "secret": "a secret component holding the SASL/SCRAM username and password"},
    "mq_broker": {"broker_arn": "the broker's ARN", "queue": "the queue to consume",
                  "secret": "a secret component holding the broker user's username and password"},
    "docdb_cluster": {"cluster_arn": "the DocumentDB cluster's ARN", "database": "the database whose changes to read",
                      "secret": "a secret component holding the database user's username and password"},
}


def _external_source_problems(design: Design, by_name: dict[str, Component]) -> list[tuple[str, str]]:
    """An MSK or Kafka topic, an MQ queue or a DocumentDB stream that triggers a function must say where it is and
    how to sign in; its `secret` names a secret component of the design."""
    problems: list[tuple[str, str]] = []
    for i, component in enumerate(design.components):
        required = _REQUIRED_SOURCE_FIELDS.get(component.kind)
        if required is None:
            continue
        path = f"components[{i}]"
        secret = getattr(component, "secret", None)
        if secret is not None and (secret not in by_name or by_name[secret].kind != "secret"):
            secrets = ", ".join(sorted(n for n, c in by_name.items() if c.kind == "secret")) or "none"
            problems.append((f"{path}.secret", f"{shown(secret)} is not a secret component of this design "
                                               f"(secrets: {secrets})"))
        if isinstance(component, KafkaCluster) and bool(component.subnets) != bool(component.security_groups):
            problems.append((f"{path}.subnets", "set both subnets and security_groups (the poller's VPC access), "
                                                "or neither"))
        if isinstance(component, MqBroker) and component.virtual_host and component.engine != "rabbitmq":
            problems.append((f"{path}.virtual_host", "applies to engine 'rabbitmq' only"))
        if not design.outgoing(component.name, "triggers"):
            continue  # a draft source: nothing reads it yet
        for field, what in required.items():
            if not getattr(component, field):
                problems.append((f"{path}.{field}", f"{component.kind} {shown(component.name)} triggers a function: "
                                                    f"set {field} ({what})"))
    return problems


def _api_problems(design: Design, by_name: dict[str, Component]) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    for i, component in enumerate(design.components):
        if component.kind == "function_url":
            routes = design.outgoing(component.name, "routes")
            if len(routes) != 1:
                problems.append((f"components[{i}]", f"function URL {shown(component.name)} must route to exactly one "
                                                     f"function, it routes to {len(routes)}"))
        if not isinstance(component, ApiBase):
            continue
        authorizers = [by_name[c.source] for c in design.incoming(component.name, "authorizes") if c.source in by_name]
        needs = {"jwt": "user_pool", "lambda": "function"}.get(component.auth)
        kinds = [a.kind for a in authorizers]
        if needs and kinds != [needs]:
            problems.append((f"components[{i}].auth", f"auth {component.auth!r} needs exactly one 'authorizes' "
                                                      f"connection from a {needs}, found {len(authorizers)}"))
        if not needs and authorizers:
            problems.append((f"components[{i}].auth", f"auth {component.auth!r} takes no authorizer; set auth to "
                                                      "'jwt' (user pool) or 'lambda' (function)"))
        if component.kind == "rest_api" and len(component.cors_allow_origins) > 1:
            problems.append((f"components[{i}].cors_allow_origins", "a REST API's CORS configuration takes one "
                                                                    "origin; use an HTTP API for several"))
        seen: set[tuple[str, str]] = set()
        for j, conn in enumerate(design.connections):
            if conn.kind == "routes" and conn.source == component.name:
                key = (conn.method, conn.path)
                if key in seen:
                    problems.append((f"connections[{j}]", f"duplicate route {conn.method} {conn.path} on "
                                                          f"{shown(component.name)}"))
                seen.add(key)
    return problems


def _state_machine_problems(path: str, sm: StateMachine, design: Design,
                            by_name: dict[str, Component]) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    names = [s.name for s in sm.steps]
    for name, count in Counter(names).items():
        if count > 1:
            problems.append((f"{path}.steps", f"duplicate step name {shown(name)}"))
    invoked = {c.target for c in design.outgoing(sm.name, "invokes")}
    integrated = {c.target for c in design.outgoing(sm.name, "integrates")}
    sdk_targets = {"dynamodb_put": "table", "sns_publish": "topic", "eventbridge_put": "event_bus",
                   "sqs_send": "queue"}
    for j, step in enumerate(sm.steps):
        spath = f"{path}.steps[{j}]"
        functions: list[str] = []
        if isinstance(step, TaskStep):
            functions = [step.function]
            if step.heartbeat_s is not None and step.heartbeat_s >= step.timeout_s:
                problems.append((f"{spath}.heartbeat_s", "must be less than timeout_s"))
        elif isinstance(step, ParallelStep):
            functions = [f for branch in step.branches for f in branch]
        elif isinstance(step, SdkStep):
            target = by_name.get(step.target)
            wanted = sdk_targets[step.action]
            if target is None or target.kind != wanted:
                problems.append((f"{spath}.target", f"{step.action} needs a {wanted}; {shown(step.target)} is "
                                                    f"{target.kind if target else 'not a component'}"))
            elif step.target not in integrated:
                problems.append((f"{spath}.target", f"add an 'integrates' connection from {shown(sm.name)} to "
                                                    f"{shown(step.target)} (it grants the permission)"))
        elif isinstance(step, ChoiceStep):
            later = names[j + 1:]
            for field in ("when_true", "otherwise"):
                value = getattr(step, field)
                if value is not None and value not in later:
                    choices = ", ".join(later) or "none"
                    problems.append((f"{spath}.{field}", f"must name a later step, one of: {choices}"))
        for function in functions:
            target = by_name.get(function)
            if target is None or target.kind != "function":
                problems.append((spath, f"{shown(function)} is not a function in this design"))
            elif function not in invoked:
                problems.append((spath, f"add an 'invokes' connection from {shown(sm.name)} to {shown(function)} "
                                        "(it grants the permission)"))
    return problems
