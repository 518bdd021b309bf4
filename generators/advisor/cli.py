"""`python -m generators check DESIGN_FILE` and `python -m generators rules`.

`check` exits 1 when an active (not silenced) error finding remains, 2 on bad input, 0 otherwise.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from generators.advisor.engine import advise, count
from generators.advisor.finding import Finding
from generators.advisor.registry import ALL_RULES

EXIT_OK, EXIT_ERRORS = 0, 1


def register(subparsers: Any) -> None:
    check = subparsers.add_parser("check", help="check a design file against the advisor's best-practice rules")
    check.add_argument("design_file", metavar="DESIGN_FILE")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--set", action="append", metavar="KEY=VALUE",
                       help="a traffic assumption for the estimated savings (see `cost`), repeatable")
    check.set_defaults(func=cmd_check)
    rules = subparsers.add_parser("rules", help="list the advisor's rules")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    rules.set_defaults(func=cmd_rules)


def cmd_check(args: argparse.Namespace) -> int:
    from generators.cli import read_design_file
    from generators.cost.cli import traffic_or_usage_error

    design = read_design_file(args.design_file)
    traffic = traffic_or_usage_error(args.set or [])
    findings = advise(design, traffic)
    errors = count(findings, "error")
    if args.format == "json":
        print(json.dumps({
            "design": design.project.name,
            "summary": {"error": errors, "warning": count(findings, "warning"), "info": count(findings, "info"),
                        "silenced": sum(1 for f in findings if f.silenced)},
            "findings": [f.to_dict() for f in findings],
        }, indent=2, ensure_ascii=False))
    else:
        print(render_text(design.project.name, findings))
    return EXIT_ERRORS if errors else EXIT_OK


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 or word == "info" else f"{n} {word}s"


def render_text(name: str, findings: list[Finding]) -> str:
    active = [f for f in findings if not f.silenced]
    silenced = [f for f in findings if f.silenced]
    summary = ", ".join(_plural(count(findings, s), s) for s in ("error", "warning", "info"))
    lines = [f"{name}: {summary}" + (f" ({len(silenced)} silenced)" if silenced else "")]
    for f in active:
        where = f.component or f.path or "design"
        lines.append("")
        lines.append(f"{f.severity.upper():8} {f.rule:8} {where}: {f.title}" + (f"  [{f.edge}]" if f.edge else ""))
        lines.append(f"         {f.message}")
        lines.append(f"         hint: {f.hint}")
        if f.fix is not None:
            lines.append(f"         fix:  {f.fix.description}")
        if f.saving_usd_month:
            lines.append(f"         saves ≈ ${f.saving_usd_month:,.2f}/month at the assumed traffic")
    if silenced:
        lines += ["", "Silenced:"]
        lines += [f"  {f.rule:8} {f.component or f.path or 'design'}: {f.silence_reason}" for f in silenced]
    if not active:
        lines += ["", "No findings." if not silenced else "No active findings."]
    return "\n".join(lines)


def cmd_rules(args: argparse.Namespace) -> int:
    if args.format == "json":
        print(json.dumps([
            {"id": r.id, "title": r.title, "severity": r.severity, "area": r.area, "checks": r.checks,
             "fix": r.fix, "source": r.source} for r in ALL_RULES
        ], indent=2, ensure_ascii=False))
        return EXIT_OK
    for r in ALL_RULES:
        print(f"{r.id:8} {r.severity:8} {r.title}")
    print(f"\n{len(ALL_RULES)} rules; details in docs/advisor-rules.md or with --format json.")
    return EXIT_OK
