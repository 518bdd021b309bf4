"""One row per component kind: the facts every layer looks up instead of keeping its own table.

A row says what a kind is (label, help), what it becomes in CloudFormation (types, attributes, outputs), what a
function needs to reach it (environment-variable suffix, IAM actions and CDK grant per access level, SDK clients)
and how it is drawn. Renderers decide nothing here: they read the row.

Attribute and output values for SAM are small specs, printed by `generators.renderers.sam.naming`:
`Ref` (the logical id), `Ref:<suffix>` (a supporting resource's logical id), a GetAtt attribute name (`Arn`),
or `@bucket_name` / `@bucket_arn` (deterministic bucket names, which avoid circular Refs in policies).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Attribute:
    sam: str  # spec, see the module docstring
    cdk: str  # property of the L2 construct (camelCase; Python uses its snake_case form)


@dataclass(frozen=True)
class Output:
    suffix: str  # appended to the logical id: `Url` -> `OrdersQueueUrl`
    description: str  # `{name}` is the component's name
    sam: str  # spec, see the module docstring ("" = the kind's emitter builds the value)
    cdk: str  # property of the construct
    cdk_construct: str = ""  # suffix of the construct variable holding the property (`Client`)


@dataclass(frozen=True)
class Access:
    """What one access level (read, write, publish...) grants on a kind."""

    iam: tuple[str, ...]  # IAM actions (SAM prints them; CDK's grant method must grant no more in effect)
    cdk_grant: str  # grant method of the L2 construct, camelCase
    sdk_command: str = ""  # TypeScript SDK v3 command a handler sends for this access ("" = none)


@dataclass(frozen=True)
class SdkClient:
    python: str  # boto3 service name
    ts_var: str  # TypeScript variable holding the client
    ts_class: str  # SDK v3 client class
    ts_package: str  # npm package


@dataclass(frozen=True)
class Diagram:
    short: str  # Mermaid node caption
    long: str  # SVG node caption
    mermaid: tuple[str, str]  # Mermaid node shape delimiters
    colours: tuple[str, str]  # SVG fill, border


@dataclass(frozen=True)
class PollerStatement:
    """One statement of what Lambda's poller needs on the function's role to read an external source.

    `on` says which resource: `source` (the component's ARN), `topic` / `group` (the Kafka topic and consumer group
    ARNs derived from an MSK cluster ARN), `secret` (the credentials secret), `cluster-pg` / `subgrp` (DocumentDB's
    parameter and subnet groups in the cluster's account and region), `*` (actions AWS authorizes on every resource
    only)."""

    sid: str
    actions: tuple[str, ...]
    on: str


@dataclass(frozen=True)
class EventSource:
    """What an external source is to an event source mapping: the SAM event type, the SAM property naming the
    source, what the poller needs on the function's role, and the ports its security group must allow."""

    sam_type: str  # SAM `Events` type (MSK | SelfManagedKafka | MQ | DocumentDB)
    sam_source_property: str  # Stream | Broker | Cluster ("" = no ARN: self-managed Kafka's bootstrap servers)
    statements: tuple[PollerStatement, ...]
    ports: str  # the broker ports the poller's security group must reach (advisor, README)


