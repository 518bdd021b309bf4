"""Scenario tables for SQS, stream, S3, SNS and EventBridge rules (seed catalog §2.4-§2.7)."""

from __future__ import annotations

from typing import Any

import pytest

from generators.model import Design, Function, Publishes, Queue, Table, Topic, Triggers, Writes
from tests.engine.advisor.scenarios import Case, add, bp, change, change_edge, check_rule

QUEUE_EDGE = ("triggers", "input-queue", "processor")


def queue_processor(**options: Any) -> Design:
    return bp("event-processor", **options)


def sqs(queue: dict[str, Any] | None = None, trigger: dict[str, Any] | None = None,
        processor: dict[str, Any] | None = None, **options: Any) -> Design:
    design = queue_processor(**options)
    if queue:
        design = change(design, "input-queue", **queue)
    if trigger:
        design = change_edge(design, *QUEUE_EDGE, **trigger)
    if processor:
        design = change(design, "processor", **processor)
    return design


def table_stream(**options: Any) -> Design:
    return bp("event-processor", source="dynamodb-stream", **options)


def kinesis(mode: str = "ON_DEMAND", factor: int = 1, steady: bool = False) -> Design:
    design = change(bp("event-processor", source="kinesis", parallelization_factor=factor), "input-stream",
                    mode=mode, shard_count=2)
    return change(design, "processor", workload={"traffic_pattern": "steady"}) if steady else design


def kafka(source: str = "msk", workload: dict[str, Any] | None = None, **options: Any) -> Design:
    where = {"msk": {"cluster_arn": "arn:aws:kafka:us-east-1:123456789012:cluster/orders/0a1b2c3d-1"},
             "self-managed-kafka": {"bootstrap_servers": ["kafka.example.com:9096"]}}[source]
    design = bp("event-processor", source=source, topic="orders", **where, **options)
    return change(design, "processor", workload=workload) if workload else design


def s3(**options: Any) -> Design:
    return bp("event-processor", source="s3", **options)


def fan_out(**options: Any) -> Design:
    return bp("fan-out", **options)


def eventbridge(**options: Any) -> Design:
    return bp("fan-out", channel="eventbridge", **options)


def provisioned_writes(max_concurrency: int | None = None, billing: str = "PROVISIONED") -> Design:
    design = add(queue_processor(), Table(name="orders", billing_mode=billing, write_capacity=5),
                 Writes(source="processor", target="orders"))
    return change_edge(design, *QUEUE_EDGE, max_concurrency=max_concurrency) if max_concurrency else design


def buffered_fifo_topic() -> Design:
    design = fan_out(consumers=[{"name": "audit", "event_types": ["order.created"], "sqs_buffer": True}])
    return change(design, "events", fifo=True)


