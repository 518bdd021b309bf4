"""Components of a design: the nodes of the graph, a discriminated union on `kind`.

Every numeric field is bounded by its real AWS limit (seed catalog §3). Best-practice checks (a visibility
timeout below 6x the function timeout, CORS `*`, ...) are the advisor's job, not the model's: the model only
rejects what AWS itself would reject or what cannot be rendered.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from generators.model.durable import Durable
from generators.model.messages import shown
from generators.model.names import FreeText, Name, check_nested_text, cloudformation_syntax_problem
from generators.model.schedules import check_schedule_expression, check_timezone, timezone_names


class Strict(BaseModel):
    """Base for every design model: unknown fields are errors, values are re-validated on assignment."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, frozen=False, defer_build=True)


_ENV_KEY_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,127}$")
_RESERVED_ENV_PREFIXES = ("AWS_", "LAMBDA_", "_")
_ORIGIN_RE = re.compile(r"^(\*|https?://(\*\.)?[A-Za-z0-9.-]+(:\d{1,5})?)$")
_ATTRIBUTE_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,254}$")

LOG_RETENTION_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
                      3288, 3653)


def _check_origin(value: str) -> str:
    if not _ORIGIN_RE.match(value):
        raise ValueError(
            f"{shown(value)} is not a CORS origin; use scheme://host[:port] such as 'https://app.example.com' (or '*')"
        )
    return value


Origin = Annotated[str, AfterValidator(_check_origin), Field(json_schema_extra={"pattern": _ORIGIN_RE.pattern})]


class ComponentBase(Strict):
    name: Name
    description: FreeText = Field(default="", max_length=256)


class Workload(Strict):
    """What the team expects of a function: facts the advisor and the cost estimate use (seed catalog §2,
    "user-declared facts"). Nothing here is rendered; every field is optional (empty = unknown)."""

    expected_duration_s: float | None = Field(
        default=None, gt=0, le=31536000, description="Typical duration of one invocation (s)"
    )
    per_record_ms: int | None = Field(
        default=None, ge=1, le=900000, description="Batch consumers: processing time per record (ms)"
    )
    expected_rps: float | None = Field(
        default=None, ge=0, le=1000000, description="Expected invocations (or records) per second"
    )
    payload_bytes: int | None = Field(
        default=None, ge=0, le=5 * 1024**4, description="Largest request or response body of one invocation (bytes)"
    )
    object_bytes: int | None = Field(
        default=None, ge=0, le=5 * 1024**4, description="Largest S3 object the function reads or writes (bytes)"
    )
    package_size_mb: int | None = Field(
        default=None, ge=1, le=10240,
        description="Unzipped size of the code with its dependencies and layers (MB)",
    )
    cold_start_tolerance_ms: int | None = Field(
        default=None, ge=0, le=900000, description="Extra latency callers tolerate on a cold start (ms)"
    )
    cpu_bound: bool | None = Field(default=None, description="Mostly computation (not waiting on I/O)")
    native_x86_deps: bool | None = Field(
        default=None, description="Depends on x86-only native binaries or wheels"
    )
    non_idempotent_side_effects: bool | None = Field(
        default=None, description="Has side effects that must not run twice (payments, e-mails, counters)"
    )
    init_unique_state: bool | None = Field(
        default=None,
        description="Creates unique or time-bound values (UUIDs, random seeds, timestamps, credentials) or opens "
                    "network connections at module level, during INIT",
    )
    traffic_pattern: Literal["steady", "bursty", "unpredictable"] | None = None


