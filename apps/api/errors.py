"""Mapping service refusals to HTTP answers with the same messages the UI shows (no traceback ever)."""

from __future__ import annotations

from typing import Any

from generators.model.messages import bound_problems


class ApiError(Exception):
    def __init__(self, status: int, detail: str, problems: list[tuple[str, str]] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.problems = problems or []
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        return {"detail": self.detail, "problems": [{"field": f, "message": m} for f, m in self.problems]}


def invalid(problems: list[tuple[str, str]]) -> ApiError:
    problems = bound_problems(problems)
    return ApiError(422, "; ".join(f"{f}: {m}" if f else m for f, m in problems) or "invalid input", problems)
