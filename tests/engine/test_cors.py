"""CORS holds for every API variant in both handler languages: whoever answers a browser's request adds the headers.

An HTTP API and a function URL answer CORS themselves (their CORS configuration, in the template); a REST API's
proxy integration passes the function's response through, so each API function adds the headers for the allowed
origins and none for another origin, and its generated unit tests say so (the SAM matrices run those tests:
test_python_handlers and test_typescript_sam_matrix). TypeScript handlers built a Router without CORS: browsers
could not read a single response from a REST API."""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest
from cfnlint.decode.cfn_yaml import loads as cfn_yaml_loads

from generators.model import FunctionUrl, HttpApi, RestApi
from generators.model.names import snake
from generators.renderers import render
from generators.renderers.analysis import plan_functions
from tests.engine.variants import VARIANTS, build

ORIGINS = {"rest-api": ["https://app.example.com"], "http-api": ["https://app.example.com", "http://localhost:3000"],
           "function-url": ["https://app.example.com", "http://localhost:3000"]}
API_VARIANTS: list[dict[str, Any]] = [
    *[v for v in VARIANTS["api"] if v.get("cors_allow_origins")],
    *[{"front_door": door, "handler_style": style, "auth": "iam", "table": table, "cors_allow_origins": ORIGINS[door]}
      for door, style, table in itertools.product(ORIGINS, ("router", "function-per-route"), (True, False))
      if not (door == "function-url" and style == "function-per-route")],
]
CASES = [(language, options) for language in ("python", "typescript") for options in API_VARIANTS]
IDS = [f"{language}-{index}" for language in ("python", "typescript") for index in range(len(API_VARIANTS))]


def _test_file(language: str, function: str) -> str:
    return f"tests/unit/test_{snake(function)}.py" if language == "python" else f"tests/handlers/{function}.test.ts"


def _handler_file(language: str, function: str) -> str:
    return f"src/{snake(function)}/app.py" if language == "python" else f"src/handlers/{function}.ts"


@pytest.mark.parametrize(("language", "options"), CASES, ids=IDS)
def test_whoever_answers_the_browser_adds_the_cors_headers(language: str, options: dict[str, Any]) -> None:
    design = build("api", options, language=language)
    tree = render(design)
    origins = options["cors_allow_origins"]
    [front] = [c for c in design.components if isinstance(c, HttpApi | RestApi | FunctionUrl)]
    resources = cfn_yaml_loads(tree.text("template.yaml"))["Resources"]
    api_functions = [p.function.name for p in plan_functions(design) if p.shape == "api"]
    assert api_functions
    for function in api_functions:
        code, tests = tree.text(_handler_file(language, function)), tree.text(_test_file(language, function))
        handler_cors = "CORSConfig(" in code or re.search(r"\bcors\(", code) is not None
        if isinstance(front, RestApi):
            assert handler_cors, function
            for origin in origins:
                assert origin in code, (function, origin)
                assert re.search(rf"origin[^\n]*{re.escape(origin)}", tests), (function, "allowed origin untested")
            assert "elsewhere.example" in tests, (function, "a disallowed origin is not tested")
        else:
            assert not handler_cors, f"{function}: the front door answers CORS, the handler must not"
    if isinstance(front, HttpApi):
        [api] = [r for r in resources.values() if r["Type"] == "AWS::Serverless::HttpApi"]
        assert api["Properties"]["CorsConfiguration"]["AllowOrigins"] == origins
    elif isinstance(front, FunctionUrl):
        [function] = [r for r in resources.values() if "FunctionUrlConfig" in r.get("Properties", {})]
        assert function["Properties"]["FunctionUrlConfig"]["Cors"]["AllowOrigins"] == origins
    else:
        [api] = [r for r in resources.values() if r["Type"] == "AWS::Serverless::Api"]
        assert api["Properties"]["Cors"]["AllowOrigin"] == f"'{origins[0]}'"  # the preflight
