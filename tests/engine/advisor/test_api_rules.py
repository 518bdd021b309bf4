"""Scenario tables for the API front door and IAM rules (seed catalog §2.2, §2.3)."""

from __future__ import annotations

from typing import Any

import pytest

from generators.model import Bucket, Design, Environment, FunctionUrl, Writes
from tests.engine.advisor.scenarios import Case, add, bp, change, check_rule, project

MB = 1024 * 1024
ORIGIN = "https://app.example.com"


def api(**options: Any) -> Design:
    return bp("api", **options)


def rest(**options: Any) -> Design:
    return bp("api", front_door="rest-api", **options)


def url(auth: str = "iam") -> Design:
    return bp("api", front_door="function-url", auth=auth)


def streaming_url(language: str = "python") -> Design:
    return change(bp("api", project={"language": language}, front_door="function-url", auth="iam"), "api",
                  invoke_mode="RESPONSE_STREAM")


def uploads(payload: int) -> Design:
    return change(add(api(), Bucket(name="uploads"), Writes(source="router", target="uploads")), "router",
                  workload={"payload_bytes": payload})


def dev_only(design: Design) -> Design:
    return project(design, environments=[Environment(name="dev", log_retention_days=7, log_level="DEBUG")])


CASES: list[Case] = [
    ("a database URL with a password inside is flagged", "IAM-04",
     lambda: change(api(), "router", environment={"DATABASE_URL": "postgres://app:s3cret@db:5432/shop"}), ["router"]),
    ("a connection string with Password= is flagged", "IAM-04",
     lambda: change(api(), "router", environment={"DB": "Server=db;User Id=app;Password=s3cret;"}), ["router"]),
    ("a database URL without credentials is fine", "IAM-04",
     lambda: change(api(), "router", environment={"DATABASE_URL": "postgres://db:5432/shop"}), []),
    ("CORS '*' on a production API is flagged", "API-01", lambda: api(cors_allow_origins=["*"]), ["api"]),
    ("CORS '*' next to a real origin is flagged and fixable", "API-01",
     lambda: api(cors_allow_origins=["*", ORIGIN]), ["api"]),
    ("CORS '*' on a function URL is flagged", "API-01",
     lambda: change(url(), "api", cors_allow_origins=["*"]), ["api"]),
    ("the frontend's own origin is fine", "API-01", lambda: api(cors_allow_origins=[ORIGIN]), []),
    ("CORS '*' in a dev-only project is tolerated", "API-01",
     lambda: dev_only(api(cors_allow_origins=["*"])), []),
    ("a REST API with no REST-only feature could be an HTTP API", "API-02", rest, ["api"]),
    ("an HTTP API is already the cheaper door", "API-02", api, []),
    ("a Lambda authorizer without caching is invoked on every request", "API-05",
     lambda: change(rest(auth="lambda-authorizer"), "api", authorizer_ttl_s=0), ["api"]),
    ("a Lambda authorizer cached for 300 s is fine", "API-05", lambda: rest(auth="lambda-authorizer"), []),
    ("a function URL without auth is public", "API-06", lambda: url("none"), ["api"]),
    ("a function URL with IAM auth is fine", "API-06", url, []),
    ("a 60 s handler behind an HTTP API outlasts the gateway", "API-08",
     lambda: change(api(), "router", timeout_s=60), ["router"]),
    ("a handler expected to run 45 s behind a REST API is an error", "API-08",
     lambda: change(rest(), "router", workload={"expected_duration_s": 45}), ["router"]),
    ("a 60 s handler behind a function URL is fine", "API-08", lambda: change(url(), "router", timeout_s=60), []),
    ("a 10 s API handler is fine", "API-08", api, []),
    ("an 8 MB response on a synchronous route is over 6 MB", "API-09",
     lambda: change(api(), "router", workload={"payload_bytes": 8 * MB}), ["router"]),
    ("a 2 MB event through SNS is over the 1 MB async limit", "API-09",
     lambda: change(bp("fan-out"), "billing", workload={"payload_bytes": 2 * MB}), ["billing"]),
    ("an 8 MB response streamed through a function URL fits", "API-09",
     lambda: change(streaming_url("typescript"), "router", workload={"payload_bytes": 8 * MB}), []),
    ("an S3 notification carries only the object key, not a 2 MB body", "API-09",
     lambda: change(bp("event-processor", source="s3"), "processor", workload={"payload_bytes": 2 * MB}), []),
    ("2 MB uploads through the API into a bucket are flagged", "API-10", lambda: uploads(2 * MB), ["router"]),
    ("100 KB documents through the API are fine", "API-10", lambda: uploads(100 * 1024), []),
    ("a read-only REST API without a cache is flagged", "API-14",
     lambda: rest(resources=[{"name": "items", "operations": ["list", "get"]}]), ["api"]),
    ("a REST API with full CRUD is not read-heavy", "API-14", rest, []),
    ("an HTTP API is not a REST API", "API-14",
     lambda: api(resources=[{"name": "items", "operations": ["list", "get"]}]), []),
    ("a REST API taking bodies without a request validator is flagged", "API-15", rest, ["api"]),
    ("a read-only REST API takes no bodies", "API-15",
     lambda: rest(resources=[{"name": "items", "operations": ["list", "get"]}]), []),
    ("an HTTP API is not judged by API-15", "API-15", api, []),
    ("streaming from Python handlers is an error", "API-20", streaming_url, ["api"]),
    ("streaming from TypeScript handlers works", "API-20", lambda: streaming_url("typescript"), []),
    ("a buffered function URL is fine", "API-20", url, []),
]


@pytest.mark.parametrize(("scenario", "rule", "build", "expected"), CASES, ids=[c[0] for c in CASES])
def test_api_and_iam_rules(scenario: str, rule: str, build: Any, expected: list[str]) -> None:
    check_rule(rule, build(), expected)


def test_the_rest_to_http_fix_keeps_routes_auth_and_origin() -> None:
    from generators.advisor.graph import Graph
    from generators.advisor.rules.api.api_rest_instead_of_http import RULE
    from generators.model import HttpApi

    design = rest(auth="jwt", cors_allow_origins=[ORIGIN])
    (finding,) = RULE.check(Graph(design))
    assert finding.fix is not None
    assert finding.saving_usd_month == 2.5
    fixed = finding.fix.apply(design)
    front = fixed.component("api")
    assert isinstance(front, HttpApi)
    assert (front.auth, front.cors_allow_origins) == ("jwt", [ORIGIN])
    assert len(fixed.outgoing("api", "routes")) == 5


def test_a_function_url_keeps_its_type_when_cors_is_fixed() -> None:
    design = change(url(), "api", cors_allow_origins=["*", ORIGIN])
    from generators.advisor.graph import Graph
    from generators.advisor.rules.api.api_cors_wildcard import RULE

    (finding,) = RULE.check(Graph(design))
    assert finding.fix is not None
    front = finding.fix.apply(design).component("api")
    assert isinstance(front, FunctionUrl)
    assert front.cors_allow_origins == [ORIGIN]
