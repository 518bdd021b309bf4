"""The grammar and AWS limits of the free-form mappings in a design: SNS filter policies, EventBridge event
patterns and Lambda event-source filter criteria. A mapping the model accepts is one AWS accepts, so what is
accepted renders and deploys (and a 1.9 KB alias bomb inside a filter policy never reaches a renderer).

Limits (AWS documentation): SNS filter policy — at most 5 keys, at most 150 combinations of values (the product
of the sizes of the value arrays), at most 256 KB, numbers within ±10^9; attribute scope takes no nesting.
EventBridge event pattern — at most 2048 characters (the default quota). Lambda filter criteria — each pattern at
most 4096 characters (and at most 5 filters: the model's list bound).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, Literal

from generators.model.messages import shown

Grammar = Literal["sns", "sns_body", "eventbridge", "lambda"]

SNS_MAX_KEYS = 5
SNS_MAX_COMBINATIONS = 150
SNS_MAX_BYTES = 256 * 1024
SNS_NUMBER_LIMIT = 10**9
EVENTBRIDGE_MAX_CHARS = 2048
LAMBDA_FILTER_MAX_CHARS = 4096
MAX_NESTING = 10
_NUMERIC_OPERATORS = ("<", "<=", "=", ">", ">=")
_OPERATORS: dict[Grammar, frozenset[str]] = {
    "sns": frozenset({"prefix", "suffix", "anything-but", "numeric", "exists", "equals-ignore-case", "cidr"}),
    "eventbridge": frozenset({"prefix", "suffix", "anything-but", "numeric", "exists", "equals-ignore-case", "cidr",
                              "wildcard"}),
    "lambda": frozenset({"prefix", "suffix", "anything-but", "numeric", "exists", "equals-ignore-case"}),
}
_OPERATORS["sns_body"] = _OPERATORS["sns"]


def compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, sort_keys=False)


def pattern_problems(path: str, pattern: Any, grammar: Grammar) -> list[tuple[str, str]]:
    """Every problem of one pattern, each (field path, message); empty when AWS accepts it."""
    problems = list(_mapping(path, pattern, grammar, 0))
    if problems:
        return problems[:5]
    size = len(compact(pattern))
    if grammar in ("sns", "sns_body"):
        keys = _leaf_keys(pattern)
        if keys > SNS_MAX_KEYS:
            problems.append((path, f"the filter policy uses {keys} keys; SNS allows at most {SNS_MAX_KEYS}"))
        combinations = _combinations(pattern)
        if combinations > SNS_MAX_COMBINATIONS:
            problems.append((path, f"the filter policy has {combinations} combinations of values (the product of "
                                   f"the sizes of its value lists); SNS allows at most {SNS_MAX_COMBINATIONS}"))
        if len(compact(pattern).encode("utf-8")) > SNS_MAX_BYTES:
            problems.append((path, f"the filter policy is over {SNS_MAX_BYTES // 1024} KB"))
    elif grammar == "eventbridge" and size > EVENTBRIDGE_MAX_CHARS:
        problems.append((path, f"the event pattern is {size} characters as JSON; EventBridge allows at most "
                               f"{EVENTBRIDGE_MAX_CHARS}"))
    elif grammar == "lambda" and size > LAMBDA_FILTER_MAX_CHARS:
        problems.append((path, f"the filter pattern is {size} characters as JSON; Lambda allows at most "
                               f"{LAMBDA_FILTER_MAX_CHARS}"))
    return problems


def _mapping(path: str, value: Any, grammar: Grammar, depth: int) -> Iterator[tuple[str, str]]:
    if not isinstance(value, dict) or not value:
        yield path, "must be a non-empty mapping of field names to lists of values, e.g. {'type': ['order']}"
        return
    if depth > MAX_NESTING:
        yield path, f"nested deeper than {MAX_NESTING} levels"
        return
    for key, item in value.items():
        where = f"{path}.{shown(key, 40, quote=False)}"
        if not isinstance(key, str) or not key:
            yield path, f"the key {shown(key)} must be non-empty text"
            continue
        if key == "$or" and grammar != "lambda":
            if not isinstance(item, list) or len(item) < 2:
                yield where, "'$or' takes a list of at least two patterns"
                continue
            for i, alternative in enumerate(item):
                yield from _mapping(f"{where}[{i}]", alternative, grammar, depth + 1)
            continue
        if isinstance(item, dict):
            if grammar == "sns":
                yield where, ("a nested condition needs filter_policy_scope MessageBody; message attributes are "
                              "matched with a list of values, e.g. ['order']")
                continue
            yield from _mapping(where, item, grammar, depth + 1)
        elif isinstance(item, list) and item:
            for i, match in enumerate(item):
                yield from _match(f"{where}[{i}]", match, grammar)
        else:
            yield where, f"must be a non-empty list of values to match (e.g. ['order']), not {shown(item)}"


def _match(path: str, value: Any, grammar: Grammar) -> Iterator[tuple[str, str]]:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return
    if isinstance(value, (int, float)):
        yield from _number(path, value, grammar)
        return
    if not isinstance(value, dict) or len(value) != 1:
        yield path, (f"a value to match is text, a number, true/false, null or one operator such as "
                     f"{{'prefix': 'ord'}}; got {shown(value)}")
        return
    operator, argument = next(iter(value.items()))
    allowed = _OPERATORS[grammar]
    if operator not in allowed:
        yield path, f"unknown operator {shown(operator)}; allowed: {', '.join(sorted(allowed))}"
        return
    where = f"{path}.{operator}"
    if operator in ("prefix", "suffix"):
        if isinstance(argument, dict) and list(argument) == ["equals-ignore-case"] and grammar != "lambda":
            argument = argument["equals-ignore-case"]
        if not isinstance(argument, str):
            yield where, "must be text"
    elif operator in ("equals-ignore-case", "cidr", "wildcard"):
        if not isinstance(argument, str):
            yield where, "must be text"
    elif operator == "exists":
        if not isinstance(argument, bool):
            yield where, "must be true or false"
    elif operator == "numeric":
        yield from _numeric(where, argument, grammar)
    elif operator == "anything-but":
        yield from _anything_but(where, argument, grammar)


def _number(path: str, value: float, grammar: Grammar) -> Iterator[tuple[str, str]]:
    if grammar in ("sns", "sns_body") and not -SNS_NUMBER_LIMIT <= value <= SNS_NUMBER_LIMIT:
        yield path, f"{shown(value)} is out of range; SNS matches numbers from -1e9 to 1e9"
    elif abs(value) > 5e9 * 10**9:
        yield path, f"{shown(value)} is out of range for numeric matching"


def _numeric(path: str, argument: Any, grammar: Grammar) -> Iterator[tuple[str, str]]:
    shape = "[op, number] or [op, number, op, number] with op one of < <= = > >="
    if not isinstance(argument, list) or len(argument) not in (2, 4):
        yield path, f"must be {shape}"
        return
    for i in range(0, len(argument), 2):
        op, number = argument[i], argument[i + 1]
        if op not in _NUMERIC_OPERATORS or isinstance(number, bool) or not isinstance(number, (int, float)):
            yield path, f"must be {shape}"
            return
        yield from _number(f"{path}[{i + 1}]", number, grammar)
    if len(argument) == 4 and ("=" in (argument[0], argument[2])):
        yield path, "'=' cannot be combined with a second comparison"


def _anything_but(path: str, argument: Any, grammar: Grammar) -> Iterator[tuple[str, str]]:
    if isinstance(argument, (str, int, float)) and not isinstance(argument, bool):
        return
    if isinstance(argument, list) and argument and all(
            isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in argument):
        return
    if isinstance(argument, dict) and len(argument) == 1:
        (operator, inner), = argument.items()
        if operator in ("prefix", "suffix", "equals-ignore-case", "wildcard") and (
                isinstance(inner, str) or (isinstance(inner, list) and inner and all(isinstance(v, str)
                                                                                    for v in inner))):
            if operator == "wildcard" and grammar != "eventbridge":
                yield path, "'wildcard' is an EventBridge operator"
            return
    yield path, "must be a value, a non-empty list of values, or {'prefix': …} / {'suffix': …}"


def _leaf_keys(pattern: dict[str, Any]) -> int:
    count = 0
    for key, item in pattern.items():
        if key == "$or" and isinstance(item, list):
            count = max([count, *(_leaf_keys(alt) for alt in item if isinstance(alt, dict))])
        elif isinstance(item, dict):
            count += _leaf_keys(item)
        else:
            count += 1
    return count


def _combinations(pattern: dict[str, Any]) -> int:
    product = 1
    for key, item in pattern.items():
        if key == "$or" and isinstance(item, list):
            product *= sum(_combinations(alt) for alt in item if isinstance(alt, dict))
        elif isinstance(item, dict):
            product *= _combinations(item)
        elif isinstance(item, list):
            product *= max(len(item), 1)
        product = min(product, 10**9)
    return product