class Function(ComponentBase):
    """A Lambda function. Its handler shape follows from its incoming connection (route, trigger, task...)."""

    kind: Literal["function"] = "function"
    memory_mb: int = Field(default=512, ge=128, le=10240, description="Memory in MB (128-10240); CPU scales with it")
    timeout_s: int = Field(default=30, ge=1, le=900, description="Timeout in seconds (1-900)")
    ephemeral_storage_mb: int = Field(default=512, ge=512, le=10240, description="/tmp size in MB (512-10240)")
    architecture: Literal["arm64", "x86_64"] | None = Field(
        default=None, description="CPU architecture; empty = the project's default"
    )
    reserved_concurrency: int | None = Field(
        default=None, ge=0, le=10000, description="Reserved concurrent executions (caps the function)"
    )
    tracing: bool = Field(default=True, description="X-Ray active tracing")
    on_failure_dlq: bool = Field(
        default=False, description="Dead-letter queue for failed asynchronous invocations"
    )
    environment: dict[str, str] = Field(default_factory=dict, description="Extra environment variables",
                                        json_schema_extra={"propertyNames": {
                                            "pattern": "^(?!AWS_|LAMBDA_)" + _ENV_KEY_RE.pattern[1:]}})
    provisioned_concurrency: int | None = Field(
        default=None, ge=1, le=10000,
        description="Provisioned concurrency on the 'live' alias (billed while idle)",
    )
    snap_start: bool | None = Field(default=None, description="Lambda SnapStart on published versions")
    durable: Durable | None = Field(
        default=None, description="Lambda durable function: its handler runs these operations with checkpoints",
    )
    workload: Workload | None = Field(
        default=None, description="Expected workload (advisor and cost estimate)"
    )

    @field_validator("environment")
    @classmethod
    def _environment_keys(cls, value: dict[str, str]) -> dict[str, str]:
        for key, item in value.items():
            if not _ENV_KEY_RE.match(key):
                raise ValueError(
                    f"environment variable name {shown(key)} is invalid; use letters, digits and '_', "
                    "starting with a letter"
                )
            if key.startswith(_RESERVED_ENV_PREFIXES):
                raise ValueError(f"environment variable {shown(key)} uses a prefix reserved by Lambda "
                                 "(AWS_, LAMBDA_, _)")
            if "\x00" in item:
                raise ValueError(f"environment variable {shown(key)} contains a NUL character")
            problem = cloudformation_syntax_problem(item)
            if problem:
                raise ValueError(f"environment variable {shown(key)}: {problem}")
        size = sum(len(k) + len(v) for k, v in value.items())
        if size > 4096:
            raise ValueError(f"environment variables total {size} bytes; Lambda allows 4 KB in total")
        return value


class ApiBase(ComponentBase):
    cors_allow_origins: list[Origin] = Field(
        default_factory=list, max_length=20,
        description="Origins allowed to call the API from a browser (empty = CORS off); avoid '*'",
    )
    auth: Literal["none", "iam", "jwt", "lambda"] = Field(
        default="none", description="none | iam (SigV4) | jwt (Cognito user pool) | lambda (Lambda authorizer)"
    )
    throttling_rate_limit: int = Field(default=100, ge=1, le=10000, description="Steady-state requests per second")
    throttling_burst_limit: int = Field(default=200, ge=1, le=5000, description="Burst requests")


class HttpApi(ApiBase):
    kind: Literal["http_api"] = "http_api"


class RestApi(ApiBase):
    kind: Literal["rest_api"] = "rest_api"
    stage_name: Name = Field(default="prod", description="Deployment stage name")
    authorizer_ttl_s: int = Field(
        default=300, ge=0, le=3600, description="Lambda authorizer result cache (ReauthorizeEvery), seconds"
    )
    logging_role: Literal["create", "existing"] = Field(
        default="create",
        description="create (the stack sets the region's API Gateway CloudWatch role, which access logs need) | "
                    "existing (the account already has one)",
    )


class FunctionUrl(ComponentBase):
    kind: Literal["function_url"] = "function_url"
    auth: Literal["iam", "none"] = Field(default="iam", description="iam (AWS_IAM, SigV4) | none (public)")
    cors_allow_origins: list[Origin] = Field(default_factory=list, max_length=20)
    invoke_mode: Literal["BUFFERED", "RESPONSE_STREAM"] = "BUFFERED"


class Queue(ComponentBase):
    kind: Literal["queue"] = "queue"
    fifo: bool = False
    visibility_timeout_s: int = Field(default=180, ge=0, le=43200, description="Visibility timeout (0-43200 s)")
    message_retention_s: int = Field(default=345600, ge=60, le=1209600, description="Retention (60-1209600 s)")
    delay_s: int = Field(default=0, ge=0, le=900, description="Delivery delay (0-900 s)")
    dlq: bool = Field(default=True, description="Dead-letter queue with a redrive policy")
    max_receive_count: int = Field(default=3, ge=1, le=1000, description="Receives before a message goes to the DLQ")
    dlq_retention_s: int = Field(default=1209600, ge=60, le=1209600, description="DLQ retention (max 14 days)")


class Topic(ComponentBase):
    kind: Literal["topic"] = "topic"
    fifo: bool = False


class KeyAttribute(Strict):
    name: str = Field(default="id", min_length=1, max_length=255)
    type: Literal["S", "N", "B"] = "S"

    @field_validator("name")
    @classmethod
    def _attribute_name(cls, value: str) -> str:
        if not _ATTRIBUTE_RE.match(value):
            raise ValueError(f"attribute name {shown(value)} must use letters, digits, '_', '-' or '.'")
        return value