CASES: list[Case] = [
    ("an SQS trigger without partial batch failures is flagged", "SQS-01",
     lambda: queue_processor(report_batch_item_failures=False), ["processor"]),
    ("the default SQS trigger reports item failures", "SQS-01", queue_processor, []),
    ("a 20 s visibility timeout under a 30 s function timeout is an error", "SQS-02",
     lambda: sqs(queue={"visibility_timeout_s": 20}), ["input-queue"]),
    ("a visibility timeout equal to the function timeout is not an error", "SQS-02",
     lambda: sqs(queue={"visibility_timeout_s": 30}), []),
    ("6x the function timeout passes", "SQS-02", queue_processor, []),
    ("a 60 s visibility timeout over a 30 s function is below 6x", "SQS-03",
     lambda: sqs(queue={"visibility_timeout_s": 60}), ["input-queue"]),
    ("below the function timeout is SQS-02's error, not this warning", "SQS-03",
     lambda: sqs(queue={"visibility_timeout_s": 20}), []),
    ("180 s over a 30 s function is 6x", "SQS-03", queue_processor, []),
    ("a source queue without a DLQ is flagged", "SQS-04", lambda: sqs(queue={"dlq": False}), ["input-queue"]),
    ("a queue the design only publishes to is not a source queue", "SQS-04",
     lambda: add(queue_processor(), Queue(name="outbox", dlq=False), Publishes(source="processor", target="outbox")),
     []),
    ("the default queue has a DLQ", "SQS-04", queue_processor, []),
    ("a maxReceiveCount of 1 sends good messages to the DLQ", "SQS-05",
     lambda: sqs(queue={"max_receive_count": 1}), ["input-queue"]),
    ("a maxReceiveCount of 10 retries poison messages too long", "SQS-05",
     lambda: sqs(queue={"max_receive_count": 10}), ["input-queue"]),
    ("a maxReceiveCount of 3 is right", "SQS-05", queue_processor, []),
    ("a DLQ that keeps messages 4 days is short", "SQS-06",
     lambda: sqs(queue={"dlq_retention_s": 345600}), ["input-queue"]),
    ("a DLQ that keeps messages 14 days is right", "SQS-06", queue_processor, []),
    ("a FIFO queue consumed in batches of 10 without a cap is flagged", "SQS-08",
     lambda: sqs(queue={"fifo": True}), ["processor"]),
    ("a FIFO queue consumed one message at a time with a cap is right", "SQS-08",
     lambda: sqs(queue={"fifo": True}, trigger={"batch_size": 1, "max_concurrency": 5}), []),
    ("a standard queue is not judged for ordering", "SQS-08", queue_processor, []),
    ("an uncapped consumer writing to a provisioned table is flagged", "SQS-09", provisioned_writes,
     ["processor"]),
    ("a capped consumer protects the table", "SQS-09", lambda: provisioned_writes(max_concurrency=5), []),
    ("an on-demand table absorbs bursts", "SQS-09", lambda: provisioned_writes(billing="PAY_PER_REQUEST"), []),
    ("10 records of 5 s each exceed a 30 s timeout", "SQS-10",
     lambda: sqs(processor={"workload": {"per_record_ms": 5000}}), ["processor"]),
    ("10 records of 100 ms each fit", "SQS-10", lambda: sqs(processor={"workload": {"per_record_ms": 100}}), []),
    ("50 messages/s without a batching window is flagged", "SQS-13",
     lambda: sqs(processor={"workload": {"expected_rps": 50}}), ["processor"]),
    ("50 messages/s with a 5 s window is batched", "SQS-13",
     lambda: sqs(processor={"workload": {"expected_rps": 50}}, batching_window_s=5), []),
    ("2 messages/s needs no window", "SQS-13", lambda: sqs(processor={"workload": {"expected_rps": 2}}), []),
    ("a table stream without bisect is flagged", "STR-01", lambda: table_stream(bisect_on_error=False),
     ["processor"]),
    ("the default stream trigger bisects", "STR-01", table_stream, []),
    ("infinite stream retries are flagged", "STR-02", lambda: table_stream(max_retry_attempts=-1), ["processor"]),
    ("3 retries are right", "STR-02", table_stream, []),
    ("a stream trigger without an on-failure destination is flagged", "STR-03",
     lambda: table_stream(on_failure_dlq=False), ["processor"]),
    ("the default stream trigger has one", "STR-03", table_stream, []),
    ("parallelization 4 over 2 provisioned shards is flagged", "STR-04",
     lambda: kinesis("PROVISIONED", 4), ["processor"]),
    ("parallelization 2 over 2 shards is fine", "STR-04", lambda: kinesis("PROVISIONED", 2), []),
    ("on-demand streams have no fixed shard count", "STR-04", lambda: kinesis("ON_DEMAND", 4), []),
    ("a provisioned stream with no declared steady rate is flagged", "STR-07", lambda: kinesis("PROVISIONED"),
     ["input-stream"]),
    ("a provisioned stream for a steady consumer is right", "STR-07",
     lambda: kinesis("PROVISIONED", steady=True), []),
    ("an on-demand stream is the default", "STR-07", kinesis, []),
    ("a bursty consumer of an MSK topic with on-demand pollers is told about provisioned mode", "SQS-11",
     lambda: kafka(workload={"traffic_pattern": "bursty"}), ["processor"]),
    ("a bursty consumer with provisioned pollers is right", "SQS-11",
     lambda: kafka(min_pollers=2, max_pollers=20, workload={"traffic_pattern": "bursty"}), []),
    ("a steady consumer needs no provisioned pollers", "SQS-11",
     lambda: kafka(workload={"traffic_pattern": "steady"}), []),
    ("an unpredictable consumer of a self-managed Kafka topic is told too", "SQS-11",
     lambda: kafka("self-managed-kafka", workload={"traffic_pattern": "unpredictable"}), ["processor"]),
    ("a processor writing into its triggering bucket is an endless loop", "S3-01",
     lambda: add(s3(), Writes(source="processor", target="input-bucket")), ["processor"]),
    ("a processor writing to a separate output bucket is safe", "S3-01", s3, []),
    ("a consumer re-publishing to its own queue may loop", "S3-02",
     lambda: add(queue_processor(), Publishes(source="processor", target="input-queue")), ["processor"]),
    ("a stream processor writing to its own table may loop", "S3-02",
     lambda: add(table_stream(), Writes(source="processor", target="source-table")), ["processor"]),
    ("the default consumer does not loop", "S3-02", queue_processor, []),
    ("an S3 trigger without key filters fires for every object", "S3-03", lambda: s3(prefix=""), ["input-bucket"]),
    ("an uploads/ prefix limits invocations", "S3-03", s3, []),
    ("a bucket triggering two consumers is flagged", "S3-05",
     lambda: add(s3(), Function(name="thumbnails", on_failure_dlq=True),
                 Triggers(source="input-bucket", target="thumbnails", s3_events=["s3:ObjectCreated:*"],
                          prefix="images/")), ["input-bucket"]),
    ("one consumer per bucket is fine", "S3-05", s3, []),
    ("a subscription without a DLQ is flagged", "SNS-01",
     lambda: change_edge(fan_out(), "triggers", "events", "billing", dlq=False), ["billing"]),
    ("subscriptions with DLQs pass", "SNS-01", fan_out, []),
    ("a FIFO topic cannot deliver to Lambda", "SNS-02", lambda: change(fan_out(), "events", fifo=True),
     ["billing", "shipping"]),
    ("a FIFO topic cannot deliver to a standard queue", "SNS-02", buffered_fifo_topic, ["audit-buffer"]),
    ("a standard topic delivers to Lambda", "SNS-02", fan_out, []),
    ("an unfiltered subscriber on a shared topic is flagged", "SNS-03",
     lambda: change_edge(fan_out(), "triggers", "events", "billing", filter_policy=None,
                         filter_policy_scope=None), ["billing"]),
    ("filtered subscribers pass", "SNS-03", fan_out, []),
    ("a lone subscriber needs no filter", "SNS-03",
     lambda: add(bp("workflow"), Function(name="mailer", on_failure_dlq=True),
                 Triggers(source="notifications", target="mailer", dlq=True)), []),
    ("a topic with a single Lambda subscriber is point-to-point", "SNS-04",
     lambda: fan_out(consumers=[{"name": "billing", "event_types": ["order.created"]}]), ["events"]),
    ("a topic with two subscribers fans out", "SNS-04", fan_out, []),
    ("a buffer topic is FN-26's business, not SNS-04's", "SNS-04",
     lambda: add(queue_processor(), Topic(name="alerts"), Function(name="pager", on_failure_dlq=True),
                 Publishes(source="processor", target="alerts"),
                 Triggers(source="alerts", target="pager", dlq=True)), []),
    ("routing on four message attributes is flagged", "SNS-05",
     lambda: change_edge(fan_out(), "triggers", "events", "billing",
                         filter_policy={"a": ["1"], "b": ["2"], "c": ["3"], "d": ["4"]}), ["billing"]),
    ("a nested message-body policy is flagged", "SNS-05",
     lambda: change_edge(fan_out(), "triggers", "events", "billing", filter_policy_scope="MessageBody",
                         filter_policy={"order": {"total": [{"numeric": [">", 100]}]}}), ["billing"]),
    ("filtering on event_type alone is simple", "SNS-05", fan_out, []),
    ("a filter on an attribute no publisher sets receives nothing", "SNS-06",
     lambda: change_edge(fan_out(), "triggers", "events", "billing", filter_policy={"customer_tier": ["gold"]}),
     ["billing"]),
    ("a body filter on a key the published body never has receives nothing", "SNS-06",
     lambda: change_edge(fan_out(), "triggers", "events", "billing", filter_policy_scope="MessageBody",
                         filter_policy={"order_total": [{"numeric": [">", 100]}]}), ["billing"]),
    ("a design edited to body scope still finds event_type at the top of the body", "SNS-06",
     lambda: change_edge(fan_out(), "triggers", "events", "billing", filter_policy_scope="MessageBody"), []),
    ("the fan-out filters on the event_type attribute its publisher sets", "SNS-06", fan_out, []),
    ("the fan-out with body scope filters on the event_type its publisher puts in the body", "SNS-06",
     lambda: fan_out(filter_scope="message-body"), []),
    ("a workflow step publishes no attributes to filter on", "SNS-06",
     lambda: add(bp("workflow", steps=[{"name": "extract"}, {"name": "notify", "action": "sns-publish"}]),
                 Function(name="mailer", on_failure_dlq=True),
                 Triggers(source="notifications", target="mailer", dlq=True,
                          filter_policy={"event_type": ["done"]})), ["mailer"]),
    ("a topic published from outside the design is not judged", "SNS-06",
     lambda: add(bp("scheduled-job"), Topic(name="inbound"), Function(name="mailer", on_failure_dlq=True),
                 Triggers(source="inbound", target="mailer", dlq=True, filter_policy={"anything": ["x"]})), []),
    ("a rule target without a DLQ is flagged", "EB-02",
     lambda: change_edge(eventbridge(), "triggers", "events", "billing", dlq=None), ["billing"]),
    ("a rule target without a retry policy is flagged", "EB-02",
     lambda: change_edge(eventbridge(), "triggers", "events", "billing", retry_attempts=None), ["billing"]),
    ("a schedule without a DLQ is flagged", "EB-02", lambda: bp("scheduled-job", dlq=False), ["schedule"]),
    ("targets with retries and DLQs pass", "EB-02", eventbridge, []),
    ("the default schedule has a DLQ", "EB-02", lambda: bp("scheduled-job"), []),
    ("a bus of application events without an archive is flagged", "EB-06", eventbridge, ["events"]),
    ("a bus with a 30-day archive can replay", "EB-06", lambda: eventbridge(archive_retention_days=30), []),
    ("a bus only fed from outside is not judged", "EB-06", lambda: bp("workflow", trigger="eventbridge"), []),
    ("a consumer that only forwards queue messages to a topic is glue", "EB-10",
     lambda: add(queue_processor(), Topic(name="alerts"), Publishes(source="processor", target="alerts")),
     ["processor"]),
    ("a consumer that also writes a table does real work", "EB-10",
     lambda: add(queue_processor(idempotency=True), Topic(name="alerts"),
                 Publishes(source="processor", target="alerts")), []),
    ("a consumer with no outputs is not forwarding", "EB-10", queue_processor, []),
]


