"""Refuse text no field can hold, before any view sees it.

A NUL character (U+0000) cannot be stored by PostgreSQL in a text or JSON column, and no field of the designer
means anything with one; a form field, a query parameter or a JSON body that carries one is refused with a 400
naming the field, so that no view can reach the database with it (SQLite would store it; PostgreSQL raises).
JSON bodies are checked by the engine's loading path (`generators.model.loading.check_value`), which names the
field too; this middleware covers form posts and query strings."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from generators.model.loading import path_with_nul

NUL = "\x00"
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def field_with_nul(data: QueryDict) -> str | None:
    """The name of the first field whose name or any value holds a NUL character, or None."""
    for name, values in data.lists():
        if NUL in name or any(isinstance(value, str) and NUL in value for value in values):
            return name.replace(NUL, "\\0")
    return None


def json_path_with_nul(body: bytes) -> str | None:
    """Where a JSON body holds a NUL character in a key or a string (`params.arguments.name`), or None.
    Bodies that are not JSON are left to their parser."""
    if b"\\u0000" not in body and b"\x00" not in body:
        return None
    try:
        data = json.loads(body)
    except ValueError:
        return None
    return path_with_nul(data)


class RefuseNulCharactersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        field = field_with_nul(request.GET)
        if field is None and request.method == "POST" and request.content_type in _FORM_TYPES:
            field = field_with_nul(request.POST)
        if field is None:
            return self.get_response(request)
        return _refusal(request, field)


def _refusal(request: HttpRequest, field: str) -> HttpResponse:
    message = (f"The field {field!r} holds a NUL character (U+0000), which no field accepts: "
               "remove it and send again. Nothing was saved.")
    if request.headers.get("HX-Request") == "true":
        # swapped into the page's alert region (htmx-config in base.html swaps 422 responses)
        response = render(request, "core/bad_input.html#problem", {"message": message}, status=422)
        response["HX-Retarget"] = "#request-problem"
        response["HX-Reswap"] = "innerHTML"
        return response
    return render(request, "core/bad_input.html", {"message": message}, status=400)
