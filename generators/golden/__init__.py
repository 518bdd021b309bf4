"""Golden paths: a platform team's own starting points (a design with parameters and locked settings), applied,
checked and merged here, with no Django; the portal stores their versions (apps/golden). See docs/golden-paths.md."""

from __future__ import annotations

from generators.golden.apply import (
    golden_design,
    lock_violations,
    options_model,
    parameter_problems,
    validate_values,
)
from generators.golden.merge import Conflict, Merge, merge_designs
from generators.golden.model import (
    GoldenPath,
    Lock,
    Parameter,
    golden_path_from_data,
    golden_path_to_data,
    load_golden_path,
)

__all__ = [
    "Conflict", "GoldenPath", "Lock", "Merge", "Parameter", "golden_design", "golden_path_from_data",
    "golden_path_to_data", "load_golden_path", "lock_violations", "merge_designs", "options_model",
    "parameter_problems", "validate_values",
]