class Table(ComponentBase):
    kind: Literal["table"] = "table"
    purpose: Literal["data", "idempotency"] = Field(
        default="data", description="data | idempotency (Powertools idempotency records)"
    )
    partition_key: KeyAttribute = Field(default_factory=KeyAttribute)
    sort_key: KeyAttribute | None = None
    billing_mode: Literal["PAY_PER_REQUEST", "PROVISIONED"] = "PAY_PER_REQUEST"
    read_capacity: int = Field(default=5, ge=1, le=40000, description="Provisioned read capacity units")
    write_capacity: int = Field(default=5, ge=1, le=40000, description="Provisioned write capacity units")
    stream: Literal["NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY"] | None = None
    ttl_attribute: str | None = Field(default=None, max_length=255)
    point_in_time_recovery: bool = True
    deletion_protection: bool = False


class Bucket(ComponentBase):
    kind: Literal["bucket"] = "bucket"
    versioned: bool = True
    expire_noncurrent_days: int = Field(default=30, ge=1, le=3650, description="Delete old versions after N days")


class EventBus(ComponentBase):
    kind: Literal["event_bus"] = "event_bus"
    archive_retention_days: int | None = Field(
        default=None, ge=0, le=3650, description="Keep an archive of all events for replay (0 = indefinitely)"
    )


def _timezone_enum(schema: dict[str, Any]) -> None:
    schema["enum"] = list(timezone_names())


class Schedule(ComponentBase):
    """An EventBridge Scheduler schedule; its one target is the `triggers` connection that leaves it."""

    kind: Literal["schedule"] = "schedule"
    expression: Annotated[str, AfterValidator(check_schedule_expression)] = "cron(0 8 * * ? *)"
    timezone: Annotated[str, AfterValidator(check_timezone)] = Field(
        default="UTC", json_schema_extra=_timezone_enum)
    flexible_window_minutes: int = Field(
        default=0, ge=0, le=1440, description="Flexible time window (0 = off, 1-1440 minutes)"
    )
    enabled: bool = True
    retry_attempts: int = Field(default=3, ge=0, le=185, description="Retries when the target cannot be invoked")
    max_event_age_s: int = Field(default=3600, ge=60, le=86400, description="Give up after this many seconds")
    dlq: bool = Field(default=True, description="Dead-letter queue for invocations that failed all retries")


class Stream(ComponentBase):
    kind: Literal["stream"] = "stream"
    mode: Literal["ON_DEMAND", "PROVISIONED"] = "ON_DEMAND"
    shard_count: int = Field(default=1, ge=1, le=500, description="Shards (PROVISIONED mode only)")
    retention_hours: int = Field(default=24, ge=24, le=8760)


class UserPool(ComponentBase):
    kind: Literal["user_pool"] = "user_pool"
    mfa: Literal["OFF", "OPTIONAL", "ON"] = Field(default="OPTIONAL", description="Multi-factor auth (TOTP)")
    password_min_length: int = Field(default=12, ge=8, le=99)


class Secret(ComponentBase):
    """A Secrets Manager secret. Functions that read it get its ARN (never its value) and fetch the value at run
    time through Powertools parameters, cached."""

    kind: Literal["secret"] = "secret"
    password_length: int = Field(
        default=32, ge=20, le=4096, description="Length of the generated secret string (20-4096)"
    )
    exclude_punctuation: bool = Field(default=True, description="Generate letters and digits only")
    username: str | None = Field(
        default=None, min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_.@-]+$",
        description="Generate a JSON secret {\"username\": <this>, \"password\": <generated>} (the form Kafka "
                    "SASL/SCRAM, Amazon MQ and DocumentDB event sources read); empty = a plain generated string",
    )


class Pipe(ComponentBase):
    """An EventBridge pipe: one `pipes` connection from its source (queue, table stream, Kinesis stream), one to its
    target, and optionally an `invokes` connection to an enrichment function. Empty settings = the plan's defaults."""

    kind: Literal["pipe"] = "pipe"
    batch_size: int | None = Field(default=None, ge=1, le=10000, description="Records per batch (1-10000)")
    batching_window_s: int | None = Field(default=None, ge=0, le=300, description="Batching window (0-300 s)")
    starting_position: Literal["LATEST", "TRIM_HORIZON"] | None = Field(
        default=None, description="Stream sources: where a new pipe starts reading (LATEST | TRIM_HORIZON)"
    )
    filter_patterns: list[dict[str, Any]] | None = Field(
        default=None, max_length=5, description="Event patterns; only matching records go on (up to 5)",
        json_schema_extra={"items": {"type": "object", "propertyNames": {"maxLength": 256}}},
    )

    @field_validator("filter_patterns")
    @classmethod
    def _no_cloudformation_syntax(cls, value: Any) -> Any:
        check_nested_text(value)
        return value


