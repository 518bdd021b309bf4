"""Which event contracts each function produces and consumes (decided once, for both languages and the advisor).

A function consumes the contracts of the channel that triggers it (or of the topic or bus feeding its buffer
queue), narrowed to the event types its filter policy or rule pattern lets through; it produces the contracts of
the channels it publishes or writes to.
"""

from __future__ import annotations

from typing import Any

from generators.model import Design
from generators.model.contracts import CHANNEL_KINDS, EventContract

PRODUCER_CONNECTIONS = ("publishes", "writes")


def _contracts_on(design: Design, channel: str) -> list[EventContract]:
    return [c for c in design.contracts if c.channel == channel]


def _filtered(contracts: list[EventContract], trigger: Any) -> list[EventContract]:
    """The contracts a subscription's filter policy (`event_type`) or rule pattern (`detail-type`) lets through."""
    policy = getattr(trigger, "filter_policy", None) or {}
    pattern = getattr(trigger, "event_pattern", None) or {}
    names: list[str] = []
    for values in (policy.get("event_type"), pattern.get("detail-type")):
        if isinstance(values, list):
            names += [v for v in values if isinstance(v, str)]
    return [c for c in contracts if c.name in names] if names else contracts


def consumed_contracts(design: Design, function: str) -> list[EventContract]:
    if not design.contracts:
        return []
    found: list[EventContract] = []
    for trigger in design.incoming(function, "triggers"):
        source = design.component(trigger.source)
        if source.kind not in CHANNEL_KINDS:
            continue
        found += _filtered(_contracts_on(design, source.name), trigger)
        if source.kind == "queue":  # a buffer queue: the topic or bus that feeds it
            for feed in design.incoming(source.name, "triggers"):
                if design.component(feed.source).kind in ("topic", "event_bus"):
                    found += _filtered(_contracts_on(design, feed.source), feed)
    return list({c.name: c for c in found}.values())


def produced_contracts(design: Design, function: str) -> list[EventContract]:
    if not design.contracts:
        return []
    found: list[EventContract] = []
    for kind in PRODUCER_CONNECTIONS:
        for conn in design.outgoing(function, kind):
            found += _contracts_on(design, conn.target)
    return list({c.name: c for c in found}.values())
