"""template.yaml for the SAM targets, built as data and serialized with short-form intrinsics."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generators.catalog import COMPONENTS, POLLED_SOURCES
from generators.model import Design, EventBus, FunctionUrl, StateMachine, Topic
from generators.model.names import pascal
from generators.renderers import asl
from generators.renderers.analysis import CORS_HEADERS, FunctionPlan, plan_functions
from generators.renderers.cfn_yaml import Equals, FindInMap, GetAtt, If, Ref, dump
from generators.renderers.plan import event_sources, organisation
from generators.renderers.plan.distributions import site_bucket_readers
from generators.renderers.sam import alarms, apis, delivery, distributions, pipes, resources
from generators.renderers.sam import organisation as org_defaults
from generators.renderers.sam.naming import attribute, lid, spec_value, state_machine_name
from generators.renderers.sam.policies import (
    REQUIRED_WILDCARDS,
    checkpoint_policy,
    function_role,
    state_machine_policies,
)
from generators.renderers.typescript.handlers import bundle_externals

PYTHON_RUNTIME = "python3.12"
NODE_RUNTIME = "nodejs22.x"
# durable functions: the Python runtimes that ship the durable execution SDK start at 3.13 (seed catalog C8)
DURABLE_PYTHON_RUNTIME = "python3.13"
# Step Functions log delivery (CloudWatch Logs vended logs) is only authorized on Resource "*"
LOG_DELIVERY_ACTIONS = sorted(a for a in REQUIRED_WILDCARDS if a.startswith("logs:"))


# TypeScript: `sam build` bundles each handler with esbuild as an ES module for Node.js 22; the AWS SDK v3 is
# left out (the nodejs22.x runtime provides it) and the banner gives bundled CommonJS code a `require`.
ESM_REQUIRE_BANNER = "js=import { createRequire } from 'module'; const require = createRequire(import.meta.url);"


def esbuild_metadata(function: str, shape: str = "") -> dict[str, Any]:
    return {"BuildMethod": "esbuild", "BuildProperties": {
        "Format": "esm",
        "Target": "es2022",
        "Platform": "node",
        "Minify": True,
        "Sourcemap": True,
        "OutExtension": [".js=.mjs"],
        "Banner": [ESM_REQUIRE_BANNER],
        "External": bundle_externals({shape}),
        "EntryPoints": [f"src/handlers/{function}.ts"],
    }}


def handler_location(design: Design, plan: FunctionPlan) -> tuple[str, str]:
    """(CodeUri, Handler) of a function for the project's language."""
    if design.project.language == "typescript":
        # package.json sits at the project root: SAM's esbuild builder runs there and bundles one entry point
        return "./", f"{plan.function.name}.handler"
    return f"src/{plan.module}/", "app.lambda_handler"


NEVER_EXPIRE = "LogsNeverExpire"