_PATH_PATTERN_RE = re.compile(r"^/[A-Za-z0-9._~-][A-Za-z0-9._~/-]*\*$")  # `/api/*`; never `/*` (the site's)


class Distribution(ComponentBase):
    """A CloudFront distribution. Its origins are its `serves` connections: a private bucket (the static site,
    read through origin access control) and at most one backend (an HTTP API) under `backend_path`. Without a
    bucket, the backend is the default behaviour; a draft serving nothing deploys nothing."""

    kind: Literal["distribution"] = "distribution"
    price_class: Literal["PriceClass_100", "PriceClass_200", "PriceClass_All"] = Field(
        default="PriceClass_100",
        description="Edge locations used: PriceClass_100 (North America, Europe) | PriceClass_200 | PriceClass_All",
    )
    spa_fallback: bool = Field(
        default=True, description="Serve /index.html for site paths without a file extension (client-side routing)"
    )
    backend_path: str = Field(
        default="/api/*", max_length=255, description="Path pattern CloudFront sends to the backend origin",
        json_schema_extra={"pattern": _PATH_PATTERN_RE.pattern},
    )

    @field_validator("backend_path")
    @classmethod
    def _path_pattern(cls, value: str) -> str:
        if not _PATH_PATTERN_RE.match(value):
            raise ValueError(f"{shown(value)} is not a backend path pattern; use '/prefix/*' such as '/api/*'")
        return value


# --- event sources outside the stack (read by an event source mapping, never created here) -------------------

_MSK_ARN = r"^arn:aws[a-z-]*:kafka:[a-z0-9-]+:\d{12}:cluster/[A-Za-z0-9-]{1,64}/[A-Za-z0-9-]{1,64}$"
_MQ_ARN = r"^arn:aws[a-z-]*:mq:[a-z0-9-]+:\d{12}:broker:[A-Za-z0-9_-]{1,50}:b-[A-Za-z0-9-]{1,64}$"
_DOCDB_ARN = r"^arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:cluster:[a-z][a-z0-9-]{0,62}$"
_TOPIC = r"^[A-Za-z0-9_-][A-Za-z0-9._-]{1,248}$"  # the ESM's Topics pattern: 2+ characters, no leading '.'
_BOOTSTRAP = r"^[A-Za-z0-9.-]{1,253}:\d{1,5}$"
_SUBNET = r"^subnet-[0-9a-f]{8,17}$"
_SECURITY_GROUP = r"^sg-[0-9a-f]{8,17}$"
_QUEUE_NAME = r"^[A-Za-z0-9._:/-]{1,1000}$"
_MONGO_NAME = r"^[A-Za-z0-9_-]{1,63}$"
_VHOST = r"^[A-Za-z0-9/._-]{0,256}$"


def _matching(pattern: str, what: str, *, empty: bool = True) -> Callable[[str], str]:
    """A check whose bad values get a message saying what was expected (the field path names the field)."""
    regex = re.compile(pattern)

    def check(value: str) -> str:
        if (empty and value == "") or regex.match(value):
            return value
        raise ValueError(f"{shown(value)} is not {what}")

    return check


def _schema(pattern: str, *, empty: bool = True) -> Any:
    return Field(json_schema_extra={"pattern": f"(^$)|({pattern})" if empty else pattern})


MskArn = Annotated[str, AfterValidator(_matching(
    _MSK_ARN, "an MSK cluster ARN (arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>)")), _schema(_MSK_ARN)]
MqArn = Annotated[str, AfterValidator(_matching(
    _MQ_ARN, "an Amazon MQ broker ARN (arn:aws:mq:<region>:<account>:broker:<name>:b-<id>)")), _schema(_MQ_ARN)]
DocdbArn = Annotated[str, AfterValidator(_matching(
    _DOCDB_ARN, "a DocumentDB cluster ARN (arn:aws:rds:<region>:<account>:cluster:<name>)")), _schema(_DOCDB_ARN)]
