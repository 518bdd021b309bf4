"""A bounded, fixed-seed run of the engine fuzz harness (`make fuzz` runs many more): every hostile design
document ends rendered in every target or rejected with bounded, field-named messages — no internal error, no
hang, no accepted design that then fails downstream."""

from __future__ import annotations

from tests.fuzz.harness import Case, run_case
from tests.fuzz.run import fuzz
from tests.fuzz.strategies import ALIAS_BOMB

CASES = 300


def test_a_few_hundred_fuzzed_designs_are_each_rendered_or_rejected_with_a_message() -> None:
    tally = fuzz(CASES, random_seed=0)
    assert tally.total == CASES
    assert tally.bad() == 0, tally.report()
    assert tally.counts["rendered"] > 0, tally.report()
    assert tally.counts["rejected"] > 0, tally.report()


def test_an_alias_bomb_inside_a_filter_policy_is_rejected_naming_the_alias() -> None:
    text = ("project: {name: shop}\ncomponents: [{kind: function, name: fn}, {kind: topic, name: events}]\n"
            "connections:\n  - kind: triggers\n    source: events\n    target: fn\n    filter_policy:\n"
            + "\n".join("      " + line for line in ALIAS_BOMB.splitlines()))
    result = run_case(Case("bomb", text=text))
    assert result.outcome == "rejected"
    assert "aliases" in result.detail
    assert "connections[0].filter_policy" in result.detail


def test_a_twenty_megabyte_design_is_rejected_for_its_size_before_parsing() -> None:
    text = '{"project": {"name": "x"}, "components": [' + ",".join(['{"kind": "function", "name": "fn"}'] * 600_000)
    result = run_case(Case("huge", text=text + "]}"))
    assert result.outcome == "rejected"
    assert "bytes; at most 2,000,000" in result.detail


def test_a_case_is_the_same_alone_as_inside_a_run() -> None:
    from tests.fuzz.run import draw_case

    alone = draw_case(0, 41)
    for number in range(41):  # cases drawn (and run) before it must not change it
        run_case(draw_case(0, number))
    again = draw_case(0, 41)
    assert (again.label, again.text, again.data) == (alone.label, alone.text, alone.data)
    assert draw_case(1, 41).label != alone.label or draw_case(1, 41).text != alone.text