@dataclass(frozen=True)
class ComponentKind:
    kind: str
    label: str
    help: str
    cfn_types: tuple[str, ...]  # the main resource first (SAM type where SAM has one)
    construct_suffix: str  # CDK variable stem suffix (`events` topic -> `EventsTopic`)
    cdk_modules: dict[str, tuple[str, ...]]  # language -> modules (TypeScript `aws-sqs`, Python `aws_sqs`)
    diagram: Diagram
    cost_unit: str
    attributes: dict[str, Attribute] = field(default_factory=dict)
    outputs: tuple[Output, ...] = ()
    env_attribute: str | None = None  # the attribute a function's environment variable holds
    access: dict[str, Access] = field(default_factory=dict)
    sdk: SdkClient | None = None
    # cdk-nag findings every construct of the kind acknowledges: rule id -> the reason, printed by both CDK stacks
    nag_acknowledgements: dict[str, str] = field(default_factory=dict)
    event_source: EventSource | None = None  # sources outside the stack that an event source mapping reads

    @property
    def env_suffix(self) -> str | None:
        return self.env_attribute.upper() if self.env_attribute else None

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind, "label": self.label, "help": self.help, "cfn_types": list(self.cfn_types),
            "attributes": {name: {"sam": a.sam, "cdk": a.cdk} for name, a in self.attributes.items()},
            "outputs": [{"suffix": o.suffix, "description": o.description, "cdk": o.cdk} for o in self.outputs],
            "env_suffix": self.env_suffix, "env_attribute": self.env_attribute,
            "access": {level: {"iam": list(a.iam), "cdk_grant": a.cdk_grant} for level, a in self.access.items()},
            "cdk_modules": {lang: list(mods) for lang, mods in self.cdk_modules.items()},
            "sdk": None if self.sdk is None else {"python": self.sdk.python, "typescript": self.sdk.ts_package},
            "diagram": {"label": self.diagram.long, "fill": self.diagram.colours[0],
                        "border": self.diagram.colours[1]},
            "cost_unit": self.cost_unit,
            "nag_acknowledgements": dict(self.nag_acknowledgements),
            **({} if self.event_source is None else {"event_source": {
                "sam_type": self.event_source.sam_type, "ports": self.event_source.ports,
                "poller_statements": [{"sid": st.sid, "actions": list(st.actions), "on": st.on}
                                      for st in self.event_source.statements]}}),
        }


def _modules(*names: str) -> dict[str, tuple[str, ...]]:
    return {"typescript": tuple(f"aws-{n}" for n in names),
            "python": tuple(f"aws_{n.replace('-', '_')}" for n in names)}


_FRONT = ("#f3e8fd", "#8a3ffc")
_MESSAGING = ("#fde8ef", "#c8265f")

DYNAMODB_READ = ("dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable",
                 "dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan")
DYNAMODB_WRITE = ("dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem", "dynamodb:DeleteItem",
                  "dynamodb:DescribeTable", "dynamodb:PutItem", "dynamodb:UpdateItem")
S3_READ = ("s3:GetObject", "s3:GetObjectVersion")
S3_WRITE = ("s3:AbortMultipartUpload", "s3:PutObject")
S3_DELETE = ("s3:DeleteObject",)
SQS_CONSUME = ("sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage")
SQS_SEND = ("sqs:GetQueueAttributes", "sqs:SendMessage")
KINESIS_READ = ("kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords",
                "kinesis:GetShardIterator", "kinesis:ListShards", "kinesis:SubscribeToShard")
KINESIS_WRITE = ("kinesis:DescribeStreamSummary", "kinesis:PutRecord", "kinesis:PutRecords")
SECRET_READ = ("secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue")
DYNAMODB_STREAM_READ = ("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator")
# the network interfaces a poller creates in the source's VPC: these actions have no resource-level permissions
ESM_NETWORK_INTERFACES = ("ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:DescribeNetworkInterfaces",
                          "ec2:DescribeSecurityGroups", "ec2:DescribeSubnets", "ec2:DescribeVpcs")
_READ_CREDENTIALS = PollerStatement("ReadSourceCredentials", ("secretsmanager:GetSecretValue",), "secret")
_NETWORK = PollerStatement("PollerNetworkInterfaces", ESM_NETWORK_INTERFACES, "*")
_EXTERNAL = ("#eef2f7", "#44546a")


