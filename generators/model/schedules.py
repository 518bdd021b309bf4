"""EventBridge Scheduler expressions: `rate(...)`, `cron(...)` (six fields) and `at(...)`.

The grammar follows the EventBridge cron reference: minutes hours day-of-month month day-of-week year, with
exactly one of day-of-month / day-of-week set to `?`.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from generators.model.messages import shown

_RATE_RE = re.compile(r"^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$")
_CRON_RE = re.compile(r"^cron\((.+)\)$")
_AT_RE = re.compile(r"^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$")

_MONTHS = "JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC"
_DAYS = "SUN|MON|TUE|WED|THU|FRI|SAT"

EXPRESSION_HELP = (
    "use rate(N minutes|hours|days), cron(minutes hours day-of-month month day-of-week year) "
    "with '?' in day-of-month or day-of-week, or at(yyyy-mm-ddThh:mm:ss); e.g. 'cron(0 8 * * ? *)'"
)


def _number_field(lo: int, hi: int, names: str = "") -> re.Pattern[str]:
    value = r"(?:\d{1,4}" + (f"|{names}" if names else "") + ")"
    atom = rf"(?:\*|{value}(?:-{value})?)(?:/\d{{1,4}})?"
    return re.compile(rf"^{atom}(?:,{atom})*$")


_FIELDS: list[tuple[str, int, int, re.Pattern[str]]] = [
    ("minutes", 0, 59, _number_field(0, 59)),
    ("hours", 0, 23, _number_field(0, 23)),
    ("day-of-month", 1, 31, re.compile(r"^(?:\?|L|W|\d{1,2}W|" + _number_field(1, 31).pattern[1:-1] + r")$")),
    ("month", 1, 12, _number_field(1, 12, _MONTHS)),
    ("day-of-week", 1, 7, re.compile(r"^(?:\?|L|\d#\d|\dL|" + _number_field(1, 7, _DAYS).pattern[1:-1] + r")$")),
    ("year", 1970, 2199, _number_field(1970, 2199)),
]


def _check_ranges(field: str, text: str, lo: int, hi: int) -> None:
    for number in re.findall(r"(?<![/#])\b\d+\b", text):
        n = int(number)
        if not lo <= n <= hi:
            raise ValueError(f"cron {field} value {n} is out of range {lo}-{hi}")


def check_schedule_expression(value: str) -> str:
    value = value.strip()
    rate = _RATE_RE.match(value)
    if rate:
        amount, unit = int(rate.group(1)), rate.group(2)
        if amount < 1:
            raise ValueError(f"rate must be at least 1, got {amount}; {EXPRESSION_HELP}")
        if (amount == 1) != (not unit.endswith("s")):
            expected = unit.rstrip("s") if amount == 1 else unit if unit.endswith("s") else unit + "s"
            raise ValueError(f"write rate({amount} {expected}) (singular unit only for 1)")
        return value
    at = _AT_RE.match(value)
    if at:
        try:
            datetime.fromisoformat(at.group(1))
        except ValueError as exc:
            raise ValueError(f"at() holds an invalid date-time: {exc}") from None
        return value
    cron = _CRON_RE.match(value)
    if not cron:
        raise ValueError(f"{shown(value)} is not a schedule expression; {EXPRESSION_HELP}")
    parts = cron.group(1).split()
    if len(parts) != 6:
        raise ValueError(f"cron needs 6 fields, got {len(parts)}; {EXPRESSION_HELP}")
    for (field, lo, hi, pattern), text in zip(_FIELDS, parts, strict=True):
        if not pattern.match(text.upper()):
            raise ValueError(f"cron {field} field {shown(text)} is not valid; {EXPRESSION_HELP}")
        if field not in ("day-of-week",) or "#" not in text:
            _check_ranges(field, text, lo, hi)
    dom, dow = parts[2], parts[4]
    if (dom == "?") == (dow == "?"):
        raise ValueError("cron needs '?' in exactly one of day-of-month and day-of-week (e.g. 'cron(0 8 * * ? *)')")
    return value


_ZONES: frozenset[str] | None = None


def timezone_names() -> list[str]:
    """The time zones a schedule may name (the schema's enum)."""
    return ["UTC", *sorted(available_timezones() - {"UTC"})]


def check_timezone(value: str) -> str:
    global _ZONES
    if value == "UTC":
        return value
    if _ZONES is None:
        _ZONES = frozenset(available_timezones())
    if value not in _ZONES:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"{shown(value)} is not an IANA time zone; use a name such as 'UTC', 'Europe/Paris' or "
                "'America/New_York'"
            ) from None
    return value
