"""Every blueprint default and main variant produces zero errors and zero warnings."""

from __future__ import annotations

import json
from typing import Any

import pytest

from generators.advisor import active, advise
from tests.engine.variants import VARIANTS, build, variant_id

# The main variants of each project type, beyond the shared rendering matrix in tests/engine/variants.py.
MAIN_VARIANTS: dict[str, list[dict[str, Any]]] = {
    "api": [
        {"front_door": front, "auth": auth}
        for front, auths in (("http-api", ("none", "iam", "jwt", "lambda-authorizer")),
                             ("rest-api", ("none", "iam", "jwt", "lambda-authorizer")),
                             ("function-url", ("iam",)))
        for auth in auths
    ] + [{"handler_style": "function-per-route"}, {"table": False},
         {"cors_allow_origins": ["https://app.example.com"]}],
    "event-processor": [
        {"source": source, "idempotency": idempotency}
        for source in ("sqs", "dynamodb-stream", "kinesis", "s3") for idempotency in (False, True)
    ] + [{"max_concurrency": 5}, {"batch_size": 50, "batching_window_s": 10}],
    "fan-out": [
        {"channel": channel, "publisher": publisher,
         "consumers": [{"name": "billing", "event_types": ["order.created"], "sqs_buffer": buffered},
                       {"name": "shipping", "event_types": ["order.created", "order.cancelled"]}]}
        for channel in ("sns", "eventbridge") for publisher in ("function", "api") for buffered in (False, True)
    ] + [{"channel": "eventbridge", "archive_retention_days": 30}]
    + [{"filter_scope": "message-body", "publisher": publisher} for publisher in ("function", "api")],
    "workflow": [
        {"workflow_type": kind, "trigger": trigger}
        for kind in ("standard", "express") for trigger in ("api", "schedule", "eventbridge")
    ] + [{"human_approval": True}, {"parallel_branches": ["enrich", "score"]},
         {"workflow_type": "express", "parallel_branches": ["enrich", "score"]},
         {"human_approval": True, "parallel_branches": ["enrich"], "trigger": "schedule"}]
    + [{"engine": "durable-function", "trigger": trigger} for trigger in ("api", "schedule", "eventbridge")]
    + [{"engine": "durable-function", "human_approval": True, "parallel_branches": ["enrich", "score"]}],
    "scheduled-job": [{"target": target} for target in ("none", "table", "bucket")]
    + [{"schedule": "rate(5 minutes)", "reserved_concurrency": 2}],
}

# Variants whose options switch a best practice off on purpose: the advisor must say so.
OPT_OUTS: dict[str, set[str]] = {
    "event-processor:report_batch_item_failures=False": {"SQS-01"},
}



def _case_id(blueprint: str, options: dict[str, Any]) -> str:
    return f"{blueprint}:{json.dumps(options, sort_keys=True)}"


CASES = sorted({_case_id(bp, options): (bp, options)
                for bp, options_list in (list(VARIANTS.items()) + list(MAIN_VARIANTS.items()))
                for options in options_list}.items())


@pytest.mark.parametrize(("blueprint", "options"), [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_the_blueprint_variant_has_no_errors_or_warnings(blueprint: str, options: dict[str, Any]) -> None:
    findings = [f for f in active(advise(build(blueprint, options))) if f.severity in ("error", "warning")]
    expected = OPT_OUTS.get(variant_id(blueprint, options), set())
    assert {f.rule for f in findings} == expected, [f"{f.rule} {f.component}: {f.message}" for f in findings]


@pytest.mark.parametrize("language", ["python", "typescript"])
def test_defaults_are_clean_in_both_languages(language: str) -> None:
    for blueprint in VARIANTS:
        findings = active(advise(build(blueprint, {}, language=language)))
        assert [f.rule for f in findings if f.severity != "info"] == [], blueprint
