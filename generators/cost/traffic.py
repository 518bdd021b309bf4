"""Traffic assumptions: how much load each entry point of a design receives.

An entry point is where load enters the design: an API or function URL (requests), a queue, topic, event
bus, stream or bucket that nothing in the design feeds (messages, events, records or objects from outside),
a schedule (its own expression). Defaults apply to every entry point; `overrides` set one component.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from generators.model.io import DesignInputError, validation_problems


class Assumptions(BaseModel):
    """Values that can be set for one component (an entry point, a function, a table or a bucket)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    requests_per_month: float | None = Field(
        default=None, ge=0, le=1e13, description="Requests, messages, events or objects entering per month"
    )
    avg_duration_ms: float | None = Field(
        default=None, gt=0, le=900000, description="Average Lambda invocation duration (ms)"
    )
    payload_kb: float | None = Field(
        default=None, gt=0, le=6144, description="Average request, message, event or item size (KB)"
    )
    storage_gb: float | None = Field(default=None, ge=0, le=1e7, description="Data stored per table or bucket (GB)")


class Traffic(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    requests_per_month: float = Field(
        default=1_000_000, ge=0, le=1e13, description="Requests, messages, events or objects per entry point"
    )
    avg_duration_ms: float = Field(
        default=100, gt=0, le=900000,
        description="Average Lambda duration (ms) unless the function declares workload.expected_duration_s",
    )
    payload_kb: float = Field(default=2, gt=0, le=6144, description="Average request/message/item size (KB)")
    storage_gb: float = Field(default=1, ge=0, le=1e7, description="Data stored per table and bucket (GB)")
    log_kb_per_invocation: float = Field(
        default=1, ge=0, le=10240, description="CloudWatch Logs written per Lambda invocation (KB)"
    )
    authorizer_cache_ratio: float = Field(
        default=0.8, ge=0, le=1, description="Share of requests answered from a cached Lambda authorizer result"
    )
    free_tier: bool = Field(
        default=True, description="Subtract the Lambda free tier (account-wide: 1M requests, 400,000 GB-s)"
    )
    overrides: dict[str, Assumptions] = Field(default_factory=dict, description="Per-component assumptions")

    def for_component(self, name: str) -> Assumptions:
        return self.overrides.get(name) or _EMPTY

    def requests(self, name: str) -> float:
        value = self.for_component(name).requests_per_month
        return self.requests_per_month if value is None else value

    def payload(self, name: str) -> float:
        value = self.for_component(name).payload_kb
        return self.payload_kb if value is None else value

    def storage(self, name: str) -> float:
        value = self.for_component(name).storage_gb
        return self.storage_gb if value is None else value

    def duration_ms(self, name: str) -> float:
        value = self.for_component(name).avg_duration_ms
        return self.avg_duration_ms if value is None else value


_EMPTY = Assumptions()
GLOBAL_KEYS = tuple(k for k in Traffic.model_fields if k != "overrides")
COMPONENT_KEYS = tuple(Assumptions.model_fields)


def traffic_from_settings(settings: list[str], base: Traffic | None = None) -> Traffic:
    """Build assumptions from `KEY=VALUE` strings (`requests_per_month=5e6`, `api.requests_per_month=2e6`).

    Raises DesignInputError naming the bad setting and the allowed keys."""
    values: dict[str, Any] = (base or Traffic()).model_dump()
    overrides: dict[str, dict[str, Any]] = {
        name: a.model_dump(exclude_none=True) for name, a in (base or Traffic()).overrides.items()
    }
    for setting in settings:
        key, sep, raw = setting.partition("=")
        key = key.strip()
        if not sep or not key:
            raise DesignInputError([("--set", f"{setting!r} is not KEY=VALUE (e.g. requests_per_month=5000000)")])
        component, dot, field = key.rpartition(".")
        if dot:
            if field not in COMPONENT_KEYS:
                raise DesignInputError([(f"--set {key}", f"unknown per-component key {field!r}; allowed: "
                                                         f"{', '.join(COMPONENT_KEYS)}")])
            overrides.setdefault(component, {})[field] = raw.strip()
        elif key in GLOBAL_KEYS:
            values[key] = raw.strip()
        else:
            raise DesignInputError([(f"--set {key}", f"unknown key; allowed: {', '.join(GLOBAL_KEYS)}, or "
                                                     f"COMPONENT.KEY with KEY one of {', '.join(COMPONENT_KEYS)}")])
    values["overrides"] = overrides
    try:
        return Traffic.model_validate(values)
    except ValidationError as exc:
        problems = [(f"--set {path}", message) for path, message in validation_problems(exc, values)]
        raise DesignInputError(problems) from None