class TemplateBuilder:
    def __init__(self, design: Design) -> None:
        self.design = design
        self.plans = {p.name: p for p in plan_functions(design)}
        self.resources: dict[str, Any] = {}
        self.outputs: dict[str, Any] = {}
        self.queue_statements: dict[str, list[Any]] = {}  # queue name -> extra queue-policy statements
        self.bucket_statements: dict[str, list[Any]] = {  # site buckets: CloudFront (OAC) may read their objects
            bucket: [distributions.site_read_statement(self, bucket, readers)]
            for bucket, readers in site_bucket_readers(design).items()
        }
        # an environment with retention 0 keeps its logs forever: RetentionInDays is left out there
        self.environments = organisation.environments(design)  # retention raised to the organisation's minimum
        self.never_expire = any(e.log_retention_days == 0 for e in self.environments)

    # -- helpers ------------------------------------------------------------------------------------------
    def add(self, logical_id: str, resource: dict[str, Any]) -> None:
        if logical_id in self.resources:
            raise ValueError(f"two generated resources are named {logical_id!r}; rename a component")
        self.resources[logical_id] = resource

    def add_all(self, resources_: dict[str, Any]) -> None:
        for logical_id, resource in resources_.items():
            self.add(logical_id, resource)

    def log_group(self) -> dict[str, Any]:
        retention: Any = FindInMap("EnvironmentConfig", Ref("Environment"), "LogRetentionDays")
        if self.never_expire:
            retention = If(NEVER_EXPIRE, Ref("AWS::NoValue"), retention)
        return {
            "Type": "AWS::Logs::LogGroup",
            "DeletionPolicy": "Delete",
            "UpdateReplacePolicy": "Delete",
            "Properties": {"RetentionInDays": retention},
        }

    def output(self, name: str, value: Any, description: str) -> None:
        self.outputs[name] = {"Description": description, "Value": value}

    # -- document -----------------------------------------------------------------------------------------
    def build(self) -> dict[str, Any]:
        design = self.design
        self._collect_queue_statements()
        for component in design.components:
            self._component(component)
        alarm_resources = alarms.alarms(design, self.plans, self.resources)
        self.add("AlarmTopic", {"Type": "AWS::SNS::Topic", "Properties": {
            "DisplayName": f"{design.project.name} alarms"}})
        self.add("AlarmTopicPolicy", {"Type": "AWS::SNS::TopicPolicy", "Properties": {
            "Topics": [Ref("AlarmTopic")],
            "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                resources.deny_insecure_transport("sns:Publish", [Ref("AlarmTopic")]),
                {"Sid": "AllowCloudWatchAlarms", "Effect": "Allow",
                 "Principal": {"Service": "cloudwatch.amazonaws.com"}, "Action": "sns:Publish",
                 "Resource": Ref("AlarmTopic"),
                 "Condition": {"StringEquals": {"aws:SourceAccount": Ref("AWS::AccountId")}}},
            ]},
        }})
        self.add_all(alarm_resources)
        self.output("AlarmTopicArn", Ref("AlarmTopic"), "Subscribe on-call to this topic to receive alarms")
        org_defaults.apply(design, self.resources)
        environments = self.environments
        document: dict[str, Any] = {
            "AWSTemplateFormatVersion": "2010-09-09",
            "Transform": "AWS::Serverless-2016-10-31",
            "Description": design.project.description
            or f"{design.project.name} (generated by the serverless designer)",
            "Parameters": {"Environment": {
                "Type": "String",
                "Default": environments[0].name,
                "AllowedValues": [e.name for e in environments],
                "Description": "Deployment environment: sets log retention and log level",
            }},
            "Mappings": {"EnvironmentConfig": {
                e.name: {"LogRetentionDays": e.log_retention_days, "LogLevel": e.log_level} for e in environments
            }},
            "Conditions": {NEVER_EXPIRE: Equals(FindInMap("EnvironmentConfig", Ref("Environment"),
                                                          "LogRetentionDays"), 0)},
            "Globals": {"Function": self._globals()},
            "Resources": dict(sorted(self.resources.items())),
            "Outputs": dict(sorted(self.outputs.items())),
        }
        if not self.plans:
            del document["Globals"]
        if not self.never_expire:
            del document["Conditions"]
        return document

    def _globals(self) -> dict[str, Any]:
        project = self.design.project
        variables: dict[str, Any] = {
            "POWERTOOLS_SERVICE_NAME": project.name,
            "POWERTOOLS_METRICS_NAMESPACE": pascal(project.name),
            "POWERTOOLS_LOG_LEVEL": FindInMap("EnvironmentConfig", Ref("Environment"), "LogLevel"),
            "ENVIRONMENT": Ref("Environment"),
        }
        if project.language == "typescript":
            variables["NODE_OPTIONS"] = "--enable-source-maps"  # stack traces point into the .ts sources
        return {
            "Runtime": PYTHON_RUNTIME if project.language == "python" else NODE_RUNTIME,
            "Architectures": [project.architecture],
            "Tracing": "Active",
            "Environment": {"Variables": variables},
            **org_defaults.function_globals(self.design),
        }

    def _collect_queue_statements(self) -> None:
        """Queues that SNS or EventBridge deliver into need a resource policy naming the sender."""
        for conn in self.design.connections:
            if conn.kind != "triggers":
                continue
            target = self.design.component(conn.target)
            source = self.design.component(conn.source)
            if target.kind == "queue" and source.kind == "topic":
                self.queue_statements.setdefault(target.name, []).append(
                    resources.allow_send("sns.amazonaws.com", lid(target.name), Ref(lid(source.name)), "AllowTopic"))
            elif target.kind == "queue" and source.kind == "event_bus":
                rule, _dlq = event_sources.rule_ids(conn)
                self.queue_statements.setdefault(target.name, []).append(
                    resources.allow_send("events.amazonaws.com", lid(target.name), GetAtt(rule, "Arn"), "AllowRule"))

    # -- components ----------------------------------------------------------------------------------------
    def _component(self, component: Any) -> None:
        EMITTERS[component.kind](self, component)
        for output in COMPONENTS[component.kind].outputs:
            if output.sam:  # the emitter builds the others (API endpoints, function URLs)
                self.output(f"{lid(component.name)}{output.suffix}",
                            spec_value(self.design, component.name, output.sam),
                            output.description.format(name=component.name))

    # -- functions ----------------------------------------------------------------------------------------
    def _function(self, plan: FunctionPlan) -> None:
        design = self.design
        fn = plan.function
        ident = lid(fn.name)
        code_uri, handler = handler_location(design, plan)
        properties: dict[str, Any] = {"Description": fn.description or f"{fn.name} function"}
        properties["CodeUri"] = code_uri
        properties["Handler"] = handler
        properties["MemorySize"] = fn.memory_mb
        properties["Timeout"] = fn.timeout_s
        if fn.architecture and fn.architecture != design.project.architecture:
            properties["Architectures"] = [fn.architecture]
        if not fn.tracing:
            properties["Tracing"] = "PassThrough"
        if fn.ephemeral_storage_mb != 512:
            properties["EphemeralStorage"] = {"Size": fn.ephemeral_storage_mb}
        if fn.durable is not None and design.project.language == "python":
            properties["Runtime"] = DURABLE_PYTHON_RUNTIME
        if fn.snap_start or fn.provisioned_concurrency or fn.durable is not None:
            properties["AutoPublishAlias"] = "live"
        if fn.durable is not None:
            properties["DurableConfig"] = {"ExecutionTimeout": fn.durable.execution_timeout_s,
                                           "RetentionPeriodInDays": fn.durable.retention_days}
            self.add(f"{ident}CheckpointPolicy", checkpoint_policy(ident))
        if fn.snap_start:
            properties["SnapStart"] = {"ApplyOn": "PublishedVersions"}
        if fn.provisioned_concurrency:
            properties["ProvisionedConcurrencyConfig"] = {
                "ProvisionedConcurrentExecutions": fn.provisioned_concurrency}
        if fn.reserved_concurrency is not None:
            properties["ReservedConcurrentExecutions"] = fn.reserved_concurrency
        properties["LoggingConfig"] = {"LogFormat": "JSON", "LogGroup": Ref(f"{ident}LogGroup")}
        variables: dict[str, Any] = {}
        for env in plan.env:
            variables[env.name] = attribute(design, design.component(env.component), env.attribute)
        if plan.shape == "s3" and plan.trigger is not None:
            variables["OUTPUT_PREFIX"] = "processed/"
        if plan.shape == "authorizer":
            variables["TOKEN_SECRET_ARN"] = Ref(f"{ident}Secret")
            self.add(f"{ident}Secret", {"Type": "AWS::SecretsManager::Secret", "Properties": {
                "Description": f"Bearer token accepted by the {fn.name} authorizer",
                "GenerateSecretString": {"PasswordLength": 48, "ExcludePunctuation": True},
            }})
        variables.update(fn.environment)
        if variables:
            properties["Environment"] = {"Variables": dict(sorted(variables.items()))}
        properties["Role"] = GetAtt(f"{ident}Role", "Arn")
        self.add(f"{ident}Role", function_role(design, plan))
        if fn.on_failure_dlq:
            self.add(f"{ident}DLQ", resources.dead_letter_queue())
            self.add(f"{ident}DLQPolicy", resources.ssl_only_queue_policy(f"{ident}DLQ"))
            properties["DeadLetterQueue"] = {"Type": "SQS", "TargetArn": GetAtt(f"{ident}DLQ", "Arn")}
        events = self._events(plan)
        if events:
            properties["Events"] = events
        front = plan.front_door
        if isinstance(front, FunctionUrl):
            url: dict[str, Any] = {"AuthType": "AWS_IAM" if front.auth == "iam" else "NONE",
                                   "InvokeMode": front.invoke_mode}
            if front.cors_allow_origins:
                url["Cors"] = {"AllowOrigins": front.cors_allow_origins, "AllowHeaders": CORS_HEADERS,
                               "AllowMethods": ["*"], "MaxAge": 3600}
            properties["FunctionUrlConfig"] = url
        function: dict[str, Any] = {"Type": "AWS::Serverless::Function", "Properties": properties}
        if design.project.language == "typescript":
            function["Metadata"] = esbuild_metadata(fn.name, plan.shape)
        self.add(ident, function)
        self.add(f"{ident}LogGroup", self.log_group())

    def _events(self, plan: FunctionPlan) -> dict[str, Any]:
        events: dict[str, Any] = {}
        trigger, source = plan.trigger, plan.source
        if plan.shape == "api" and plan.front_door is not None and plan.front_door.kind != "function_url":
            api = lid(plan.front_door.name)
            for route in plan.routes:
                name = apis.route_event_name(route.method, route.path)
                if plan.front_door.kind == "http_api":
                    events[name] = {"Type": "HttpApi", "Properties": {
                        "ApiId": Ref(api), "Path": route.path, "Method": route.method}}
                else:
                    events[name] = {"Type": "Api", "Properties": {
                        "RestApiId": Ref(api), "Path": route.path, "Method": route.method.lower()}}
        if trigger is None or source is None:
            return events
        sid = lid(source.name)
        if source.kind in POLLED_SOURCES:
            polled = event_sources.polled_source(trigger, source.kind)
            events.update(self._polled_event(sid, source.kind, polled))
        elif COMPONENTS[source.kind].event_source is not None:
            external = event_sources.external_source(self.design.project.name, trigger, source)
            events[f"{sid}Records"] = {"Type": external.sam_type, "Properties": external_event(external)}
        elif source.kind == "bucket":
            properties = {"Bucket": Ref(sid), "Events": event_sources.s3_events(trigger)}
            rules = []
            if trigger.prefix:
                rules.append({"Name": "prefix", "Value": trigger.prefix})
            if trigger.suffix:
                rules.append({"Name": "suffix", "Value": trigger.suffix})
            if rules:
                properties["Filter"] = {"S3Key": {"Rules": rules}}
            events[f"{sid}Objects"] = {"Type": "S3", "Properties": properties}
        elif source.kind == "topic":
            properties = {"Topic": Ref(sid)}
            if trigger.filter_policy:
                properties["FilterPolicy"] = trigger.filter_policy
                properties["FilterPolicyScope"] = event_sources.filter_policy_scope(trigger)
            dlq = event_sources.subscription_dlq(trigger)
            if dlq is not None:
                self.add(dlq, resources.dead_letter_queue())
                self.add(f"{dlq}Policy", resources.queue_policy(dlq, [
                    resources.allow_send("sns.amazonaws.com", dlq, Ref(sid), "AllowTopicRedrive")]))
                properties["RedrivePolicy"] = {"deadLetterTargetArn": GetAtt(dlq, "Arn")}
            events[f"{sid}Messages"] = {"Type": "SNS", "Properties": properties}
        return events

    def _polled_event(self, sid: str, source_kind: str, polled: event_sources.PolledSource) -> dict[str, Any]:
        """The SAM event of a polled source, printed from the plan's decisions."""
        if polled.type == "sqs":
            properties: dict[str, Any] = {"Queue": GetAtt(sid, "Arn"), "BatchSize": polled.batch_size}
            if polled.window_s:
                properties["MaximumBatchingWindowInSeconds"] = polled.window_s
            if polled.report_failures:
                properties["FunctionResponseTypes"] = ["ReportBatchItemFailures"]
            if polled.max_concurrency:
                properties["ScalingConfig"] = {"MaximumConcurrency": polled.max_concurrency}
            if polled.filters:
                properties["FilterCriteria"] = {
                    "Filters": [{"Pattern": resources.compact_json(p)} for p in polled.filters]}
            return {f"{sid}Messages": {"Type": "SQS", "Properties": properties}}
        properties = {
            "Stream": GetAtt(sid, "StreamArn" if source_kind == "table" else "Arn"),
            "StartingPosition": polled.starting_position,
            "BatchSize": polled.batch_size,
            "MaximumBatchingWindowInSeconds": polled.window_s,
            "BisectBatchOnFunctionError": polled.bisect,
            "MaximumRetryAttempts": polled.retries,
            "ParallelizationFactor": polled.parallelization,
        }
        if polled.max_record_age_s is not None:
            properties["MaximumRecordAgeInSeconds"] = polled.max_record_age_s
        if polled.tumbling_window_s:
            properties["TumblingWindowInSeconds"] = polled.tumbling_window_s
        if polled.report_failures:
            properties["FunctionResponseTypes"] = ["ReportBatchItemFailures"]
        if polled.filters:
            properties["FilterCriteria"] = {"Filters": [{"Pattern": resources.compact_json(p)} for p in polled.filters]}
        if polled.dlq is not None:
            self.add(polled.dlq, resources.dead_letter_queue())
            self.add(f"{polled.dlq}Policy", resources.ssl_only_queue_policy(polled.dlq))
            properties["DestinationConfig"] = {"OnFailure": {"Type": "SQS", "Destination": GetAtt(polled.dlq, "Arn")}}
        return {f"{sid}Records": {"Type": "DynamoDB" if source_kind == "table" else "Kinesis",
                                  "Properties": properties}}

    # -- topics delivering into queues (an SQS buffer in front of a consumer) ----------------------------------
    # -- state machines -----------------------------------------------------------------------------------
    def _state_machine(self, machine: StateMachine) -> None:
        design = self.design
        ident = lid(machine.name)
        substitutions = {
            key: attribute(design, design.component(component), attr.lower())
            for key, (component, attr) in asl.substitutions(design, machine).items()
        }
        policies: list[Any] = state_machine_policies(design, machine.name)
        if machine.log_level != "OFF":
            policies.append({"Statement": [{"Effect": "Allow", "Action": LOG_DELIVERY_ACTIONS, "Resource": "*"}]})
        properties: dict[str, Any] = {
            "Name": state_machine_name(design, machine.name),
            "Type": machine.workflow_type,
            "DefinitionUri": f"statemachine/{machine.name}.asl.json",
            "Tracing": {"Enabled": machine.tracing},
            "Policies": policies,
        }
        if substitutions:
            properties["DefinitionSubstitutions"] = substitutions
        if machine.log_level != "OFF":
            properties["Logging"] = {
                "Level": machine.log_level,
                "IncludeExecutionData": machine.include_execution_data,
                "Destinations": [{"CloudWatchLogsLogGroup": {"LogGroupArn": GetAtt(f"{ident}LogGroup", "Arn")}}],
            }
            self.add(f"{ident}LogGroup", self.log_group())
        self.add(ident, {"Type": "AWS::Serverless::StateMachine", "Properties": properties})


