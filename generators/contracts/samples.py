"""Sample events derived from a contract: valid ones, and one invalid one per required field left out."""

from __future__ import annotations

from typing import Any

from generators.model.contracts import ContractField, EventContract, TypeSpec

SAMPLE_TIME = "2025-01-15T09:30:00Z"
SAMPLE_EVENT_ID = "6f1c1d7e-2b1a-4c53-9d55-0a1e7d6c4b10"
SAMPLE_CORRELATION_ID = "sample-correlation-id"


def sample_value(spec: TypeSpec, name: str, *, only_required: bool = False) -> Any:
    if isinstance(spec, ContractField) and spec.example is not None:
        return spec.example
    kind = spec.type
    if kind == "string":
        return f"sample-{name.replace('_', '-')}"
    if kind == "integer":
        return 1
    if kind == "number":
        return 1.5
    if kind == "boolean":
        return True
    if kind == "timestamp":
        return SAMPLE_TIME
    if kind == "enum":
        return (spec.values or ["unknown"])[0]
    if kind == "list":
        assert spec.items is not None
        return [sample_value(spec.items, name, only_required=only_required)]
    return sample_data(spec.fields or [], only_required=only_required)


def sample_data(fields: list[ContractField], *, only_required: bool = False) -> dict[str, Any]:
    return {f.name: sample_value(f, f.name, only_required=only_required)
            for f in fields if f.required or not only_required}


def sample_envelope(contract: EventContract, data: dict[str, Any], producer: str) -> dict[str, Any]:
    return {
        "metadata": {
            "id": SAMPLE_EVENT_ID,
            "type": contract.name,
            "version": str(contract.version),
            "timestamp": SAMPLE_TIME,
            "source": producer,
            "correlationId": SAMPLE_CORRELATION_ID,
        },
        "data": data,
    }


def valid_samples(contract: EventContract, producer: str) -> dict[str, dict[str, Any]]:
    """fixture name -> a valid event: every field set, and (when some are optional) only the required ones."""
    samples = {"valid-full": sample_envelope(contract, sample_data(contract.fields), producer)}
    if any(not f.required for f in contract.fields):
        samples["valid-required-only"] = sample_envelope(
            contract, sample_data(contract.fields, only_required=True), producer)
    return samples


def invalid_samples(contract: EventContract, producer: str) -> dict[str, dict[str, Any]]:
    """fixture name -> an event that misses one required field (of the data, or of the envelope)."""
    samples: dict[str, dict[str, Any]] = {}
    full = sample_data(contract.fields)
    for field in contract.fields:
        if field.required:
            data = {k: v for k, v in full.items() if k != field.name}
            samples[f"invalid-missing-{field.name.replace('_', '-')}"] = sample_envelope(contract, data, producer)
    envelope = sample_envelope(contract, full, producer)
    del envelope["metadata"]["id"]
    samples["invalid-missing-metadata-id"] = envelope
    return samples
