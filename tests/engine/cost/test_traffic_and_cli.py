"""Traffic assumptions from --set, and `python -m generators cost`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generators.cli import main
from generators.cost import traffic_from_settings
from generators.cost.prices import PRICES, PRICES_TAKEN_ON
from generators.model import DesignInputError, dump_design
from tests.engine.advisor.scenarios import bp

BLUEPRINTS = ("api", "event-processor", "fan-out", "workflow", "scheduled-job")


def test_settings_set_defaults_and_per_component_values() -> None:
    traffic = traffic_from_settings(["requests_per_month=5e6", "api.requests_per_month=2000000",
                                     "free_tier=false", "data-table.storage_gb=40"])
    assert traffic.requests_per_month == 5_000_000
    assert not traffic.free_tier
    assert traffic.requests("api") == 2_000_000
    assert traffic.requests("other") == 5_000_000
    assert traffic.storage("data-table") == 40
    assert traffic.storage("other") == 1


@pytest.mark.parametrize(("setting", "message"), [
    ("speed=3", "unknown key"),
    ("api.speed=3", "unknown per-component key 'speed'"),
    ("requests_per_month", "is not KEY=VALUE"),
    ("requests_per_month=-5", "greater than or equal to 0"),
    ("payload_kb=lots", "valid number"),
])
def test_bad_settings_name_the_setting(setting: str, message: str) -> None:
    with pytest.raises(DesignInputError) as caught:
        traffic_from_settings([setting])
    assert any(message in text and path.startswith("--set") for path, text in caught.value.problems)


def test_every_price_names_its_origin_and_source() -> None:
    assert PRICES_TAKEN_ON == "2026-11-22"
    for price in PRICES.values():
        assert price.origin in ("seed", "aws")
        assert price.source
        assert price.source.startswith("https://aws.amazon.com/") if price.origin == "aws" else "(L" in price.source


@pytest.mark.parametrize("blueprint", BLUEPRINTS)
def test_cost_prints_a_per_component_estimate_for_each_default(blueprint: str, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    design = bp(blueprint)
    path = tmp_path / "design.yaml"
    path.write_text(dump_design(design), encoding="utf-8")
    assert main(["cost", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Monthly cost estimate: shop (us-east-1 prices taken {PRICES_TAKEN_ON})")
    for component in design.components:
        assert f"{component.name} ({component.kind})" in out
    assert "Total" in out
    assert "[seed]" in out
    assert "[aws]" in out


def test_cost_json_and_a_traffic_setting(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "design.yaml"
    path.write_text(dump_design(bp("api", front_door="rest-api")), encoding="utf-8")
    assert main(["cost", str(path), "--set", "api.requests_per_month=10000000", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    api = next(c for c in data["components"] if c["name"] == "api")
    assert api["usd"] == pytest.approx(35.0)  # 10M × $3.50 per 1M
    assert {"rule": "API-02", "component": "api", "title": "REST API where an HTTP API fits",
            "saving_usd_month": 25.0} in data["cost_levers"]


@pytest.mark.parametrize(("args", "message"), [
    (["--set", "nope=1"], "--set nope: unknown key"),
    (["--set", "ghost.requests_per_month=1"], "no component named 'ghost'"),
])
def test_cost_bad_input_exits_2(args: list[str], message: str, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "design.yaml"
    path.write_text(dump_design(bp("api")), encoding="utf-8")
    assert main(["cost", str(path), *args]) == 2
    assert message in capsys.readouterr().err
