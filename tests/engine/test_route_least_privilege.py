"""Least privilege per route: each API function gets, on the data table, exactly the DynamoDB actions of the
operations its routes serve (list → Query, get → GetItem, create → PutItem, update → UpdateItem, delete →
DeleteItem), and a router serving every route gets their union. Every create/update/delete function used to get
the same write actions, dynamodb:DeleteItem included.

Read from what is deployed: the SAM template after the transform, and the stack `cdk synth` writes (cdk-nag
clean), in all four targets; the expected actions come from the design's routes, not from the plan under test."""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest

from generators.model import Design, FunctionUrl, Routes
from generators.model.names import pascal
from tests.engine.api_templates import (
    CDK_BATCH,
    TARGETS,
    as_list,
    cdk_templates,
    design,
    of_type,
    references,
    role_statements,
    sam_template,
)

ACTIONS = {"list": "dynamodb:Query", "get": "dynamodb:GetItem", "create": "dynamodb:PutItem",
           "update": "dynamodb:UpdateItem", "delete": "dynamodb:DeleteItem"}
ORIGINS = ["https://app.example.com"]
SAM_VARIANTS: list[dict[str, Any]] = [
    *[{"front_door": door, "handler_style": style, "auth": auth}
      for door, style, auth in itertools.product(("rest-api", "http-api"), ("router", "function-per-route"),
                                                 ("none", "iam", "jwt", "lambda-authorizer"))],
    *[{"front_door": "function-url", "auth": auth} for auth in ("none", "iam")],
    *[{**options, "cors_allow_origins": ORIGINS} for options in CDK_BATCH if "cors_allow_origins" not in options],
    *CDK_BATCH,
]
SAM_VARIANTS = [v for i, v in enumerate(SAM_VARIANTS) if v not in SAM_VARIANTS[:i]]
CASES = [(target, options) for target in TARGETS[:2] for options in SAM_VARIANTS]
CASES += [(target, options) for target in TARGETS[2:] for options in CDK_BATCH]


def _ident(target: str, options: dict[str, Any]) -> str:
    parts = [f"{k}={v}" if isinstance(v, str) else k for k, v in options.items()]
    return f"{target}-" + ",".join(parts)


def _operation(route: Routes) -> str:
    segments = [s for s in route.path.split("/") if s]
    return {("GET", 1): "list", ("POST", 1): "create", ("GET", 2): "get", ("PUT", 2): "update",
            ("DELETE", 2): "delete"}[(route.method, len(segments))]


def expected_actions(design: Design) -> dict[str, set[str]]:
    """function name -> the DynamoDB actions its routes need (from the routes' methods and paths)."""
    expected: dict[str, set[str]] = {f.name: set() for f in design.functions()}
    for conn in design.connections:
        if not isinstance(conn, Routes):
            continue
        if isinstance(design.component(conn.source), FunctionUrl):  # the router serves every operation
            expected[conn.target] |= set(ACTIONS.values())
        else:
            expected[conn.target].add(ACTIONS[_operation(conn)])
    return expected


def _function_resource(resources: dict[str, Any], function: str) -> dict[str, Any]:
    """A design function's Lambda function: logical id = its name in PascalCase (CDK appends an 8-hex hash)."""
    pattern = re.compile(rf"{re.escape(pascal(function))}(?:[0-9A-F]{{8}})?")
    [found] = [r for name, r in of_type(resources, "AWS::Lambda::Function") if pattern.fullmatch(name)]
    return found


def table_actions(resources: dict[str, Any], function: str) -> tuple[set[str], set[str]]:
    """(DynamoDB actions the function's role may run on the data table, DynamoDB actions on anything else)."""
    [table] = [name for name, _ in of_type(resources, "AWS::DynamoDB::Table")]
    [role] = references(_function_resource(resources, function)["Properties"]["Role"])
    on_table: set[str] = set()
    elsewhere: set[str] = set()
    for statement in role_statements(resources, role):
        actions = {a for a in as_list(statement["Action"]) if a.startswith("dynamodb:")}
        if table in references(statement["Resource"]):
            on_table |= actions
        else:
            elsewhere |= actions
    return on_table, elsewhere


def _template(target: str, options: dict[str, Any]) -> dict[str, Any]:
    if target.startswith("sam-"):
        return sam_template(target, options)
    return cdk_templates(target)[CDK_BATCH.index(options)]


@pytest.mark.parametrize(("target", "options"), CASES, ids=[_ident(t, o) for t, o in CASES])
def test_each_route_function_gets_exactly_its_operations_actions(target: str, options: dict[str, Any]) -> None:
    index = CDK_BATCH.index(options) if target.startswith("cdk-") else 0
    resources = _template(target, options)["Resources"]
    expected = expected_actions(design(target, options, index))
    assert any(expected.values())
    for function, actions in expected.items():
        on_table, elsewhere = table_actions(resources, function)
        assert (function, on_table) == (function, actions)
        assert elsewhere == set(), function
        if "dynamodb:DeleteItem" not in actions:
            assert "dynamodb:DeleteItem" not in on_table, f"{function} may delete items without a delete route"
