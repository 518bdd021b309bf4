"""Scenario tables for the function-configuration rules (seed catalog §2.1)."""

from __future__ import annotations

from typing import Any

import pytest

from generators.model import Design, Environment, Function, Invokes, Publishes, Writes
from tests.engine.advisor.scenarios import Case, add, bp, change, change_edge, check_rule, project

MB = 1024 * 1024


def api(**options: Any) -> Design:
    return bp("api", **options)


def queue_processor(**options: Any) -> Design:
    return bp("event-processor", **options)


def s3_processor(**options: Any) -> Design:
    return bp("event-processor", source="s3", **options)


def fan_out(**options: Any) -> Design:
    return bp("fan-out", **options)


def job(**options: Any) -> Design:
    return bp("scheduled-job", **options)


def one_consumer(channel: str) -> Design:
    return fan_out(channel=channel, consumers=[{"name": "billing", "event_types": ["order.created"]}])


def sync_chain(invocation: str) -> Design:
    return add(api(), Function(name="pricing"), Function(name="tax"),
               Invokes(source="router", target="pricing", invocation="sync"),
               Invokes(source="pricing", target="tax", invocation=invocation))


def never_expiring_prod() -> Design:
    return project(api(), environments=[Environment(name="dev", log_retention_days=7, log_level="DEBUG"),
                                        Environment(name="prod", log_retention_days=0, log_level="WARN")])


