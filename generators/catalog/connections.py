"""One row per connection kind: the (source kind, target kind) pairs it allows and what it generates.

`generators.model.connections` validates edges against these pairs; the renderers read what a pair generates
(event source, grant, environment variable, resource policy, invoke permission) and the handler shape of a
triggered function from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Pair = tuple[str, str]

# what an edge can generate, in the words of the `generates` column
EVENT_SOURCE = "event source"  # Lambda event source mapping (polled: SQS, DynamoDB stream, Kinesis)
SUBSCRIPTION = "subscription"  # SNS subscription (function or queue)
RULE = "rule"  # EventBridge rule with a target
SCHEDULE = "schedule"  # EventBridge Scheduler schedule with a target and role
NOTIFICATION = "notification"  # S3 bucket notification
ROUTE = "route"  # API Gateway route / function URL
AUTHORIZER = "authorizer"  # API authorizer
GRANT = "grant"  # least-privilege IAM on the target for the source's role
ENV_VAR = "env var"  # the target's name/ARN/URL in the source function's environment
RESOURCE_POLICY = "resource policy"  # the target's policy names the sender (queue policies)
PERMISSION = "permission"  # AWS::Lambda::Permission for a service principal
SUBSTITUTION = "definition substitution"  # the target's name/ARN in a state machine definition
PIPE_SOURCE = "pipe source"  # the pipe reads the source; its role may read only that source
PIPE_TARGET = "pipe target"  # the pipe delivers to the target; its role may reach only that target
PIPE_ENRICHMENT = "pipe enrichment"  # the pipe calls the function on each batch before its target
ORIGIN = "origin"  # a CloudFront origin (a bucket through origin access control)


@dataclass(frozen=True)
class ConnectionKind:
    kind: str
    label: str
    help: str
    pairs: tuple[Pair, ...]
    generates: dict[Pair, tuple[str, ...]]  # per pair; every pair has an entry
    access: dict[Pair, str] = field(default_factory=dict)  # the grant's access level on the target, per pair
    settings: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind, "label": self.label, "help": self.help,
            "pairs": [list(p) for p in self.pairs],
            "generates": {f"{s}->{t}": list(self.generates[(s, t)]) for s, t in self.pairs},
            "access": {f"{s}->{t}": a for (s, t), a in self.access.items()},
            "settings": list(self.settings),
        }


def _all(sources: tuple[str, ...], targets: tuple[str, ...], what: tuple[str, ...]) -> dict[Pair, tuple[str, ...]]:
    return {(s, t): what for s in sources for t in targets}


# the handler shape of a function triggered by each source kind
TRIGGER_SHAPES: dict[str, str] = {
    "queue": "sqs", "table": "dynamodb_stream", "stream": "kinesis", "bucket": "s3", "topic": "sns",
    "event_bus": "eventbridge", "schedule": "schedule", "msk_cluster": "kafka", "kafka_cluster": "kafka",
    "mq_broker": "mq", "docdb_cluster": "documentdb",
}
# what a pipe reads from and delivers to
PIPE_SOURCES = ("queue", "table", "stream")
PIPE_TARGETS = ("function", "queue", "topic", "event_bus", "state_machine")
# the event-source mapping type of each polled source (SAM `Events` type, CDK `Trigger.kind`)
POLLED_SOURCES: dict[str, str] = {"queue": "sqs", "table": "dynamodb", "stream": "kinesis"}

_TRIGGERS: dict[Pair, tuple[str, ...]] = {
    ("queue", "function"): (EVENT_SOURCE,),
    ("table", "function"): (EVENT_SOURCE,),
    ("stream", "function"): (EVENT_SOURCE,),
    ("msk_cluster", "function"): (EVENT_SOURCE, GRANT),
    ("kafka_cluster", "function"): (EVENT_SOURCE, GRANT),
    ("mq_broker", "function"): (EVENT_SOURCE, GRANT),
    ("docdb_cluster", "function"): (EVENT_SOURCE, GRANT),
    ("bucket", "function"): (NOTIFICATION, PERMISSION),
    ("topic", "function"): (SUBSCRIPTION, PERMISSION),
    ("topic", "queue"): (SUBSCRIPTION, RESOURCE_POLICY),
    ("event_bus", "function"): (RULE, PERMISSION),
    ("event_bus", "queue"): (RULE, RESOURCE_POLICY),
    ("event_bus", "state_machine"): (RULE, GRANT),
    ("schedule", "function"): (SCHEDULE, GRANT),
    ("schedule", "state_machine"): (SCHEDULE, GRANT),
}
_GRANT = (GRANT, ENV_VAR)

ROWS: tuple[ConnectionKind, ...] = (
    ConnectionKind(
        "routes", "routes", "An API route or function URL in front of a function.",
        (("http_api", "function"), ("rest_api", "function"), ("function_url", "function")),
        _all(("http_api", "rest_api", "function_url"), ("function",), (ROUTE, PERMISSION)),
        settings=("method", "path"),
    ),
    ConnectionKind(
        "triggers", "triggers", "An event source: the source's events drive the target.",
        tuple(_TRIGGERS), _TRIGGERS,
        settings=("batch_size", "batching_window_s", "max_concurrency", "report_batch_item_failures",
                  "filter_patterns", "starting_position", "bisect_on_error", "max_retry_attempts",
                  "max_record_age_s", "parallelization_factor", "tumbling_window_s", "on_failure_dlq", "s3_events",
                  "prefix", "suffix", "filter_policy", "filter_policy_scope", "dlq", "event_pattern",
                  "retry_attempts", "max_event_age_s", "consumer_group_id", "min_pollers", "max_pollers"),
    ),
    ConnectionKind(
        "reads", "reads", "The function reads the target.",
        (("function", "table"), ("function", "bucket"), ("function", "stream"), ("function", "queue"),
         ("function", "secret")),
        _all(("function",), ("table", "bucket", "stream", "queue", "secret"), _GRANT),
        {("function", t): "read" for t in ("table", "bucket", "stream", "queue", "secret")},
    ),
    ConnectionKind(
        "writes", "writes", "The function writes to the target (with `reads`: read and write).",
        (("function", "table"), ("function", "bucket")),
        _all(("function",), ("table", "bucket"), _GRANT),
        {("function", t): "write" for t in ("table", "bucket")},
    ),
    ConnectionKind(
        "publishes", "publishes", "The function publishes or sends messages to the target.",
        (("function", "topic"), ("function", "event_bus"), ("function", "queue"), ("function", "stream")),
        _all(("function",), ("topic", "event_bus", "queue", "stream"), _GRANT),
        {("function", t): "publish" for t in ("topic", "event_bus", "queue", "stream")},
    ),
    ConnectionKind(
        "invokes", "invokes", "A state machine task or a function invokes the target function.",
        (("state_machine", "function"), ("function", "function"), ("pipe", "function")),
        {("state_machine", "function"): (GRANT, SUBSTITUTION), ("function", "function"): _GRANT,
         ("pipe", "function"): (PIPE_ENRICHMENT, GRANT)},
        {("state_machine", "function"): "invoke", ("function", "function"): "invoke", ("pipe", "function"): "invoke"},
        settings=("invocation",),
    ),
    ConnectionKind(
        "starts", "starts", "The function starts executions of the state machine.",
        (("function", "state_machine"),), {("function", "state_machine"): _GRANT},
        {("function", "state_machine"): "start"},
    ),
    ConnectionKind(
        "authorizes", "authorizes", "A user pool (JWT) or a function (Lambda authorizer) protects the API.",
        (("user_pool", "http_api"), ("user_pool", "rest_api"), ("function", "http_api"), ("function", "rest_api")),
        {("user_pool", "http_api"): (AUTHORIZER,), ("user_pool", "rest_api"): (AUTHORIZER,),
         ("function", "http_api"): (AUTHORIZER, PERMISSION), ("function", "rest_api"): (AUTHORIZER, PERMISSION)},
    ),
    ConnectionKind(
        "integrates", "integrates", "A state machine step calls the target's API directly (SDK integration).",
        (("state_machine", "table"), ("state_machine", "topic"), ("state_machine", "event_bus"),
         ("state_machine", "queue")),
        _all(("state_machine",), ("table", "topic", "event_bus", "queue"), (GRANT, SUBSTITUTION)),
        {("state_machine", "table"): "write", ("state_machine", "topic"): "publish",
         ("state_machine", "event_bus"): "publish", ("state_machine", "queue"): "publish"},
    ),
    ConnectionKind(
        "pipes", "pipes",
        "EventBridge Pipes: a source (queue, table stream, Kinesis stream) feeds the pipe; the pipe delivers to one "
        "target. The pipe component holds batch size, starting position and filters.",
        tuple((s, "pipe") for s in PIPE_SOURCES) + tuple(("pipe", t) for t in PIPE_TARGETS),
        {**_all(PIPE_SOURCES, ("pipe",), (PIPE_SOURCE, GRANT)), **_all(("pipe",), PIPE_TARGETS, (PIPE_TARGET, GRANT))},
    ),
    ConnectionKind(
        "serves", "serves",
        "A CloudFront distribution serves the target: a private bucket (the static site, read through origin access "
        "control) or a backend (an HTTP API).",
        (("distribution", "bucket"), ("distribution", "http_api")),
        {("distribution", "bucket"): (ORIGIN, RESOURCE_POLICY), ("distribution", "http_api"): (ORIGIN,)},
    ),
)
