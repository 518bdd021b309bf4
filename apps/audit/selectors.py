"""Reading the audit log of one team, filtered. Filters are validated: a bad value names the field and the
values allowed."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet

from apps.audit.models import AuditEntry

FILTERS = ("action", "actor", "outcome", "subject", "since", "until")


@dataclass
class AuditFilter:
    values: dict[str, str] = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)


def audit_filter_clean(*, data: Any) -> AuditFilter:
    cleaned = AuditFilter()
    for name in FILTERS:
        raw = str(data.get(name, "") or "").strip()[:100]
        if not raw:
            continue
        if name == "action" and raw not in AuditEntry.Action.values:
            cleaned.problems.append(("action", f"{raw!r} is not an action; allowed: "
                                               f"{', '.join(AuditEntry.Action.values)}"))
            continue
        if name in ("since", "until"):
            try:
                date.fromisoformat(raw)
            except ValueError:
                cleaned.problems.append((name, f"{raw!r} is not a date; use YYYY-MM-DD"))
                continue
        cleaned.values[name] = raw
    return cleaned


def audit_entries(*, team_id: int, filters: dict[str, str] | None = None) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.filter(team_id=team_id)
    f = filters or {}
    if "action" in f:
        entries = entries.filter(action=f["action"])
    if "actor" in f:
        entries = entries.filter(actor_name__iexact=f["actor"])
    if "outcome" in f:
        entries = entries.filter(outcome=f["outcome"])
    if "subject" in f:
        entries = entries.filter(subject__icontains=f["subject"])
    if "since" in f:
        entries = entries.filter(created_at__date__gte=date.fromisoformat(f["since"]))
    if "until" in f:
        entries = entries.filter(created_at__date__lte=date.fromisoformat(f["until"]))
    return entries


CSV_COLUMNS = ("time", "actor", "via", "action", "subject_type", "subject_id", "subject", "target", "outcome",
               "detail")


def _cell(value: str) -> str:
    # a cell that a spreadsheet would run as a formula is quoted with a leading apostrophe (CSV injection)
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def audit_csv(*, entries: QuerySet[AuditEntry]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for e in entries.iterator():
        detail = "; ".join(f"{k}={v}" for k, v in sorted(e.detail.items())) if isinstance(e.detail, dict) else ""
        writer.writerow([_cell(str(v)) for v in (
            e.created_at.isoformat(), e.actor_name, e.via, e.action, e.subject_type, e.subject_id, e.subject,
            e.target, e.outcome, detail)])
    return out.getvalue()
