"""Scenario tables for the Step Functions, observability and cost rules (seed catalog §2.8, §2.10, §2.11)."""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks.compose_bench import large_design
from generators.cost import Traffic
from generators.model import Design, Environment, Reads, Table, Writes
from tests.engine.advisor.scenarios import (
    Case,
    add,
    bp,
    change,
    change_step,
    check_rule,
    project,
    workflow_workload,
)


def workflow(**options: Any) -> Design:
    return bp("workflow", **options)


def express(**options: Any) -> Design:
    return bp("workflow", workflow_type="express", **options)


def approval() -> Design:
    return bp("workflow", human_approval=True)


def durable(**options: Any) -> Design:
    return bp("workflow", engine="durable-function", **options)


def process_only_saves(with_read: bool = False) -> Design:
    design = add(workflow(), Writes(source="process", target="workflow-table"))
    if with_read:
        design = add(design, Table(name="prices"), Reads(source="process", target="prices"))
    return design


BUSY = Traffic(requests_per_month=50_000_000)


def dev_only(design: Design) -> Design:
    return project(design, environments=[Environment(name="dev", log_retention_days=7, log_level="DEBUG")])


def table_api(billing: str = "PAY_PER_REQUEST", pattern: str | None = None, capacity: int = 100) -> Design:
    design = change(bp("api"), "data-table", billing_mode=billing, read_capacity=capacity, write_capacity=capacity)
    return change(design, "router", workload={"traffic_pattern": pattern}) if pattern else design


