"""Event contracts in their exchange forms: JSON Schema draft 2020-12 export/import, sample events, and the
compatibility diff of two revisions. Pure functions over `generators.model.contracts`."""

from __future__ import annotations

from generators.contracts.diff import Change, diff_contracts
from generators.contracts.samples import invalid_samples, sample_data, sample_envelope, valid_samples
from generators.contracts.schema import ContractImportError, contract_from_schema, contract_schema

__all__ = [
    "Change", "ContractImportError", "contract_from_schema", "contract_schema", "diff_contracts",
    "invalid_samples", "sample_data", "sample_envelope", "valid_samples",
]
