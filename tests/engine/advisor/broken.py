"""A design built to break the rules the advisor issue lists, one component per mistake."""

from __future__ import annotations

from generators.model import (
    Bucket,
    Design,
    Environment,
    EventBus,
    Function,
    HttpApi,
    Invokes,
    Project,
    Publishes,
    Queue,
    Routes,
    Starts,
    StateMachine,
    TaskStep,
    Topic,
    Triggers,
    Workload,
    Writes,
)

MB = 1024 * 1024

# rule id -> the component (or path) it must flag
EXPECTED: dict[str, str] = {
    "SQS-02": "jobs",               # visibility timeout below the function timeout
    "SQS-03": "slow-jobs",          # ... below 6x
    "S3-01": "thumbnailer",         # writes into the bucket that triggers it
    "API-08": "router",             # 60 s behind API Gateway
    "API-09": "router",             # 8 MB response on a synchronous route
    "FN-23": "mailer",              # async-invoked, no DLQ
    "SFN-01": "flow",               # task without Retry
    "SFN-04": "flow",               # a heartbeat on a callback that nothing sends
    "SFN-08": "flow",               # Express + waitForTaskToken
    "API-01": "api",                # CORS '*'
    "SNS-01": "mailer",             # subscription without DLQ
    "SNS-06": "mailer",             # filters on 'type', which the publisher never sets
    "EB-02": "auditor",             # rule target without retry policy / DLQ
    "FN-10": "project.environments[1]",  # prod logs never expire
    "FN-07": "router",              # x86_64 where arm64 fits
    "FN-12": "router",              # literal secret in the environment
}


def broken_design() -> Design:
    project = Project(name="shop", architecture="x86_64", environments=[
        Environment(name="dev", log_retention_days=7, log_level="DEBUG"),
        Environment(name="prod", log_retention_days=0, log_level="WARN"),
    ])
    components = [
        HttpApi(name="api", cors_allow_origins=["*"]),
        Function(name="router", timeout_s=60, environment={"DB_PASSWORD": "hunter2"},
                 workload=Workload(payload_bytes=8 * MB)),
        Queue(name="jobs", visibility_timeout_s=20),
        Function(name="worker", timeout_s=30),
        Queue(name="slow-jobs", visibility_timeout_s=60),
        Function(name="slow-worker", timeout_s=30),
        Bucket(name="uploads"),
        Function(name="thumbnailer", on_failure_dlq=True),
        Topic(name="events"),
        Function(name="mailer"),
        EventBus(name="bus", archive_retention_days=30),
        Function(name="auditor", on_failure_dlq=True),
        Function(name="approver"),
        Function(name="step-worker"),
        StateMachine(name="flow", workflow_type="EXPRESS", steps=[
            TaskStep(name="ask", function="approver", integration="wait_for_callback", timeout_s=120, heartbeat_s=60),
            TaskStep(name="work", function="step-worker", retry=False),
        ]),
    ]
    connections = [
        Routes(source="api", target="router", method="GET", path="/items"),
        Triggers(source="jobs", target="worker", batch_size=10, report_batch_item_failures=True),
        Triggers(source="slow-jobs", target="slow-worker", batch_size=10, report_batch_item_failures=True),
        Triggers(source="uploads", target="thumbnailer", s3_events=["s3:ObjectCreated:*"], prefix="in/"),
        Writes(source="thumbnailer", target="uploads"),
        Publishes(source="router", target="events"),
        Triggers(source="events", target="mailer", filter_policy={"type": ["signup"]}),
        Publishes(source="router", target="bus"),
        Triggers(source="bus", target="auditor", event_pattern={"source": ["shop"]}),
        Starts(source="router", target="flow"),
        Invokes(source="flow", target="approver"),
        Invokes(source="flow", target="step-worker"),
    ]
    return Design(project=project, components=components, connections=connections)
