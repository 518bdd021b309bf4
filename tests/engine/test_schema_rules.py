"""The JSON Schema served for designs (`python -m generators schema`, the API's OpenAPI document, MCP) carries the
model's real rules: a document the schema says is valid is accepted by the model (unless it breaks one of the few
rules between fields that JSON Schema cannot say), and one it says is invalid is rejected, naming the field."""

from __future__ import annotations

import copy
import random
from typing import Any

import jsonschema
import pytest
from hypothesis.control import BuildContext
from hypothesis.internal.conjecture.data import ConjectureData

from generators.model import DesignInputError, design_json_schema
from generators.model.io import design_from_data
from tests.fuzz.run import _Provider
from tests.fuzz.strategies import _from_schema

SCHEMA = design_json_schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)

BASE: dict[str, Any] = {
    "project": {"name": "shop", "description": "A shop", "region": "eu-west-1", "tags": {"team": "orders"},
                "environments": [{"name": "dev", "log_retention_days": 7, "log_level": "DEBUG"}]},
    "components": [{"kind": "function", "name": "worker", "memory_mb": 512},
                   {"kind": "queue", "name": "jobs"}, {"kind": "bucket", "name": "files"},
                   {"kind": "http_api", "name": "api", "cors_allow_origins": ["https://app.example.com"]},
                   {"kind": "function", "name": "web"}],
    "connections": [{"kind": "triggers", "source": "jobs", "target": "worker", "batch_size": 10},
                    {"kind": "routes", "source": "api", "target": "web", "path": "/jobs"}],
}


def _with(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    document = copy.deepcopy(BASE)
    node: Any = document
    for part in path[:-1]:
        node = node[part]
    if value is _DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return document


_DELETE = object()

# (rule, path, a value the rule allows, a value it refuses, the field the model names)
RULES = [
    ("name pattern", ("components", 2, "name"), "order-files", "Order_Files", "components[2]"),
    ("name length", ("components", 2, "name"), "f" * 40, "f" * 41, "components[2]"),
    ("project name pattern", ("project", "name"), "my-shop2", "2shop", "project.name"),
    ("range", ("components", 0, "memory_mb"), 10240, 10241, "components[0] (worker).memory_mb"),
    ("range (low)", ("connections", 0, "batch_size"), 1, 0, "connections[0].batch_size"),
    ("enum", ("project", "language"), "typescript", "cobol", "project.language"),
    ("region", ("project", "region"), "ap-south-2", "mars-north-1", "project.region"),
    ("log retention", ("project", "environments", 0, "log_retention_days"), 0, 8,
     "project.environments[0].log_retention_days"),
    ("tag key", ("project", "tags"), {"cost-centre": "42"}, {"aws:owner": "x"}, "project.tags"),
    ("tag value", ("project", "tags"), {"team": "o" * 256}, {"team": "o" * 257}, "project.tags"),
    ("description", ("project", "description"), "Orders 😀 & refunds", "costs ${AWS::Region}", "project.description"),
    ("description control characters", ("components", 1, "description"), "jobs", "a\tb", "components[1] (jobs)"),
    ("component kind required", ("components", 1, "kind"), "queue", _DELETE, "components[1].kind"),
    ("connection kind required", ("connections", 0, "kind"), "triggers", _DELETE, "connections[0].kind"),
    ("CORS origin", ("components", 3, "cors_allow_origins"), ["*"], ["app.example.com"], "components[3] (api)"),
    ("environment variable names", ("components", 0, "environment"), {"TABLE_NAME": "x"}, {"AWS_REGION": "x"},
     "components[0] (worker).environment"),
    ("route path", ("connections", 1, "path"), "/a/{id}", "a b", "connections[1].path"),
    ("unknown field", ("components", 0, "colour"), _DELETE, "red", "components[0] (worker).colour"),
]


def test_the_base_document_is_valid_for_both() -> None:
    assert VALIDATOR.is_valid(BASE)
    design_from_data(copy.deepcopy(BASE))


@pytest.mark.parametrize(("rule", "path", "allowed", "refused", "field"), RULES, ids=[r[0] for r in RULES])
def test_schema_and_model_agree_on(rule: str, path: tuple[Any, ...], allowed: Any, refused: Any,
                                   field: str) -> None:
    good = _with(path, allowed) if allowed is not _DELETE else copy.deepcopy(BASE)
    assert VALIDATOR.is_valid(good), [e.message for e in VALIDATOR.iter_errors(good)]
    design_from_data(good)
    bad = _with(path, refused)
    assert not VALIDATOR.is_valid(bad), f"the schema allows {rule} = {refused!r}"
    with pytest.raises(DesignInputError) as caught:
        design_from_data(bad)
    assert field in str(caught.value), str(caught.value)


# Rules between fields (or formats checked by code) that JSON Schema cannot say; a schema-valid document may still
# be refused for these, always with a message naming the field
CROSS_FIELD = ("environment names must be unique", "must differ from every component name",
               "is not a schedule expression",
               "must route to exactly one function", "duplicate component name", "duplicate step name",
               "is not a function in this design", "must name a later step", "must be less than timeout_s",
               "connection from a", "is not a component",
               # durable function operations (generators/model/durable.py)
               "step needs a target", "apply to steps only", "needs at least one branch",
               "apply to parallel operations only", "branch names must be unique",
               "operation and branch names must be unique",
               # filter patterns (free JSON): lone surrogates and nested keys over 256 characters, which the loader
               # refuses at any depth and JSON Schema cannot say
               "contains a lone surrogate", "characters; at most 256")


def test_schema_valid_documents_are_accepted_or_refused_only_for_rules_between_fields() -> None:
    component = SCHEMA["properties"]["components"]["items"]
    accepted = refused = 0
    for number in range(600):
        data = ConjectureData(random=random.Random(number), provider=_Provider)
        with BuildContext(data, wrapped_test=lambda: None):
            document = {"project": _from_schema(SCHEMA["$defs"]["Project"], data.draw, 1, ""),
                        "components": [_from_schema(component, data.draw, 1, "")]}
        if not VALIDATOR.is_valid(document):
            continue
        try:
            design_from_data(document)
            accepted += 1
        except DesignInputError as exc:
            for _, message in exc.problems:
                assert any(rule in message for rule in CROSS_FIELD), (document, message)
            refused += 1
    assert accepted >= 100, (accepted, refused)