CASES: list[Case] = [
    ("a 3 s function that reads and writes a table may time out", "FN-01",
     lambda: change(api(), "router", timeout_s=3), ["router"]),
    ("a declared 25 s duration under a 20 s timeout leaves no buffer", "FN-01",
     lambda: change(api(), "router", timeout_s=20, workload={"expected_duration_s": 25}), ["router"]),
    ("a 10 s API handler is fine", "FN-01", api, []),
    ("a 3 s function that calls nothing is fine", "FN-01",
     lambda: add(api(), Function(name="tiny", timeout_s=3)), []),
    ("the 900 s maximum on a 20 s job is flagged", "FN-02",
     lambda: change(job(), "job", timeout_s=900, workload={"expected_duration_s": 20}), ["job"]),
    ("900 s for a job expected to take 10 minutes is fine", "FN-02",
     lambda: change(job(), "job", timeout_s=900, workload={"expected_duration_s": 600}), []),
    ("900 s with no declared duration is not judged", "FN-02", lambda: change(job(), "job", timeout_s=900), []),
    ("20 minutes of expected work cannot run in Lambda", "FN-03",
     lambda: change(job(), "job", workload={"expected_duration_s": 1200}), ["job"]),
    ("10 minutes of expected work fits", "FN-03",
     lambda: change(job(), "job", timeout_s=900, workload={"expected_duration_s": 600}), []),
    ("128 MB on the API router is too small", "FN-04", lambda: change(api(), "router", memory_mb=128), ["router"]),
    ("128 MB on a function that calls nothing is fine", "FN-04",
     lambda: add(api(), Function(name="tiny", memory_mb=128)), []),
    ("a CPU-bound job with 512 MB shares a vCPU", "FN-05",
     lambda: change(job(), "job", workload={"cpu_bound": True}), ["job"]),
    ("a CPU-bound job with 1769 MB has a full vCPU", "FN-05",
     lambda: change(job(), "job", memory_mb=1769, workload={"cpu_bound": True}), []),
    ("an I/O-bound job with 512 MB is fine", "FN-05", job, []),
    ("five route functions all sized 512 MB / 10 s are flagged", "FN-06",
     lambda: api(handler_style="function-per-route"), ["components"]),
    ("the workflow's functions have their own sizes", "FN-06", lambda: bp("workflow"), []),
    ("a project on x86_64 could run its router on arm64", "FN-07",
     lambda: api(project={"architecture": "x86_64"}), ["router"]),
    ("one function pinned to x86_64 could run on arm64", "FN-07",
     lambda: change(job(), "job", architecture="x86_64"), ["job"]),
    ("x86_64 for x86-only native dependencies is right", "FN-07",
     lambda: change(job(), "job", architecture="x86_64", workload={"native_x86_deps": True}), []),
    ("arm64 by default is fine", "FN-07", job, []),
    ("arm64 with x86-only native dependencies will not import them", "FN-08",
     lambda: change(job(), "job", workload={"native_x86_deps": True}), ["job"]),
    ("x86_64 with x86-only native dependencies is right", "FN-08",
     lambda: change(job(), "job", architecture="x86_64", workload={"native_x86_deps": True}), []),
    ("tracing turned off is flagged", "FN-09", lambda: change(job(), "job", tracing=False), ["job"]),
    ("tracing on by default passes", "FN-09", job, []),
    ("prod logs that never expire are flagged", "FN-10", never_expiring_prod, ["project.environments[1]"]),
    ("7/30/90-day retention passes", "FN-10", api, []),
    ("a literal database password in the environment is an error", "FN-12",
     lambda: change(api(), "router", environment={"DB_PASSWORD": "hunter2"}), ["router"]),
    ("an API key value in the environment is an error", "FN-12",
     lambda: change(api(), "router", environment={"STRIPE_API_KEY": "sk_live_123"}), ["router"]),
    ("the name of a secret is fine", "FN-12",
     lambda: change(api(), "router", environment={"DB_PASSWORD_SECRET_NAME": "shop/db"}), []),
    ("a secret's ARN is fine", "FN-12",
     lambda: change(api(), "router", environment={"API_KEY": "arn:aws:secretsmanager:us-east-1:1:secret:k"}), []),
    ("a numeric token lifetime is not a secret", "FN-12",
     lambda: change(api(), "router", environment={"TOKEN_TTL_SECONDS": "300"}), []),
    ("an access key id in the environment is an error", "FN-13",
     lambda: change(api(), "router", environment={"UPSTREAM": "AKIAABCDEFGHIJKLMNOP"}), ["router"]),
    ("an access key id in a description is an error", "FN-13",
     lambda: change(api(), "data-table", description="backup with AKIAABCDEFGHIJKLMNOP"), ["data-table"]),
    ("ordinary settings pass", "FN-13", lambda: change(api(), "router", environment={"PAGE_SIZE": "50"}), []),
    ("a hardcoded table ARN is flagged", "FN-14",
     lambda: change(api(), "router", environment={"ORDERS": "arn:aws:dynamodb:us-east-1:123456789012:table/o"}),
     ["router"]),
    ("connections instead of ARNs pass", "FN-14", api, []),
    ("300 MB of dependencies exceeds the zip limit", "FN-15",
     lambda: change(job(), "job", workload={"package_size_mb": 300}), ["job"]),
    ("200 MB of dependencies fits", "FN-15", lambda: change(job(), "job", workload={"package_size_mb": 200}), []),
    ("a topic subscriber without a DLQ loses failed events", "FN-23",
     lambda: change(fan_out(), "billing", on_failure_dlq=False), ["billing"]),
    ("a scheduled job without a DLQ loses failed runs", "FN-23",
     lambda: change(job(), "job", on_failure_dlq=False), ["job"]),
    ("fan-out consumers come with DLQs", "FN-23", fan_out, []),
    ("an SQS consumer needs no function DLQ", "FN-23", queue_processor, []),
    ("a function DLQ on an SQS consumer whose queue has none is misplaced", "FN-24",
     lambda: change(change(queue_processor(), "processor", on_failure_dlq=True), "input-queue", dlq=False),
     ["processor"]),
    ("a function DLQ next to a queue DLQ is harmless", "FN-24",
     lambda: change(queue_processor(), "processor", on_failure_dlq=True), []),
    ("a scheduled job throttled to zero still gets invoked", "FN-25",
     lambda: change(job(), "job", reserved_concurrency=0), ["job"]),
    ("an SQS consumer paused with zero concurrency is not async", "FN-25",
     lambda: change(queue_processor(), "processor", reserved_concurrency=0), []),
    ("an event bus between one publisher and one consumer is only a buffer", "FN-26",
     lambda: one_consumer("eventbridge"), ["events"]),
    ("a filtered SNS subscription is more than a buffer", "FN-26", lambda: one_consumer("sns"), []),
    ("a topic with two consumers fans out", "FN-26", fan_out, []),
    ("1,000 concurrent executions declared is near the regional limit", "FN-27",
     lambda: change(change(fan_out(), "billing", workload={"expected_rps": 500, "expected_duration_s": 1}),
                    "shipping", workload={"expected_rps": 500, "expected_duration_s": 1}), ["components"]),
    ("200 concurrent executions declared is fine", "FN-27",
     lambda: change(fan_out(), "billing", workload={"expected_rps": 200, "expected_duration_s": 1}), []),
    ("a processor writing back to its triggering bucket needs a cap", "FN-28",
     lambda: add(change(s3_processor(), "processor", reserved_concurrency=None),
                 Writes(source="processor", target="input-bucket")), ["processor"]),
    ("a consumer re-publishing to its own queue needs a cap", "FN-28",
     lambda: add(queue_processor(), Publishes(source="processor", target="input-queue")), ["processor"]),
    ("a processor writing to a separate bucket is fine", "FN-28", s3_processor, []),
    ("a queue consumer that charges cards needs idempotency", "FN-29",
     lambda: change(queue_processor(), "processor", workload={"non_idempotent_side_effects": True}), ["processor"]),
    ("with an idempotency table it is safe", "FN-29",
     lambda: change(queue_processor(idempotency=True), "processor",
                    workload={"non_idempotent_side_effects": True}), []),
    ("an API handler is not redelivered by an event source", "FN-29",
     lambda: change(api(), "router", workload={"non_idempotent_side_effects": True}), []),
    ("router → pricing → tax synchronously is a Lambda chain", "FN-30", lambda: sync_chain("sync"), ["pricing"]),
    ("handing off asynchronously breaks the chain", "FN-30", lambda: sync_chain("async"), []),
    ("provisioned concurrency on an SQS consumer is wasted", "FN-31",
     lambda: change(queue_processor(), "processor", provisioned_concurrency=2), ["processor"]),
    ("provisioned concurrency on an API handler is its purpose", "FN-31",
     lambda: change(api(), "router", provisioned_concurrency=2), []),
    ("provisioned concurrency for unpredictable traffic is flagged", "FN-32",
     lambda: change(api(), "router", provisioned_concurrency=2, workload={"traffic_pattern": "unpredictable"}),
     ["router"]),
    ("provisioned concurrency for a steady baseline is right", "FN-32",
     lambda: change(api(), "router", provisioned_concurrency=2, workload={"traffic_pattern": "steady"}), []),
    ("a 50 ms cold-start budget without provisioned concurrency is flagged", "FN-34",
     lambda: change(api(), "router", workload={"cold_start_tolerance_ms": 50}), ["router"]),
    ("the same budget with provisioned concurrency is met", "FN-34",
     lambda: change(api(), "router", provisioned_concurrency=2, workload={"cold_start_tolerance_ms": 50}), []),
    ("a 1 s cold-start budget needs nothing", "FN-34",
     lambda: change(api(), "router", workload={"cold_start_tolerance_ms": 1000}), []),
    ("SnapStart with provisioned concurrency fails to deploy", "FN-36",
     lambda: change(api(), "router", snap_start=True, provisioned_concurrency=2), ["router"]),
    ("SnapStart with 1 GB of /tmp fails to deploy", "FN-36",
     lambda: change(api(), "router", snap_start=True, ephemeral_storage_mb=1024), ["router"]),
    ("SnapStart alone is fine", "FN-36", lambda: change(api(), "router", snap_start=True), []),
    ("SnapStart on Node.js is not supported", "FN-37",
     lambda: change(api(project={"language": "typescript"}), "router", snap_start=True), ["router"]),
    ("SnapStart on Python 3.12 is supported", "FN-37", lambda: change(api(), "router", snap_start=True), []),
    ("SnapStart snapshots the UUIDs and connections made at INIT", "FN-38",
     lambda: change(api(), "router", snap_start=True, workload={"init_unique_state": True}), ["router"]),
    ("SnapStart with everything unique made in the handler is fine", "FN-38",
     lambda: change(api(), "router", snap_start=True, workload={"init_unique_state": False}), []),
    ("unique values at INIT without SnapStart are not captured", "FN-38",
     lambda: change(api(), "router", workload={"init_unique_state": True}), []),
    ("a 120 MB package pays for its INIT", "FN-41",
     lambda: change(job(), "job", workload={"package_size_mb": 120}), ["job"]),
    ("a 30 MB package is light", "FN-41", lambda: change(job(), "job", workload={"package_size_mb": 30}), []),
    ("600 MB objects in 512 MB of memory will crash the processor", "FN-42",
     lambda: change(s3_processor(), "processor", workload={"object_bytes": 600 * MB}), ["processor"]),
    ("100 MB objects fit in 512 MB", "FN-42",
     lambda: change(s3_processor(), "processor", workload={"object_bytes": 100 * MB}), []),
    ("large objects a function only serves from a table are not read from a bucket", "FN-42",
     lambda: change(api(), "router", workload={"object_bytes": 600 * MB}), []),
]


@pytest.mark.parametrize(("scenario", "rule", "build", "expected"), CASES, ids=[c[0] for c in CASES])
def test_function_rules(scenario: str, rule: str, build: Any, expected: list[str]) -> None:
    check_rule(rule, build(), expected)


def test_the_secret_fix_keeps_only_the_secret_name() -> None:
    design = change(api(), "router", environment={"DB_PASSWORD": "hunter2", "PAGE_SIZE": "50"})
    from generators.advisor.graph import Graph
    from generators.advisor.rules.function.fn_secret_env_literal import RULE

    (finding,) = RULE.check(Graph(design))
    assert finding.fix is not None
    fixed = finding.fix.apply(design).component("router")
    assert isinstance(fixed, Function)
    assert fixed.environment == {"PAGE_SIZE": "50", "DB_PASSWORD_SECRET_NAME": "shop/router/db-password"}


def test_a_stream_with_parallelization_is_untouched_by_function_rules() -> None:
    design = change_edge(bp("event-processor", source="kinesis"), "triggers", "input-stream", "processor",
                         parallelization_factor=2)
    check_rule("FN-31", design, [])
