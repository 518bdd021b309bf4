"""Prompts both MCP servers offer: the usual tasks, written as the steps an assistant should take with the tools."""

from __future__ import annotations

from typing import Any


def design_event_processor(what: str, source: str = "sqs") -> str:
    """Design an event processor: what it should do with the events and where they come from."""
    return (
        f"Design a serverless event processor that {what}. Its events come from {source}.\n\n"
        "1. Call list_project_types and read the options of the `event-processor` project type.\n"
        "2. Choose the options that fit (source, batch size, idempotency, partial batch failures …) and call "
        "create_design with blueprint `event-processor`, a short lowercase project name and those options.\n"
        "3. Call check_design. For every error or warning that has a fix, call apply_fix; explain the others.\n"
        "4. Call estimate_cost and report the monthly total and its largest lines.\n"
        "5. Call list_files and read the handler and the template; summarise what was generated.")


def review_design(design: str) -> str:
    """Review an existing design: findings, fixes, cost."""
    return (
        f"Review the design {design}.\n\n"
        "1. Call check_design and group the findings by severity.\n"
        "2. Propose which fixes to apply (apply_fix) and why; do not apply them until asked.\n"
        "3. Call estimate_cost and point out the biggest cost drivers and any cost finding with a saving.")


def import_and_improve(template: str) -> str:
    """Bring an existing SAM/CloudFormation template into the designer and improve it."""
    return (
        f"Import the template {template} and improve it.\n\n"
        "1. Call import_template with it. Read the report: which resources became typed components, which were "
        "kept verbatim and why, and which relationships could not be recovered as connections.\n"
        "2. Call check_design; apply the fixes that are safe (apply_fix) and explain the rest.\n"
        "3. Call estimate_cost and list_files; summarise what the generated project adds to the original "
        "(tests, CI, alarms, least-privilege policies).")


def register(server: Any) -> None:
    server.prompt(name="design_event_processor", title="Design an event processor")(design_event_processor)
    server.prompt(name="review_design", title="Review a design")(review_design)
    server.prompt(name="import_and_improve", title="Import and improve a template")(import_and_improve)
