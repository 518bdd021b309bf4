"""The cost estimate against hand-computed figures (prices: generators/cost/prices.py)."""

from __future__ import annotations

import pytest

from generators.cost import Traffic, estimate
from generators.cost.estimate import Estimate, sampled_traces
from generators.cost.volume import runs_per_month
from generators.model import Publishes
from tests.engine.advisor.scenarios import add, bp, change

GB = 1024 * 1024  # KB per GB


def line(result: Estimate, component: str, item: str) -> float:
    cost = result.component(component)
    assert cost is not None
    found = cost.line(item)
    assert found is not None, f"{component} has no {item!r} line"
    return found.usd


def test_the_seed_worked_example_1m_invocations_of_200_ms_at_512_mb() -> None:
    traffic = Traffic(avg_duration_ms=200)
    arm = estimate(bp("api"), traffic)
    x86 = estimate(bp("api", project={"architecture": "x86_64"}), traffic)
    # 1,000,000 × 0.2 s × 0.5 GB = 100,000 GB-s; seed §4.1: $1.33 on arm64, $1.67 on x86_64
    assert line(arm, "router", "duration") == pytest.approx(100_000 * 0.0000133334)
    assert line(x86, "router", "duration") == pytest.approx(100_000 * 0.0000166667)
    assert round(line(arm, "router", "duration"), 2) == 1.33
    assert round(line(x86, "router", "duration"), 2) == 1.67
    assert line(arm, "router", "requests") == pytest.approx(0.20)


@pytest.mark.parametrize(("front_door", "usd"), [("http-api", 1.00), ("rest-api", 3.50), ("function-url", 0.0)])
def test_a_million_requests_through_each_front_door(front_door: str, usd: float) -> None:
    auth = "iam" if front_door == "function-url" else "jwt"
    assert line(estimate(bp("api", front_door=front_door, auth=auth)), "api", "requests") == pytest.approx(usd)


def test_an_sqs_consumer_pays_one_send_and_a_receive_and_delete_per_batch() -> None:
    result = estimate(bp("event-processor"))
    # 1,000,000 sends + 2 × 100,000 batches of 10 = 1,200,000 requests × $0.40 per 1M
    assert line(result, "input-queue", "requests") == pytest.approx(0.48)
    assert result.volumes.invocations["processor"] == pytest.approx(100_000)


def test_a_fifo_queue_costs_more_per_request() -> None:
    result = estimate(change(bp("event-processor"), "input-queue", fifo=True))
    assert line(result, "input-queue", "requests") == pytest.approx(1.2 * 0.50)


def test_an_on_demand_table_bills_request_units_storage_and_pitr() -> None:
    result = estimate(bp("api"))
    # 1M writes of 2 KB = 2M WRU × $0.625/M; 1M eventually consistent 2 KB reads = 0.5M RRU × $0.125/M
    assert line(result, "data-table", "writes") == pytest.approx(1.25)
    assert line(result, "data-table", "reads") == pytest.approx(0.0625)
    assert line(result, "data-table", "storage") == pytest.approx(0.25)
    assert line(result, "data-table", "point-in-time recovery") == pytest.approx(0.20)


def test_a_provisioned_table_bills_capacity_hours() -> None:
    result = estimate(change(bp("api"), "data-table", billing_mode="PROVISIONED"))
    # 5 WCU × 730 h × $0.00065 + 5 RCU × 730 h × $0.00013
    assert line(result, "data-table", "write capacity") == pytest.approx(2.3725)
    assert line(result, "data-table", "read capacity") == pytest.approx(0.4745)


def test_a_standard_workflow_bills_state_transitions() -> None:
    result = estimate(bp("workflow"))
    # 1M executions (one per API request) × 4 states × $0.025 per 1,000
    assert line(result, "workflow", "state transitions") == pytest.approx(100.0)


def test_a_durable_workflow_bills_its_checkpointed_operations_instead_of_transitions() -> None:
    result = estimate(bp("workflow", engine="durable-function"))
    # 1M executions (one per API request, through the starter) × 4 steps × $8.00 per 1M durable operations
    assert line(result, "workflow", "durable operations") == pytest.approx(32.0)
    assert line(result, "workflow", "requests") == pytest.approx(0.20)
    assert result.component("workflow").kind == "function"  # type: ignore[union-attr]


def test_an_approval_callback_and_parallel_branches_are_more_operations() -> None:
    result = estimate(bp("workflow", engine="durable-function", human_approval=True,
                         parallel_branches=["enrich", "score"], trigger="schedule"))
    # rate(1 hour) = 730 executions × (4 steps + 3 for the callback + 1 + 2 × 2 for the parallel block)
    assert line(result, "workflow", "durable operations") == pytest.approx(730 * 12 * 8.00 / 1e6)


def test_an_express_workflow_bills_executions_and_64_mb_duration() -> None:
    result = estimate(bp("workflow", workflow_type="express", trigger="schedule"))
    # rate(1 hour) = 730 executions; 0.1 s + 0.1 s (two functions) + 2 × 0.05 s (SDK steps) = 0.3 s
    assert line(result, "workflow", "executions") == pytest.approx(730 / 1e6)
    assert line(result, "workflow", "duration") == pytest.approx(730 * 0.3 * (64 / 1024) * 0.00001667)


