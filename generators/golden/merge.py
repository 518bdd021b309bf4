"""Three-way merge of designs, for upgrading a design made from an older version of a golden path.

base = the old version with the user's parameters, theirs = the new version with the same parameters, mine = the
user's current design. What only one side changed is taken from that side; what both changed the same way is
kept; what both changed differently is a conflict, resolved per path with "mine" or "theirs". Lists of named
items (components, connections, environments …) merge item by item by name, so an added component on one side
and a changed setting on the other both survive. Locked settings are always the new version's.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from generators.golden.model import GoldenPath
from generators.golden.paths import MISSING, child, covers, keyed
from generators.model import Design, DesignInputError
from generators.model.io import design_from_data, design_to_data

Side = Literal["mine", "theirs"]


@dataclass(frozen=True)
class Conflict:
    path: str
    base: Any
    mine: Any
    theirs: Any
    resolution: Side | None = None

    def as_dict(self) -> dict[str, Any]:
        def shown(value: Any) -> Any:
            return None if value is MISSING else value

        return {"path": self.path, "base": shown(self.base), "mine": shown(self.mine), "theirs": shown(self.theirs),
                "mine_removed": self.mine is MISSING, "theirs_removed": self.theirs is MISSING,
                "resolution": self.resolution}


@dataclass
class Merge:
    data: dict[str, Any]
    conflicts: list[Conflict] = field(default_factory=list)
    locked: list[str] = field(default_factory=list)  # locked settings set to the new version's value
    problems: list[tuple[str, str]] = field(default_factory=list)  # the merged design does not validate
    design: Design | None = None

    @property
    def unresolved(self) -> list[Conflict]:
        return [c for c in self.conflicts if c.resolution is None]

    @property
    def ok(self) -> bool:
        return self.design is not None and not self.unresolved


def _merge(base: Any, mine: Any, theirs: Any, path: str, out: list[Conflict],
           resolutions: Mapping[str, Side], locked: tuple[str, ...]) -> Any:
    if mine == theirs:
        return mine
    if base == mine:
        return theirs
    if base == theirs:
        return mine
    if path and any(covers(lock, path) for lock in locked):
        return theirs
    if isinstance(mine, dict) and isinstance(theirs, dict) and isinstance(base, dict | type(MISSING)):
        base_map = base if isinstance(base, dict) else {}
        merged: dict[str, Any] = {}
        for key in [*mine, *(k for k in theirs if k not in mine)]:
            value = _merge(base_map.get(key, MISSING), mine.get(key, MISSING), theirs.get(key, MISSING),
                           child(path, key), out, resolutions, locked)
            if value is not MISSING:
                merged[key] = value
        return merged
    if isinstance(mine, list) and isinstance(theirs, list) and isinstance(base, list | type(MISSING)):
        base_items, mine_items, their_items = keyed(base if isinstance(base, list) else []), keyed(mine), keyed(theirs)
        if base_items is not None and mine_items is not None and their_items is not None:
            result = []
            for key in [*mine_items, *(k for k in their_items if k not in mine_items)]:
                value = _merge(base_items.get(key, MISSING), mine_items.get(key, MISSING),
                               their_items.get(key, MISSING), child(path, key, select=True), out, resolutions,
                               locked)
                if value is not MISSING:
                    result.append(value)
            return result
    resolution = resolutions.get(path)
    out.append(Conflict(path, copy.deepcopy(base), copy.deepcopy(mine), copy.deepcopy(theirs), resolution))
    return theirs if resolution == "theirs" else mine


def merge_designs(base: Design, mine: Design, theirs: Design, *, new_version: GoldenPath | None = None,
                  resolutions: Mapping[str, Side] | None = None) -> Merge:
    """Merge the user's design (`mine`) with the new version (`theirs`) since `base`. An unresolved conflict keeps
    mine's value in `data` (so the page can show a result) and is listed in `conflicts`."""
    locked = tuple(lock.path for lock in new_version.locked) if new_version else ()
    conflicts: list[Conflict] = []
    data = _merge(design_to_data(base), design_to_data(mine), design_to_data(theirs), "", conflicts,
                  resolutions or {}, locked)
    result = Merge(data=data, conflicts=conflicts)
    if new_version is not None:
        from generators.golden.apply import apply_locks

        result.locked = apply_locks(new_version, data)
    try:
        result.design = design_from_data(data)
    except DesignInputError as exc:
        result.problems = list(exc.problems)
    return result
