"""The `contracts` of a design: what a valid contract is, and the messages that name the bad field."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from generators.model import DesignInputError, dump_design, load_design
from generators.model.io import design_to_data
from tests.engine.contracts.designs import ORDER_CANCELLED, ORDER_CREATED, fan_out, with_contracts
from tests.engine.variants import build


def _with_field(field: dict[str, Any]) -> dict[str, Any]:
    contract = copy.deepcopy(ORDER_CANCELLED)
    contract["fields"].append(field)
    return contract


def _problems(*contracts: dict[str, Any]) -> str:
    data = design_to_data(build("fan-out", {}))
    data["contracts"] = list(contracts)
    with pytest.raises(DesignInputError) as caught:
        load_design(json.dumps(data))
    return str(caught.value)


@pytest.mark.parametrize(("case", "contracts", "expected"), [
    ("a contract on a component that does not exist", [{**ORDER_CANCELLED, "channel": "nowhere"}],
     "contracts[0].channel: no component named 'nowhere' (message channels: events)"),
    ("a contract on a function rather than a channel", [{**ORDER_CANCELLED, "channel": "billing"}],
     "'billing' is a function; a contract belongs on a message channel"),
    ("two contracts for one event type", [ORDER_CANCELLED, ORDER_CANCELLED],
     "contracts[1].name: duplicate event type 'order.cancelled'"),
    ("two event types that give one class name", [ORDER_CANCELLED, {**ORDER_CANCELLED, "name": "order-cancelled"}],
     "gives the class name 'OrderCancelled'"),
    ("a field type that does not exist", [_with_field({"name": "when", "type": "date"})],
     "contracts[0] (order.cancelled).fields[2].type: must be one of 'string'"),
    ("an enum without values", [_with_field({"name": "state", "type": "enum"})], "an enum needs 'values'"),
    ("an object without fields", [_with_field({"name": "box", "type": "object"})], "an object needs 'fields'"),
    ("a list without an item type", [_with_field({"name": "ids", "type": "list"})], "a list needs 'items'"),
    ("values on a string", [_with_field({"name": "s", "type": "string", "values": ["a"]})],
     "'values' applies to an enum only"),
    ("two fields with one name", [_with_field({"name": "order_id", "type": "string"})],
     "duplicate field names: order_id"),
    ("a field name that is not snake_case", [_with_field({"name": "OrderId", "type": "string"})],
     "(order.cancelled).fields[2].name"),
    ("a field named like a Python keyword", [_with_field({"name": "class", "type": "string"})], "is reserved"),
    ("an example of the wrong type", [_with_field({"name": "n", "type": "integer", "example": "one"})],
     "example of 'n': must be an integer"),
    ("an enum example outside the values",
     [_with_field({"name": "e", "type": "enum", "values": ["a"], "example": "b"})], "must be one of ['a']"),
    ("a contract without fields", [{**ORDER_CANCELLED, "fields": []}], "(order.cancelled).fields"),
    ("objects nested too deep", [_with_field({"name": "a", "type": "object", "fields": [
        {"name": "b", "type": "object", "fields": [{"name": "c", "type": "object", "fields": [
            {"name": "d", "type": "object", "fields": [{"name": "e", "type": "object", "fields": [
                {"name": "f", "type": "object", "fields": [{"name": "g", "type": "string"}]}]}]}]}]}]})],
     "nested more than 4 levels deep"),
])
def test_it_rejects_a_bad_contract_naming_the_field(case: str, contracts: list[dict[str, Any]], expected: str) -> None:
    assert expected in _problems(*contracts)


def test_a_design_with_contracts_round_trips_through_yaml() -> None:
    design = fan_out()

    assert load_design(dump_design(design)) == design
    assert [c.name for c in design.contracts] == ["order.created", "order.cancelled"]


def test_a_design_without_contracts_dumps_as_before() -> None:
    assert "contracts" not in design_to_data(build("fan-out", {}))


def test_a_contract_may_sit_on_a_queue_a_bus_or_a_stream() -> None:
    design = build("event-processor", {"source": "kinesis"})
    stream = design.of_kind("stream")[0].name

    assert with_contracts(design, {**ORDER_CREATED, "channel": stream}).contracts[0].channel == stream