ROWS: tuple[ComponentKind, ...] = (
    ComponentKind(
        "function", "Lambda function", "Runs your code; its handler shape follows from what drives it.",
        ("AWS::Serverless::Function", "AWS::Lambda::Function", "AWS::IAM::Role", "AWS::Logs::LogGroup"),
        "Function", _modules("lambda", "lambda-nodejs"),
        Diagram("Lambda", "Lambda function", ('["λ ', '"]'), ("#fff4e5", "#e07b00")),
        "per 1M requests + GB-second",
        attributes={"name": Attribute("Ref", "functionName"), "arn": Attribute("Arn", "functionArn")},
        env_attribute="name",
        access={"invoke": Access(("lambda:InvokeFunction",), "grantInvoke", "InvokeCommand"),
                "start": Access(("lambda:InvokeFunction",), "grantInvoke", "InvokeCommand")},
        sdk=SdkClient("lambda", "lambdaClient", "LambdaClient", "@aws-sdk/client-lambda"),
    ),
    ComponentKind(
        "http_api", "HTTP API", "API Gateway HTTP API (v2): routes requests to functions.",
        ("AWS::Serverless::HttpApi",), "Api", _modules("apigatewayv2", "apigatewayv2-integrations"),
        Diagram("HTTP API", "HTTP API", ('{{"', '"}}'), _FRONT), "per 1M requests",
        outputs=(Output("Endpoint", "Base URL of {name}", "", "apiEndpoint"),),
    ),
    ComponentKind(
        "rest_api", "REST API", "API Gateway REST API (v1): a stage, throttling, authorizers.",
        ("AWS::Serverless::Api",), "Api", _modules("apigateway"),
        Diagram("REST API", "REST API", ('{{"', '"}}'), _FRONT), "per 1M requests",
        outputs=(Output("Endpoint", "Base URL of {name}", "", "url"),),
    ),
    ComponentKind(
        "function_url", "Function URL", "A Lambda function URL: one HTTPS endpoint for one function.",
        ("AWS::Lambda::Url",), "Url", _modules("lambda"),
        Diagram("Function URL", "Function URL", ('{{"', '"}}'), _FRONT), "free (the function's requests)",
        outputs=(Output("Endpoint", "Function URL {name}", "", "url"),),
    ),
    ComponentKind(
        "queue", "SQS queue", "An SQS queue with a dead-letter queue by default.",
        ("AWS::SQS::Queue", "AWS::SQS::QueuePolicy"), "Queue", _modules("sqs"),
        Diagram("SQS", "SQS queue", ('[/"', '"/]'), _MESSAGING), "per 1M requests",
        attributes={"url": Attribute("Ref", "queueUrl"), "arn": Attribute("Arn", "queueArn"),
                    "name": Attribute("QueueName", "queueName")},
        outputs=(Output("Url", "URL of queue {name}", "Ref", "queueUrl"),),
        env_attribute="url",
        access={"read": Access(SQS_CONSUME, "grantConsumeMessages"),
                "write": Access(SQS_SEND, "grantSendMessages", "SendMessageCommand"),
                "publish": Access(SQS_SEND, "grantSendMessages", "SendMessageCommand")},
        sdk=SdkClient("sqs", "sqs", "SQSClient", "@aws-sdk/client-sqs"),
    ),
    ComponentKind(
        "topic", "SNS topic", "An SNS topic (KMS-encrypted) that fans messages out to subscribers.",
        ("AWS::SNS::Topic", "AWS::SNS::TopicPolicy"), "Topic", _modules("sns", "kms"),
        Diagram("SNS", "SNS topic", ('(["', '"])'), _MESSAGING), "per 1M publishes",
        attributes={"arn": Attribute("Ref", "topicArn"), "name": Attribute("TopicName", "topicName")},
        outputs=(Output("Arn", "ARN of topic {name}", "Ref", "topicArn"),),
        env_attribute="arn",
        access={"publish": Access(("sns:Publish",), "grantPublish", "PublishCommand")},
        sdk=SdkClient("sns", "sns", "SNSClient", "@aws-sdk/client-sns"),
    ),
    ComponentKind(
        "table", "DynamoDB table", "A DynamoDB table (on-demand by default), optionally with a stream.",
        ("AWS::DynamoDB::Table",), "Table", _modules("dynamodb"),
        Diagram("DynamoDB", "DynamoDB table", ('[("', '")]'), ("#e6f0fd", "#2f5bd3")), "per 1M request units",
        attributes={"name": Attribute("Ref", "tableName"), "arn": Attribute("Arn", "tableArn")},
        outputs=(Output("Name", "Name of table {name}", "Ref", "tableName"),),
        env_attribute="name",
        access={"read": Access(DYNAMODB_READ, "grantReadData"),
                "write": Access(DYNAMODB_WRITE, "grantWriteData", "PutCommand"),
                "read_write": Access(DYNAMODB_READ + DYNAMODB_WRITE, "grantReadWriteData", "PutCommand"),
                # what one CRUD route of the API handlers needs (the plan narrows a route function's grant to them)
                "list": Access(("dynamodb:Query",), "grant", "QueryCommand"),
                "get": Access(("dynamodb:GetItem",), "grant", "GetCommand"),
                "create": Access(("dynamodb:PutItem",), "grant", "PutCommand"),
                "update": Access(("dynamodb:UpdateItem",), "grant", "UpdateCommand"),
                "delete": Access(("dynamodb:DeleteItem",), "grant", "DeleteCommand")},
        sdk=SdkClient("dynamodb", "documentClient", "DynamoDBClient", "@aws-sdk/client-dynamodb"),
    ),
    ComponentKind(
        "bucket", "S3 bucket", "A private, encrypted, versioned S3 bucket.",
        ("AWS::S3::Bucket", "AWS::S3::BucketPolicy"), "Bucket", _modules("s3"),
        Diagram("S3", "S3 bucket", ('[("', '")]'), ("#e8f7ec", "#2e8540")), "per GB-month + requests",
        attributes={"name": Attribute("@bucket_name", "bucketName"), "arn": Attribute("@bucket_arn", "bucketArn")},
        outputs=(Output("Name", "Name of bucket {name}", "Ref", "bucketName"),),
        env_attribute="name",
        access={"read": Access(("s3:ListBucket", *S3_READ), "grantRead"),
                "write": Access(S3_WRITE, "grantPut", "PutObjectCommand"),
                "read_write": Access(("s3:ListBucket", *S3_READ, *S3_WRITE, *S3_DELETE), "grantReadWrite",
                                     "PutObjectCommand")},
        sdk=SdkClient("s3", "s3", "S3Client", "@aws-sdk/client-s3"),
    ),
    ComponentKind(
        "event_bus", "EventBridge bus", "A custom EventBridge event bus; rules route its events.",
        ("AWS::Events::EventBus", "AWS::Events::Rule"), "Bus", _modules("events"),
        Diagram("EventBridge", "EventBridge bus", ('(["', '"])'), _MESSAGING), "per 1M events",
        attributes={"name": Attribute("Name", "eventBusName"), "arn": Attribute("Arn", "eventBusArn")},
        outputs=(Output("Name", "Name of event bus {name}", "Name", "eventBusName"),),
        env_attribute="name",
        access={"publish": Access(("events:PutEvents",), "grantPutEventsTo", "PutEventsCommand")},
        sdk=SdkClient("events", "eventBridge", "EventBridgeClient", "@aws-sdk/client-eventbridge"),
    ),
    ComponentKind(
        "schedule", "Schedule", "An EventBridge Scheduler schedule (cron, rate or one-time) with retries and a DLQ.",
        ("AWS::Scheduler::Schedule",), "Schedule", _modules("scheduler", "scheduler-targets"),
        Diagram("Scheduler", "Scheduler", ('(("', '"))'), _MESSAGING), "per 1M invocations",
    ),
    ComponentKind(
        "stream", "Kinesis stream", "A Kinesis data stream (on-demand by default).",
        ("AWS::Kinesis::Stream",), "Stream", _modules("kinesis"),
        Diagram("Kinesis", "Kinesis stream", ('[/"', '"/]'), ("#f0ecfd", "#5b3fc8")), "per shard-hour + PUT units",
        attributes={"name": Attribute("Ref", "streamName"), "arn": Attribute("Arn", "streamArn")},
        outputs=(Output("Name", "Name of stream {name}", "Ref", "streamName"),),
        env_attribute="name",
        access={"read": Access(KINESIS_READ, "grantRead"),
                "write": Access(KINESIS_WRITE, "grantWrite", "PutRecordCommand"),
                "publish": Access(KINESIS_WRITE, "grantWrite", "PutRecordCommand")},
        sdk=SdkClient("kinesis", "kinesis", "KinesisClient", "@aws-sdk/client-kinesis"),
    ),
    ComponentKind(
        "user_pool", "Cognito user pool", "A Cognito user pool with an app client; authorizes APIs with JWTs.",
        ("AWS::Cognito::UserPool", "AWS::Cognito::UserPoolClient"), "UserPool", _modules("cognito"),
        Diagram("Cognito", "Cognito", ('["', '"]'), ("#fdeaea", "#c0392b")), "per monthly active user",
        outputs=(Output("Id", "Id of user pool {name}", "Ref", "userPoolId"),
                 Output("ClientId", "App client id of user pool {name}", "Ref:Client", "userPoolClientId",
                        "Client")),
    ),
    ComponentKind(
        "state_machine", "Step Functions state machine", "A Step Functions workflow (JSONata) of steps.",
        ("AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine"), "StateMachine",
        _modules("stepfunctions"),
        Diagram("Step Functions", "Step Functions", ('[["', '"]]'), ("#fde8ef", "#b0186a")),
        "per 1K state transitions (standard)",
        attributes={"arn": Attribute("Ref", "stateMachineArn"), "name": Attribute("Name", "stateMachineName")},
        outputs=(Output("Arn", "ARN of state machine {name}", "Ref", "stateMachineArn"),),
        env_attribute="arn",
        access={"start": Access(("states:StartExecution",), "grantStartExecution", "StartExecutionCommand")},
        sdk=SdkClient("stepfunctions", "sfn", "SFNClient", "@aws-sdk/client-sfn"),
    ),
    ComponentKind(
        "secret", "Secrets Manager secret",
        "A Secrets Manager secret (a generated string by default); functions read it at run time, never from "
        "an environment variable holding the value.",
        ("AWS::SecretsManager::Secret",), "Secret", _modules("secretsmanager"),
        Diagram("Secret", "Secrets Manager secret", ('[/"', '"\\]'), ("#fdf6e3", "#b58900")),
        "per secret-month + per 10K API calls",
        attributes={"arn": Attribute("Ref", "secretArn")},
        outputs=(Output("Arn", "ARN of secret {name}", "Ref", "secretArn"),),
        env_attribute="arn",
        # read-only: no SDK effect; handlers fetch the value through Powertools parameters (cached)
        access={"read": Access(SECRET_READ, "grantRead")},
        sdk=SdkClient("secretsmanager", "secretsManager", "SecretsManagerClient", "@aws-sdk/client-secrets-manager"),
        nag_acknowledgements={
            "AwsSolutions-SMG4": "Rotation needs a function that knows what the secret guards; the team adds one",
        },
    ),
    ComponentKind(
        "pipe", "EventBridge pipe",
        "An EventBridge pipe: reads a queue or a stream, filters, optionally enriches with a function, and delivers "
        "batches to one target, with a role allowed only those two (or three) resources.",
        ("AWS::Pipes::Pipe", "AWS::IAM::Role"), "Pipe", _modules("pipes", "iam"),
        Diagram("Pipe", "EventBridge pipe", ('>"', '"]'), _MESSAGING), "per 1M requests (64 KB chunks)",
        attributes={"arn": Attribute("Arn", "attrArn")},
    ),
    ComponentKind(
        "distribution", "CloudFront distribution",
        "A CloudFront distribution: a private bucket as the static site (origin access control, SPA fallback) and "
        "an optional backend origin (an HTTP API) under a path, with a security-headers policy.",
        ("AWS::CloudFront::Distribution", "AWS::CloudFront::OriginAccessControl",
         "AWS::CloudFront::ResponseHeadersPolicy", "AWS::CloudFront::Function"),
        "Distribution", _modules("cloudfront", "cloudfront-origins"),
        Diagram("CloudFront", "CloudFront distribution", ('[["', '"]]'), _FRONT),
        "per GB to the internet + per 10K HTTPS requests",
        attributes={"id": Attribute("Ref", "distributionId"),
                    "domain": Attribute("DomainName", "distributionDomainName")},
        # printed by the emitters: a draft distribution that serves nothing has no outputs
        outputs=(Output("Domain", "Domain name of distribution {name} (open https://<domain>/)", "",
                        "distributionDomainName"),
                 Output("Id", "Id of distribution {name} (for cache invalidations)", "", "distributionId")),
    ),
    ComponentKind(
        "msk_cluster", "Amazon MSK topic",
        "A topic of an existing Amazon MSK cluster (by ARN); Lambda's poller reads it with IAM authentication.",
        ("AWS::Lambda::EventSourceMapping",), "Cluster", _modules("lambda"),
        Diagram("MSK", "MSK topic", ('[/"', '"/]'), _EXTERNAL), "per event poller unit-hour (provisioned mode)",
        event_source=EventSource("MSK", "Stream", (
            PollerStatement("DescribeCluster", ("kafka:DescribeCluster", "kafka:DescribeClusterV2",
                                                "kafka:GetBootstrapBrokers", "kafka-cluster:Connect",
                                                "kafka-cluster:DescribeClusterDynamicConfiguration"), "source"),
            PollerStatement("ReadTopic", ("kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"), "topic"),
            PollerStatement("UseConsumerGroup", ("kafka-cluster:AlterGroup", "kafka-cluster:DescribeGroup"), "group"),
            _NETWORK,
        ), "9098 (IAM over TLS)"),
    ),
    ComponentKind(
        "kafka_cluster", "Self-managed Kafka topic",
        "A topic of an Apache Kafka cluster you run (bootstrap servers); Lambda's poller signs in with SASL/SCRAM "
        "credentials from a secret, through the VPC subnets and security groups you give.",
        ("AWS::Lambda::EventSourceMapping",), "Cluster", _modules("lambda"),
        Diagram("Kafka", "Kafka topic", ('[/"', '"/]'), _EXTERNAL), "per event poller unit-hour (provisioned mode)",
        event_source=EventSource("SelfManagedKafka", "", (_READ_CREDENTIALS, _NETWORK),
                                 "9096 (SASL/SCRAM over TLS)"),
    ),
    ComponentKind(
        "mq_broker", "Amazon MQ queue",
        "A queue of an existing Amazon MQ broker (ActiveMQ or RabbitMQ, by ARN), read with credentials from a secret.",
        ("AWS::Lambda::EventSourceMapping",), "Broker", _modules("lambda"),
        Diagram("Amazon MQ", "Amazon MQ queue", ('[/"', '"/]'), _EXTERNAL), "free (the function's requests)",
        event_source=EventSource("MQ", "Broker", (
            _READ_CREDENTIALS, PollerStatement("DescribeBroker", ("mq:DescribeBroker",), "source"), _NETWORK,
        ), "61614 (ActiveMQ) or 5671 (RabbitMQ AMQP/TLS)"),
    ),
    ComponentKind(
        "docdb_cluster", "DocumentDB change stream",
        "The change stream of an existing Amazon DocumentDB cluster's database or collection (change streams "
        "enabled), read with credentials from a secret.",
        ("AWS::Lambda::EventSourceMapping",), "Cluster", _modules("lambda"),
        Diagram("DocumentDB", "DocumentDB stream", ('[("', '")]'), _EXTERNAL), "free (the function's requests)",
        event_source=EventSource("DocumentDB", "Cluster", (
            _READ_CREDENTIALS,
            PollerStatement("DescribeCluster", ("rds:DescribeDBClusters",), "source"),
            PollerStatement("DescribeClusterParameters", ("rds:DescribeDBClusterParameters",), "cluster-pg"),
            PollerStatement("DescribeSubnetGroups", ("rds:DescribeDBSubnetGroups",), "subgrp"),
            _NETWORK,
        ), "27017"),
    ),
)