CASES: list[Case] = [
    ("a Lambda task without retry fails on a throttle", "SFN-01",
     lambda: change_step(workflow(), "workflow", "validate", retry=False), ["workflow"]),
    ("a Lambda task with zero retry attempts is the same", "SFN-01",
     lambda: change_step(workflow(), "workflow", "process", retry_max_attempts=0), ["workflow"]),
    ("tasks retry by default", "SFN-01", workflow, []),
    ("a task without catch ends the execution", "SFN-02",
     lambda: change_step(workflow(), "workflow", "validate", catch=False), ["workflow"]),
    ("an SDK step without catch ends the execution", "SFN-02",
     lambda: change_step(workflow(), "workflow", "save", catch=False), ["workflow"]),
    ("every step catches by default", "SFN-02", workflow, []),
    ("a callback task with a heartbeat nothing sends fails after the heartbeat, not the day", "SFN-04",
     lambda: change_step(approval(), "workflow", "approval", heartbeat_s=3600), ["workflow"]),
    ("the approval task waits for its timeout without a heartbeat", "SFN-04", approval, []),
    ("a plain Lambda task may keep a heartbeat", "SFN-04",
     lambda: change_step(workflow(), "workflow", "process", heartbeat_s=60), []),
    ("a task whose function only saves one item could be a DynamoDB integration", "SFN-06", process_only_saves,
     ["workflow"]),
    ("a function that also reads prices does real work", "SFN-06", lambda: process_only_saves(with_read=True), []),
    ("a function with no outputs is not a thin wrapper", "SFN-06", workflow, []),
    ("an Express workflow waiting for a task token is an error", "SFN-08",
     lambda: change_step(express(), "workflow", "process", integration="wait_for_callback", heartbeat_s=60),
     ["workflow"]),
    ("a Standard workflow may wait for approval", "SFN-08", approval, []),
    ("an Express workflow with a 10-minute timeout is an error", "SFN-09",
     lambda: change(express(), "workflow", timeout_s=600), ["workflow"]),
    ("an Express workflow expected to run 400 s is an error", "SFN-09",
     lambda: workflow_workload(express(), "workflow", expected_duration_s=400), ["workflow"]),
    ("an Express step allowed 10 minutes is an error", "SFN-09",
     lambda: change_step(express(), "workflow", "process", timeout_s=600), ["workflow"]),
    ("an Express workflow of short steps fits", "SFN-09", express, []),
    ("an Express workflow charging cards may charge twice", "SFN-10",
     lambda: change(express(), "process", workload={"non_idempotent_side_effects": True}), ["workflow"]),
    ("an Express workflow declared non-idempotent is flagged", "SFN-10",
     lambda: workflow_workload(express(), "workflow", non_idempotent_side_effects=True), ["workflow"]),
    ("a Standard workflow runs exactly once", "SFN-10",
     lambda: change(workflow(), "process", workload={"non_idempotent_side_effects": True}), []),
    ("150 Standard executions a second of a short flow are flagged", "SFN-11",
     lambda: workflow_workload(workflow(), "workflow", starts_per_second=150), ["workflow"]),
    ("3,000 starts a second exceed Standard's limit even with callbacks", "SFN-11",
     lambda: workflow_workload(approval(), "workflow", starts_per_second=3000), ["workflow"]),
    ("10 starts a second are fine for Standard", "SFN-11",
     lambda: workflow_workload(workflow(), "workflow", starts_per_second=10), []),
    ("Express is already the high-rate type", "SFN-11",
     lambda: workflow_workload(express(), "workflow", starts_per_second=5000), []),
    ("an Express timeout nobody hears about is flagged", "SFN-12",
     lambda: change(express(), "workflow", timeout_s=200), ["workflow"]),
    ("an Express workflow without its own timeout is not judged", "SFN-12", express, []),
    ("a Standard workflow publishes its timeouts", "SFN-12", lambda: change(workflow(), "workflow", timeout_s=200),
     []),
    ("workflow tracing off is flagged", "SFN-13", lambda: change(workflow(), "workflow", tracing=False),
     ["workflow"]),
    ("workflow tracing is on by default", "SFN-13", workflow, []),
    ("workflow logging off is flagged", "SFN-14", lambda: change(workflow(), "workflow", log_level="OFF"),
     ["workflow"]),
    ("logging ALL in production is flagged", "SFN-14", lambda: change(workflow(), "workflow", log_level="ALL"),
     ["workflow"]),
    ("logging ALL in a dev-only project is fine", "SFN-14",
     lambda: dev_only(change(workflow(), "workflow", log_level="ALL")), []),
    ("logging errors is the default", "SFN-14", workflow, []),
    ("a two-year process cannot be one workflow", "SFN-18",
     lambda: workflow_workload(approval(), "workflow", expected_duration_s=2 * 31536000), ["workflow"]),
    ("a 30-day approval process fits", "SFN-18",
     lambda: workflow_workload(approval(), "workflow", expected_duration_s=30 * 86400), []),
    ("a durable function that only saves and notifies pays Lambda to call what Step Functions calls itself",
     "SFN-19", lambda: durable(steps=[{"name": "save", "action": "dynamodb-put"},
                                      {"name": "notify", "action": "sns-publish"}]), ["workflow"]),
    ("a durable function with code steps is what durable functions are for", "SFN-19", durable, []),
    ("parallel code branches are code too", "SFN-19",
     lambda: durable(steps=[{"name": "save", "action": "dynamodb-put"}], parallel_branches=["score"]), []),
    ("Lambda tasks waiting on a human approval could be one durable function", "SFN-20", approval, ["workflow"]),
    ("without a long wait a state machine of tasks is fine", "SFN-20", workflow, []),
    ("an approval around mostly SDK integrations belongs in Step Functions", "SFN-20",
     lambda: bp("workflow", human_approval=True, steps=[{"name": "check"}, {"name": "save", "action": "dynamodb-put"},
                                                        {"name": "notify", "action": "sns-publish"}]), []),
    ("the durable engine is not judged by the state-machine rule", "SFN-20",
     lambda: durable(human_approval=True), []),
    ("a durable function charging cards may charge twice on replay", "SFN-21",
     lambda: change(durable(), "workflow", workload={"non_idempotent_side_effects": True}), ["workflow"]),
    ("a durable function with idempotent steps is fine", "SFN-21", durable, []),
    ("an idempotency table makes the side effects safe to repeat", "SFN-21",
     lambda: add(change(durable(), "workflow", workload={"non_idempotent_side_effects": True}),
                 Table(name="idempotency", purpose="idempotency", ttl_attribute="expiration"),
                 Writes(source="workflow", target="idempotency"), Reads(source="workflow", target="idempotency")),
     []),
    ("DEBUG logging in prod is flagged", "OBS-11",
     lambda: project(bp("api"), environments=[Environment(name="prod", log_retention_days=90, log_level="DEBUG")]),
     ["project.environments[0].log_level"]),
    ("a function forcing DEBUG everywhere is flagged", "OBS-11",
     lambda: change(bp("api"), "router", environment={"POWERTOOLS_LOG_LEVEL": "DEBUG"}), ["router"]),
    ("WARN in prod is the default", "OBS-11", lambda: bp("api"), []),
    ("DEBUG in a dev-only project is fine", "OBS-11",
     lambda: dev_only(change(bp("api"), "router", environment={"LOG_LEVEL": "DEBUG"})), []),
    ("2,000 requests/s with default sampling records millions of traces", "OBS-12",
     lambda: change(bp("api"), "router", workload={"expected_rps": 2000}), ["router"]),
    ("without tracing there is nothing to sample", "OBS-12",
     lambda: change(bp("api"), "router", tracing=False, workload={"expected_rps": 2000}), []),
    ("100 requests/s is modest", "OBS-12", lambda: change(bp("api"), "router", workload={"expected_rps": 100}), []),
    ("100 WCU/RCU provisioned for 1M requests a month costs more than on demand", "COST-02",
     lambda: table_api("PROVISIONED"), ["data-table"]),
    ("a small provisioned table for bursty traffic is flagged", "COST-02",
     lambda: table_api("PROVISIONED", "bursty", capacity=1), ["data-table"]),
    ("a small provisioned table for steady traffic is cheaper than on demand", "COST-02",
     lambda: table_api("PROVISIONED", "steady", capacity=1), []),
    ("an on-demand table under a steady 50M requests a month is cheaper provisioned", "COST-02",
     lambda: (table_api(pattern="steady"), BUSY), ["data-table"]),
    ("an on-demand table under a steady 1M requests a month is not worth provisioning", "COST-02",
     lambda: table_api(pattern="steady"), []),
    ("an on-demand table with no declared pattern is left alone", "COST-02", table_api, []),
    ("a steady 800 requests/s could be cheaper on always-on compute", "COST-04",
     lambda: change(bp("api"), "router", workload={"expected_rps": 800, "traffic_pattern": "steady"}), ["router"]),
    ("bursty traffic suits Lambda", "COST-04",
     lambda: change(bp("api"), "router", workload={"expected_rps": 800, "traffic_pattern": "bursty"}), []),
    ("100 steady requests/s suits Lambda", "COST-04",
     lambda: change(bp("api"), "router", workload={"expected_rps": 100, "traffic_pattern": "steady"}), []),
    ("200 composed components make 612 resources, over one stack's 500", "STACK-01",
     lambda: large_design(200), ["components"]),
    ("150 composed components make 457 resources, within one stack", "STACK-01", lambda: large_design(150), []),
]


