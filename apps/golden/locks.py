"""The lock check every save of a design goes through (`apps.designs.services`): a design made from a golden
path keeps the path's locked settings; a change to one is refused with the reason the platform team gave."""

from __future__ import annotations

from apps.golden.selectors import golden_source_of, version_document
from generators.golden import lock_violations
from generators.model import Design


def golden_lock_problems(*, design_id: int | None, design: Design) -> list[tuple[str, str]]:
    source = golden_source_of(design_id=design_id)
    if source is None:
        return []
    return lock_violations(version_document(source.version), design)