@pytest.mark.parametrize(("scenario", "rule", "build", "expected"), CASES, ids=[c[0] for c in CASES])
def test_messaging_rules(scenario: str, rule: str, build: Any, expected: list[str]) -> None:
    check_rule(rule, build(), expected)


def test_the_fifo_fix_puts_a_fifo_queue_between_topic_and_function() -> None:
    from generators.advisor.graph import Graph
    from generators.advisor.rules.sns.sns_fifo_subscriber import RULE
    from generators.model import Queue

    design = change(fan_out(consumers=[{"name": "billing", "event_types": ["order.created"]}]), "events", fifo=True)
    (finding,) = RULE.check(Graph(design))
    assert finding.fix is not None
    fixed = finding.fix.apply(design)
    buffer = fixed.component("billing-fifo-buffer")
    assert isinstance(buffer, Queue)
    assert buffer.fifo
    assert [(c.source, c.target) for c in fixed.connections if c.kind == "triggers"] == [
        ("events", "billing-fifo-buffer"), ("billing-fifo-buffer", "billing")]


def test_the_recursion_fix_moves_the_output_and_caps_the_processor() -> None:
    from generators.advisor.graph import Graph
    from generators.advisor.rules.s3.s3_recursive_write import RULE

    design = add(change(s3(), "processor", reserved_concurrency=None),
                 Writes(source="processor", target="input-bucket"))
    (finding,) = RULE.check(Graph(design))
    assert finding.fix is not None
    fixed = finding.fix.apply(design)
    assert {c.target for c in fixed.connections if c.kind == "writes"} == {"output-bucket", "input-bucket-output"}
    processor = fixed.component("processor")
    assert isinstance(processor, Function)
    assert processor.reserved_concurrency == 10