def _function_url_output(builder: TemplateBuilder, url: FunctionUrl) -> None:
    target = builder.design.routes_from(url.name)[0].target
    output = COMPONENTS["function_url"].outputs[0]
    builder.output(f"{lid(url.name)}{output.suffix}", GetAtt(f"{lid(target)}Url", "FunctionUrl"),
                   output.description.format(name=url.name))


def _topic(builder: TemplateBuilder, topic: Topic) -> None:
    builder.add_all(resources.topic(topic))
    delivery.topic_queue_subscriptions(builder, topic)


def _event_bus(builder: TemplateBuilder, bus: EventBus) -> None:
    builder.add_all(resources.event_bus(builder.design, bus))
    delivery.bus_rules(builder, bus)


# one emitter per component kind (completeness-tested against the catalog); outputs come from the catalog
EMITTERS: dict[str, Callable[[TemplateBuilder, Any], None]] = {
    "function": lambda b, c: b._function(b.plans[c.name]),
    "queue": lambda b, c: b.add_all(resources.queue(b.design, c, b.queue_statements.get(c.name, []))),
    "topic": _topic,
    "table": lambda b, c: b.add_all(resources.table(c)),
    "bucket": lambda b, c: b.add_all(resources.bucket(b.design, c, b.bucket_statements.get(c.name, []))),
    "event_bus": _event_bus,
    "stream": lambda b, c: b.add_all(resources.stream(c)),
    "user_pool": lambda b, c: b.add_all(resources.user_pool(c)),
    "http_api": apis.http_api,
    "rest_api": apis.rest_api,
    "function_url": _function_url_output,
    "schedule": delivery.schedule_resources,
    "state_machine": lambda b, c: b._state_machine(c),
    "secret": lambda b, c: b.add_all(resources.secret(c)),
    "pipe": pipes.emit_pipe,
    "distribution": distributions.emit_distribution,
    # sources outside the stack: their event source mapping is an event of the function they trigger
    "msk_cluster": lambda b, c: None,
    "kafka_cluster": lambda b, c: None,
    "mq_broker": lambda b, c: None,
    "docdb_cluster": lambda b, c: None,
}


