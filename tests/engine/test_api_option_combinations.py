"""Every combination of the API's front door, handler style and auth is either honoured or refused with a message
naming the fields: no option is silently dropped (function-url used to build one router whatever handler_style
said)."""

from __future__ import annotations

import itertools

import pytest

from generators.blueprints import BLUEPRINTS
from generators.model import DesignInputError, Function, Routes
from tests.engine.variants import build

FRONT_DOORS = ["http-api", "rest-api", "function-url"]
STYLES = ["router", "function-per-route"]
AUTHS = ["none", "iam", "jwt", "lambda-authorizer"]
CASES = list(itertools.product(FRONT_DOORS, STYLES, AUTHS))


@pytest.mark.parametrize(("front_door", "style", "auth"), CASES, ids=["-".join(c) for c in CASES])
def test_each_combination_is_honoured_or_refused_naming_its_fields(front_door: str, style: str, auth: str) -> None:
    options = {"front_door": front_door, "handler_style": style, "auth": auth}
    try:
        design = build("api", options)
    except DesignInputError as error:
        text = str(error)
        assert "front_door" in text, text
        assert ("handler_style" in text) or ("auth" in text), text
        return
    handlers = {c.name for c in design.components if isinstance(c, Function) and c.name != "authorizer"}
    routes = [c for c in design.connections if isinstance(c, Routes)]
    if style == "function-per-route":
        assert len(handlers) == len(routes) == len({(r.method, r.path) for r in routes}) > 1
        assert {r.target for r in routes} == handlers
    else:
        assert handlers == {"router"}


def test_one_function_per_route_behind_a_function_url_is_refused() -> None:
    with pytest.raises(DesignInputError, match="handler_style 'function-per-route' needs front_door"):
        BLUEPRINTS["api"].options({"front_door": "function-url", "auth": "iam", "handler_style": "function-per-route"})
