"""Monthly cost estimate of a design: traffic assumptions x the price table (generators/cost/prices.py)."""

from __future__ import annotations

from generators.cost.estimate import ComponentCost, Estimate, Line, estimate
from generators.cost.prices import PRICES, PRICES_TAKEN_ON, Price
from generators.cost.traffic import Assumptions, Traffic, traffic_from_settings

__all__ = [
    "PRICES", "PRICES_TAKEN_ON", "Assumptions", "ComponentCost", "Estimate", "Line", "Price", "Traffic", "estimate",
    "traffic_from_settings",
]