KafkaTopic = Annotated[str, AfterValidator(_matching(
    _TOPIC, "a Kafka topic name (2-249 letters, digits, '.', '_', '-'; not starting with '.')")), _schema(_TOPIC)]
BootstrapServer = Annotated[str, AfterValidator(_matching(
    _BOOTSTRAP, "a broker address host:port (e.g. b-1.kafka.example.com:9096)", empty=False)),
    _schema(_BOOTSTRAP, empty=False)]
SubnetId = Annotated[str, AfterValidator(_matching(
    _SUBNET, "a subnet id (subnet- followed by 8 or 17 hex digits)", empty=False)), _schema(_SUBNET, empty=False)]
SecurityGroupId = Annotated[str, AfterValidator(_matching(
    _SECURITY_GROUP, "a security group id (sg- followed by 8 or 17 hex digits)", empty=False)),
    _schema(_SECURITY_GROUP, empty=False)]
MqQueue = Annotated[str, AfterValidator(_matching(
    _QUEUE_NAME, "a queue name (letters, digits and ._:/-)")), _schema(_QUEUE_NAME)]
MongoName = Annotated[str, AfterValidator(_matching(
    _MONGO_NAME, "a DocumentDB database or collection name (letters, digits, '_', '-')")), _schema(_MONGO_NAME)]
VirtualHost = Annotated[str, AfterValidator(_matching(
    _VHOST, "a RabbitMQ virtual host (letters, digits and /._-)")), _schema(_VHOST, empty=False)]


class MskCluster(ComponentBase):
    """An existing Amazon MSK cluster's topic. Lambda's poller authenticates with IAM (the function's role)."""

    kind: Literal["msk_cluster"] = "msk_cluster"
    cluster_arn: MskArn = Field(default="", max_length=2048, description="The cluster's ARN")
    topic: KafkaTopic = Field(default="", description="Kafka topic to consume")


class KafkaCluster(ComponentBase):
    """A self-managed Apache Kafka cluster's topic, reached with SASL/SCRAM credentials from a secret."""

    kind: Literal["kafka_cluster"] = "kafka_cluster"
    bootstrap_servers: list[BootstrapServer] = Field(
        default_factory=list, max_length=10, description="Broker addresses host:port (e.g. b-1.example.com:9096)")
    topic: KafkaTopic = Field(default="", description="Kafka topic to consume")
    auth: Literal["SASL_SCRAM_512_AUTH", "SASL_SCRAM_256_AUTH"] = Field(
        default="SASL_SCRAM_512_AUTH", description="SASL/SCRAM mechanism of the credentials secret")
    secret: Name | None = Field(default=None, description="The secret component holding {username, password}")
    subnets: list[SubnetId] = Field(
        default_factory=list, max_length=16, description="VPC subnets the poller reaches the brokers from")
    security_groups: list[SecurityGroupId] = Field(
        default_factory=list, max_length=5, description="Security groups of the poller (allow the broker port)")


class MqBroker(ComponentBase):
    """An existing Amazon MQ broker's queue (ActiveMQ or RabbitMQ), read with credentials from a secret."""

    kind: Literal["mq_broker"] = "mq_broker"
    broker_arn: MqArn = Field(default="", max_length=2048, description="The broker's ARN")
    queue: MqQueue = Field(default="", description="Queue to consume")
    engine: Literal["activemq", "rabbitmq"] = "activemq"
    virtual_host: VirtualHost = Field(default="", description="RabbitMQ only: the queue's virtual host (empty = /)")
    secret: Name | None = Field(default=None, description="The secret component holding {username, password}")


class DocdbCluster(ComponentBase):
    """An existing Amazon DocumentDB cluster's change stream (enabled on the collection), read with a secret."""

    kind: Literal["docdb_cluster"] = "docdb_cluster"
    cluster_arn: DocdbArn = Field(default="", max_length=2048, description="The cluster's ARN")
    database: MongoName = Field(default="", description="Database whose changes are read")
    collection: MongoName = Field(default="", description="Collection (empty = every collection of the database)")
    full_document: Literal["Default", "UpdateLookup"] = Field(
        default="UpdateLookup", description="UpdateLookup: updates carry the whole document; Default: the delta")
    secret: Name | None = Field(default=None, description="The secret component holding {username, password}")


# --- Step Functions ------------------------------------------------------------------------------------------

class StepBase(Strict):
    name: Name
    timeout_s: int = Field(default=300, ge=1, le=31536000, description="TimeoutSeconds of the state")