def test_logs_are_ingested_and_kept_for_the_longest_retention() -> None:
    result = estimate(bp("api"))
    ingested = 1_000_000 / GB  # 1 KB per invocation
    assert line(result, "router", "logs ingested") == pytest.approx(ingested * 0.50)
    assert line(result, "router", "logs stored") == pytest.approx(ingested * (90 / 30.42) * 0.03)


def test_logs_that_never_expire_are_counted_after_a_year() -> None:
    design = bp("api")
    draft = design.model_copy(deep=True)
    draft.project.environments[2].log_retention_days = 0
    assert line(estimate(draft), "router", "logs stored") == pytest.approx(1_000_000 / GB * 12 * 0.03)


@pytest.mark.parametrize(("requests", "traces"), [
    (1_000_000, 1_000_000),                                # below 1 request/s: everything is sampled
    (10_000_000, 2_628_000 + 0.05 * (10_000_000 - 2_628_000)),
])
def test_xray_default_sampling(requests: float, traces: float) -> None:
    assert sampled_traces(requests) == pytest.approx(traces)


def test_sns_bills_publishes_and_delivers_to_lambda_for_free() -> None:
    result = estimate(bp("fan-out"))
    assert line(result, "events", "publishes") == pytest.approx(0.50)
    assert result.volumes.records["billing"] == result.volumes.records["shipping"] == pytest.approx(1_000_000)


def test_an_on_demand_kinesis_stream() -> None:
    result = estimate(bp("event-processor", source="kinesis"))
    written_gb = 1_000_000 * 2 / GB
    assert line(result, "input-stream", "stream hours") == pytest.approx(730 * 0.04)
    assert line(result, "input-stream", "data written") == pytest.approx(written_gb * 0.08)
    assert line(result, "input-stream", "data read") == pytest.approx(written_gb * 0.04)


def test_the_lambda_free_tier_is_a_credit_line() -> None:
    result = estimate(bp("api"))
    credits = {c.item: c.usd for c in result.credits}
    assert credits["Lambda free tier: requests"] == pytest.approx(-0.20)
    assert credits["Lambda free tier: duration"] == pytest.approx(-50_000 * 0.0000133334)
    without = estimate(bp("api"), Traffic(free_tier=False))
    assert without.credits == []
    assert result.total_usd == pytest.approx(without.total_usd - 0.20 - 50_000 * 0.0000133334)


def test_the_api_default_total_by_hand() -> None:
    router = 0.20 + 50_000 * 0.0000133334 + (1e6 / GB) * 0.50 + (1e6 / GB) * (90 / 30.42) * 0.03 + 5.00
    table = 1.25 + 0.0625 + 0.25 + 0.20
    credits = -0.20 - 50_000 * 0.0000133334
    assert estimate(bp("api")).total_usd == pytest.approx(1.00 + router + table + credits)


def test_an_override_changes_one_entry_point() -> None:
    traffic = Traffic(overrides={"api": {"requests_per_month": 5_000_000}})  # type: ignore[dict-item]
    assert line(estimate(bp("api"), traffic), "api", "requests") == pytest.approx(5.00)


def test_a_function_called_from_outside_is_an_entry_point() -> None:
    result = estimate(bp("fan-out"))
    assert result.volumes.entry_points == ["publisher"]
    assert result.volumes.invocations["publisher"] == pytest.approx(1_000_000)


def test_a_loop_is_counted_once_and_noted() -> None:
    design = add(bp("event-processor"), Publishes(source="processor", target="input-queue"))
    result = estimate(design)
    assert any("Loop in the graph" in note for note in result.notes)
    assert result.volumes.records["processor"] == pytest.approx(1_000_000)  # outside traffic, once


@pytest.mark.parametrize(("expression", "runs"), [
    ("rate(1 hour)", 730),
    ("rate(15 minutes)", 730 * 4),
    ("rate(1 day)", 30.42),
    ("cron(0 8 * * ? *)", 30.42),
    ("cron(0 6 ? * MON-FRI *)", 30.42 * 5 / 7),
    ("cron(0/15 * * * ? *)", 4 * 24 * 30.42),
    ("cron(0 12 1 * ? *)", 1),
    ("cron(0 9 ? JAN,JUL MON *)", 30.42 / 7 * 2 / 12),
    ("at(2027-01-01T00:00:00)", 0),
])
def test_runs_per_month_of_a_schedule(expression: str, runs: float) -> None:
    assert runs_per_month(expression) == pytest.approx(runs)


def test_every_blueprint_default_is_estimated_per_component() -> None:
    for blueprint in ("api", "event-processor", "fan-out", "workflow", "scheduled-job"):
        design = bp(blueprint)
        result = estimate(design)
        assert [c.name for c in result.components] == [c.name for c in design.components]
        assert result.total_usd >= 0
        for component in result.components:
            for cost_line in component.lines:
                assert cost_line.formula.endswith(f"${cost_line.usd:,.2f}"), cost_line.formula


def test_a_stream_loop_through_a_table_is_counted_once() -> None:
    from generators.model import Writes

    design = add(bp("event-processor", source="dynamodb-stream"), Writes(source="processor", target="source-table"))
    result = estimate(design)
    assert result.volumes.records["processor"] == pytest.approx(1_000_000)
    assert any("Loop in the graph" in note for note in result.notes)
