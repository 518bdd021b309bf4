"""Designs with event contracts, built through the blueprints (the contracts are the only hand-written part)."""

from __future__ import annotations

from typing import Any

from generators.model import Design
from tests.engine.variants import build

ORDER_CREATED: dict[str, Any] = {
    "name": "order.created", "version": 1, "channel": "events", "description": "A customer placed an order",
    "fields": [
        {"name": "order_id", "type": "string", "description": "The order's id", "example": "o-1001"},
        {"name": "customer_id", "type": "string"},
        {"name": "total", "type": "number", "example": 42.5},
        {"name": "quantity", "type": "integer"},
        {"name": "gift", "type": "boolean", "required": False},
        {"name": "placed_at", "type": "timestamp"},
        {"name": "status", "type": "enum", "values": ["new", "paid"]},
        {"name": "address", "type": "object", "required": False,
         "fields": [{"name": "city", "type": "string"}, {"name": "zip", "type": "string", "required": False}]},
        {"name": "lines", "type": "list",
         "items": {"type": "object", "fields": [{"name": "sku", "type": "string"},
                                                {"name": "count", "type": "integer"}]}},
        {"name": "tags", "type": "list", "required": False, "items": {"type": "string"}},
    ],
}
ORDER_CANCELLED: dict[str, Any] = {
    "name": "order.cancelled", "channel": "events",
    "fields": [{"name": "order_id", "type": "string"}, {"name": "reason", "type": "string", "required": False}],
}
RECORD_RECEIVED: dict[str, Any] = {
    "name": "record.received", "channel": "input-queue",
    "fields": [{"name": "record_id", "type": "string"}, {"name": "amount", "type": "number"},
               {"name": "kind", "type": "enum", "values": ["sale", "refund"]}],
}


def with_contracts(design: Design, *contracts: dict[str, Any]) -> Design:
    data = design.model_dump(mode="json")
    data["contracts"] = [*data.get("contracts", []), *contracts]
    return Design.model_validate(data)


def fan_out(language: str = "python", iac: str = "sam", **options: Any) -> Design:
    return with_contracts(build("fan-out", options, language=language, iac=iac), ORDER_CREATED, ORDER_CANCELLED)


def event_processor(language: str = "python", iac: str = "sam", **options: Any) -> Design:
    design = build("event-processor", options, language=language, iac=iac)
    channel = next(c.name for c in design.components if c.kind in ("queue", "stream"))
    return with_contracts(design, {**RECORD_RECEIVED, "channel": channel})