@pytest.mark.parametrize(("scenario", "rule", "build", "expected"), CASES, ids=[c[0] for c in CASES])
def test_workflow_observability_and_cost_rules(scenario: str, rule: str, build: Any, expected: list[str]) -> None:
    check_rule(rule, build(), expected)


def test_the_sdk_fix_replaces_the_task_and_removes_the_function() -> None:
    from generators.advisor.graph import Graph
    from generators.advisor.rules.stepfunctions.sfn_sdk_integration import RULE
    from generators.model import SdkStep, StateMachine

    design = process_only_saves()
    (finding,) = RULE.check(Graph(design))
    assert finding.fix is not None
    assert finding.saving_usd_month is not None
    assert finding.saving_usd_month > 0
    fixed = finding.fix.apply(design)
    sm = fixed.component("workflow")
    assert isinstance(sm, StateMachine)
    step = next(s for s in sm.steps if s.name == "process")
    assert isinstance(step, SdkStep)
    assert (step.action, step.target) == ("dynamodb_put", "workflow-table")
    assert "process" not in {c.name for c in fixed.components}


def test_the_billing_fix_sizes_capacity_for_70_percent_utilisation() -> None:
    from generators.advisor.graph import Graph
    from generators.advisor.rules.cost.cost_table_billing_mode import RULE

    design = table_api(pattern="steady")
    (finding,) = RULE.check(Graph(design, BUSY))
    assert finding.fix is not None
    table = finding.fix.apply(design).component("data-table")
    assert isinstance(table, Table)
    # 50M writes of 2 KB a month = 19.03/s × 2 WCU = 38.05 WCU / 0.7 → 55 WCU;
    # 50M eventually consistent 2 KB reads = 19.03/s × 0.5 RCU = 9.51 / 0.7 → 14 RCU
    assert (table.billing_mode, table.write_capacity, table.read_capacity) == ("PROVISIONED", 55, 14)
    # on demand 100M WRU × $0.625/M + 25M RRU × $0.125/M = $65.625; provisioned (55 × $0.00065 + 14 × $0.00013)
    # × 730 h = $26.098 + $1.329 = $27.426
    assert finding.saving_usd_month == pytest.approx(65.625 - 27.4261, abs=0.01)
