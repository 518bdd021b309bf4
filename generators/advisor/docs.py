"""The rules reference, docs/advisor-rules.md, generated from the registry.

Regenerate it with `python -m generators.advisor.docs` (a test fails when the file is out of date).
"""

from __future__ import annotations

import sys
from pathlib import Path

from generators.advisor.registry import ALL_RULES
from generators.advisor.rule import AREAS

DOC_PATH = Path(__file__).resolve().parents[2] / "docs" / "advisor-rules.md"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").replace("<", "&lt;").replace(">", "&gt;")


def render() -> str:
    counts = {s: sum(1 for r in ALL_RULES if r.severity == s) for s in ("error", "warning", "info")}
    lines = [
        "# Advisor rules",
        "",
        "<!-- Generated from generators/advisor/registry.py by `python -m generators.advisor.docs`; do not edit. -->",
        "",
        f"{len(ALL_RULES)} rules ({counts['error']} errors, {counts['warning']} warnings, {counts['info']} info), "
        "each decided from the design alone. Ids and sources are those of the seed catalog §2; *error* breaks at "
        "deploy or run time or loses data, *warning* misses a best practice with real risk, *info* is a cost, "
        "performance or operability improvement (cost levers show an estimated monthly saving).",
        "",
        "Silence a finding in the design, with the reason kept next to it:",
        "",
        "```yaml",
        "silenced:",
        "  - rule: API-06",
        "    component: webhook",
        "    reason: Public webhook; the handler verifies the provider's signature",
        "```",
        "",
    ]
    for area, title in AREAS.items():
        rules = [r for r in ALL_RULES if r.area == area]
        if not rules:
            continue
        lines += [f"## {title}", "", "| id | title | severity | what it checks | fix | source |",
                  "|---|---|---|---|---|---|"]
        for r in rules:
            lines.append(f"| {r.id} | {_cell(r.title)} | {r.severity} | {_cell(r.checks)} | "
                         f"{_cell(r.fix) if r.fix else '—'} | {_cell(r.source)} |")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    text = render()
    if args == ["--check"]:
        current = DOC_PATH.read_text(encoding="utf-8") if DOC_PATH.exists() else ""
        if current != text:
            print(f"{DOC_PATH} is out of date; run: python -m generators.advisor.docs", file=sys.stderr)
            return 1
        return 0
    DOC_PATH.parent.mkdir(parents=True, exist_ok=True)
    DOC_PATH.write_text(text, encoding="utf-8")
    print(f"wrote {DOC_PATH} ({len(ALL_RULES)} rules)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
