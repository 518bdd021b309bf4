"""advise(): order, silencing, purity, and the design built to break the issue's rules."""

from __future__ import annotations

import pytest

from generators.advisor import active, advise, apply_fixes, count
from generators.model import Silence
from generators.model.io import design_to_data
from tests.engine.advisor.broken import EXPECTED, broken_design
from tests.engine.advisor.scenarios import bp, change


def silenced(design, *silences: Silence):  # type: ignore[no-untyped-def]
    draft = design.model_copy(deep=True)
    draft.silenced[:] = list(silences)
    return draft


def test_a_design_built_to_break_the_rules_reports_every_one_with_a_hint() -> None:
    findings = advise(broken_design())
    reported = {(f.rule, f.component or f.path) for f in findings}
    for rule, where in EXPECTED.items():
        assert (rule, where) in reported, f"{rule} not reported on {where}"
    assert all(f.hint and f.message for f in findings)


def test_applying_the_fixes_leaves_no_errors_and_no_fixable_warnings() -> None:
    fixed = apply_fixes(broken_design())
    remaining = [f for f in active(advise(fixed)) if f.severity in ("error", "warning")]
    assert count(remaining, "error") == 0, [f.message for f in remaining if f.severity == "error"]
    assert all(f.fix is None for f in remaining), [f.rule for f in remaining]
    # CORS '*': only the team knows its frontend origin; SNS-06: only the team knows which key mailer should filter on
    assert [f.rule for f in remaining] == ["API-01", "SNS-06"]


def test_findings_come_errors_first_in_a_stable_order() -> None:
    findings = advise(broken_design())
    ranks = [("error", "warning", "info").index(f.severity) for f in findings]
    assert ranks == sorted(ranks)
    again = advise(broken_design())
    assert [(f.rule, f.path, f.message) for f in findings] == [(f.rule, f.path, f.message) for f in again]


def test_advise_and_fixes_never_change_their_input() -> None:
    design = broken_design()
    before = design_to_data(design)
    for finding in advise(design):
        if finding.fix is not None:
            finding.fix.apply(design)
    assert design_to_data(design) == before


def test_a_silenced_rule_is_kept_but_not_active_with_its_reason() -> None:
    design = silenced(bp("api", front_door="function-url", auth="none"),
                      Silence(rule="API-06", reason="Public webhook; the handler checks the signature"))
    (finding,) = [f for f in advise(design) if f.rule == "API-06"]
    assert finding.silenced
    assert finding.silence_reason == "Public webhook; the handler checks the signature"
    assert not [f for f in active(advise(design)) if f.rule == "API-06"]


def test_a_silence_for_one_component_leaves_the_others_active() -> None:
    design = change(bp("fan-out"), "billing", on_failure_dlq=False)
    design = change(design, "shipping", on_failure_dlq=False)
    design = silenced(design, Silence(rule="FN-23", component="billing", reason="Billing replays from the ledger"))
    states = {f.component: f.silenced for f in advise(design) if f.rule == "FN-23"}
    assert states == {"billing": True, "shipping": False}


def test_rules_with_digits_in_their_prefix_can_be_silenced() -> None:
    assert Silence(rule="S3-01", reason="Writes go to processed/, outside the trigger's prefix").rule == "S3-01"


@pytest.mark.parametrize("blueprint", ["api", "event-processor", "fan-out", "workflow", "scheduled-job"])
def test_cost_lever_findings_carry_a_saving_and_errors_do_not(blueprint: str) -> None:
    design = bp(blueprint, project={"architecture": "x86_64"})
    findings = advise(design)
    levers = [f for f in findings if f.rule == "FN-07"]
    assert levers
    assert all(f.saving_usd_month is not None and f.saving_usd_month >= 0 for f in levers)
    assert all(f.saving_usd_month is None for f in findings if f.severity == "error")


def test_the_fixed_design_renders_a_project_that_passes_the_validators(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.engine.projects import check_python_project, write_project
    from tests.engine.validators import cfn_lint_problems, sam_transform

    project = write_project(apply_fixes(broken_design()), tmp_path / "project")
    template = (project / "template.yaml").read_text()
    assert cfn_lint_problems(template) == []
    assert cfn_lint_problems(sam_transform(template)) == []
    assert check_python_project(project) == []