def resource_value(resource: event_sources.Resource) -> Any:
    return Ref(lid(resource.component)) if isinstance(resource, event_sources.SecretArn) else resource


def external_event(source: event_sources.ExternalSource) -> dict[str, Any]:
    """The SAM event (MSK, SelfManagedKafka, MQ, DocumentDB) of an external source, printed from the plan."""
    properties: dict[str, Any] = {}
    if source.sam_source_property and source.source_arn:
        properties[source.sam_source_property] = source.source_arn
    if source.bootstrap_servers:
        properties["KafkaBootstrapServers"] = source.bootstrap_servers
    if source.topics:
        properties["Topics"] = source.topics
    if source.queues:
        properties["Queues"] = source.queues
    if source.document_db:
        properties.update(source.document_db)
    if source.starting_position:
        properties["StartingPosition"] = source.starting_position
    properties["BatchSize"] = source.batch_size
    if source.window_s:
        properties["MaximumBatchingWindowInSeconds"] = source.window_s
    if source.consumer_group_id:
        properties["ConsumerGroupId"] = source.consumer_group_id
    if source.access:
        properties["SourceAccessConfigurations"] = [{"Type": kind, "URI": resource_value(uri)}
                                                    for kind, uri in source.access]
    if source.filters:
        properties["FilterCriteria"] = {"Filters": [{"Pattern": resources.compact_json(p)} for p in source.filters]}
    if source.pollers:
        properties["ProvisionedPollerConfig"] = {"MinimumPollers": source.pollers[0],
                                                 "MaximumPollers": source.pollers[1]}
    return properties


def render_template(design: Design) -> str:
    return dump(TemplateBuilder(design).build())