class RetryMixin(Strict):
    retry: bool = Field(default=True, description="Retry transient errors")
    retry_max_attempts: int = Field(default=3, ge=0, le=99)
    retry_interval_s: int = Field(default=2, ge=1, le=99999999)
    retry_backoff_rate: float = Field(default=2.0, ge=1.0, le=10.0)
    catch: bool = Field(default=True, description="Send unhandled errors to the workflow's failure state")


class TaskStep(StepBase, RetryMixin):
    """Invoke a Lambda function (`lambda:invoke`), or with `wait_for_callback` pass it a task token and wait."""

    type: Literal["task"] = "task"
    function: Name
    heartbeat_s: int | None = Field(
        default=None, ge=1, le=31536000,
        description="HeartbeatSeconds (< timeout); for wait_for_callback tasks, whose worker sends heartbeats",
    )
    integration: Literal["request_response", "wait_for_callback", "sync"] = "request_response"


class SdkStep(StepBase, RetryMixin):
    """A direct service integration, no Lambda in between."""

    type: Literal["sdk"] = "sdk"
    action: Literal["dynamodb_put", "sns_publish", "eventbridge_put", "sqs_send"]
    target: Name


class ChoiceStep(StepBase):
    """If `condition` (a JSONata boolean over `$states.input`) holds, go to `when_true`, else to `otherwise`
    (default: the next step)."""

    type: Literal["choice"] = "choice"
    condition: str = Field(min_length=1, max_length=500,
                           json_schema_extra={"pattern": r"^(?!.*(\{%|%\}))[^\r\n\x00]*$"})
    when_true: Name
    otherwise: Name | None = None

    @field_validator("condition")
    @classmethod
    def _condition(cls, value: str) -> str:
        if "%}" in value or "{%" in value or any(c in value for c in "\r\n\x00"):
            raise ValueError("write the bare JSONata expression, without '{%' '%}' and on one line")
        return value


class ParallelStep(StepBase):
    """Run each branch (a list of function names, each invoked in order) at the same time."""

    type: Literal["parallel"] = "parallel"
    branches: list[list[Name]] = Field(min_length=1, max_length=10)
    catch: bool = True


Step = Annotated[TaskStep | SdkStep | ChoiceStep | ParallelStep, Field(discriminator="type")]


class WorkflowWorkload(Strict):
    """What the team expects of a workflow: facts for the advisor and the cost estimate (not rendered)."""

    expected_duration_s: float | None = Field(
        default=None, gt=0, le=10 * 31536000, description="Typical duration of one execution (s)"
    )
    starts_per_second: float | None = Field(
        default=None, ge=0, le=1000000, description="Expected executions per second"
    )
    non_idempotent_side_effects: bool | None = Field(
        default=None, description="Has side effects that must not run twice (payments, e-mails, counters)"
    )


class StateMachine(ComponentBase):
    kind: Literal["state_machine"] = "state_machine"
    workflow_type: Literal["STANDARD", "EXPRESS"] = "STANDARD"
    query_language: Literal["JSONata"] = "JSONata"
    steps: list[Step] = Field(
        default_factory=list, max_length=100, description="The workflow's steps; empty = one Pass state (a stub)"
    )
    log_level: Literal["ALL", "ERROR", "FATAL", "OFF"] = "ERROR"
    include_execution_data: bool = True
    tracing: bool = True
    timeout_s: int | None = Field(default=None, ge=1, le=31536000, description="Whole-execution timeout")
    workload: WorkflowWorkload | None = Field(default=None, description="Expected workload (advisor and cost)")


Component = Annotated[
    Function | HttpApi | RestApi | FunctionUrl | Queue | Topic | Table | Bucket | EventBus | Schedule | Stream
    | UserPool | StateMachine | Secret | Pipe | Distribution | MskCluster | KafkaCluster | MqBroker | DocdbCluster,
    Field(discriminator="kind"),
]

COMPONENT_KINDS: tuple[str, ...] = (
    "function", "http_api", "rest_api", "function_url", "queue", "topic", "table", "bucket", "event_bus",
    "schedule", "stream", "user_pool", "state_machine", "secret", "pipe", "distribution", "msk_cluster",
    "kafka_cluster", "mq_broker", "docdb_cluster",
)
# the sources an event source mapping reads outside the stack, and the field naming their credentials secret
EXTERNAL_SOURCES: tuple[str, ...] = ("msk_cluster", "kafka_cluster", "mq_broker", "docdb_cluster")
