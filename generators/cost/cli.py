"""`python -m generators cost DESIGN_FILE [--set KEY=VALUE]...`: the monthly estimate of a design."""

from __future__ import annotations

import argparse
import json
from typing import Any

from generators.cost.estimate import Estimate, estimate
from generators.cost.prices import PRICE_REGION, PRICES, PRICES_TAKEN_ON
from generators.cost.traffic import COMPONENT_KEYS, GLOBAL_KEYS, Traffic, traffic_from_settings
from generators.model import DesignInputError


def register(subparsers: Any) -> None:
    cost = subparsers.add_parser("cost", help="estimate the monthly cost of a design file")
    cost.add_argument("design_file", metavar="DESIGN_FILE")
    cost.add_argument(
        "--set", action="append", metavar="KEY=VALUE",
        help=f"a traffic assumption: {', '.join(GLOBAL_KEYS)}; or COMPONENT.KEY with KEY one of "
             f"{', '.join(COMPONENT_KEYS)} (repeatable)",
    )
    cost.add_argument("--format", choices=("text", "json"), default="text")
    cost.set_defaults(func=cmd_cost)


def traffic_or_usage_error(settings: list[str]) -> Traffic:
    from generators.cli import UsageError

    try:
        return traffic_from_settings(settings)
    except DesignInputError as exc:
        raise UsageError(*(f"{path}: {message}" for path, message in exc.problems)) from None


def cmd_cost(args: argparse.Namespace) -> int:
    from generators.advisor import advise
    from generators.cli import UsageError, read_design_file

    design = read_design_file(args.design_file)
    traffic = traffic_or_usage_error(args.set or [])
    unknown = sorted(set(traffic.overrides) - {c.name for c in design.components})
    if unknown:
        raise UsageError(f"--set {unknown[0]}.…: no component named {unknown[0]!r} in {args.design_file}")
    result = estimate(design, traffic)
    levers = [f for f in advise(design, traffic, estimate=result) if f.saving_usd_month and not f.silenced]
    if args.format == "json":
        data = result.to_dict()
        data["cost_levers"] = [{"rule": f.rule, "component": f.component, "title": f.title,
                                "saving_usd_month": f.saving_usd_month} for f in levers]
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(render_text(result, [(f.rule, f.component or f.path or "", f.title, f.saving_usd_month or 0.0)
                                   for f in levers]))
    return 0


def render_text(result: Estimate, levers: list[tuple[str, str, str, float]] | None = None) -> str:
    t = result.traffic
    lines = [
        f"Monthly cost estimate: {result.project} ({PRICE_REGION} prices taken {PRICES_TAKEN_ON})",
        f"Assumptions: {t.requests_per_month:,.0f} requests/messages a month per entry point "
        f"({', '.join(result.volumes.entry_points) or 'none'}); {t.avg_duration_ms:g} ms per invocation unless "
        f"declared; {t.payload_kb:g} KB payloads; {t.storage_gb:g} GB per table and bucket; "
        f"{t.log_kb_per_invocation:g} KB of logs per invocation. Change them with --set KEY=VALUE.",
        "",
    ]
    for component in result.components:
        lines.append(f"{component.name} ({component.kind})".ljust(60) + f"{_usd(component.usd):>14}")
        for line in component.lines:
            lines.append(f"    {line.item}: {line.formula}  [{PRICES[line.price_key].origin}]")
        for note in component.notes:
            lines.append(f"    note: {note}")
    for line in result.credits:
        lines.append(line.item.ljust(60) + f"{_usd(line.usd):>14}")
        lines.append(f"    {line.formula}  [{PRICES[line.price_key].origin}]")
    lines.append("Total".ljust(60) + f"{_usd(result.total_usd):>14} / month")
    if levers:
        lines += ["", "Cost levers (advisor):"]
        lines += [f"  {rule:8} {where}: {title} — saves ≈ {_usd(saving)}/month"
                  for rule, where, title, saving in levers]
    lines += ["", "[seed] = price stated in the seed catalog §4.1; [aws] = AWS us-east-1 list price "
                  f"(generators/cost/prices.py, taken {PRICES_TAKEN_ON})."]
    lines += [f"Note: {note}" for note in result.notes]
    return "\n".join(lines)


def _usd(value: float) -> str:
    return f"-${-value:,.2f}" if value < 0 else f"${value:,.2f}"
