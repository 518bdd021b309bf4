"""The API tokens page: a member's tokens, a form to make one (shown once, right after), and revoke."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from apps.api import tokens
from apps.teams.web import current_membership, refusals_as_403


@never_cache
@require_http_methods(["GET", "POST"])
@refusals_as_403
def token_list(request: HttpRequest) -> HttpResponse:
    membership = current_membership(request)
    problems: list[tuple[str, str]] = []
    created = None
    if request.method == "POST":
        try:
            created = tokens.token_create(membership=membership, name=request.POST.get("name", ""),
                                          scopes=request.POST.getlist("scopes"), days=request.POST.get("days", "30"))
        except tokens.TokenInvalid as invalid:
            problems = invalid.problems
    return render(request, "api/tokens.html", {
        "membership": membership, "tokens": tokens.tokens_of(user=request.user), "scopes": tokens.SCOPES,
        "created": created, "problems": problems, "form": request.POST if problems else {},
    }, status=400 if problems else 201 if created else 200)


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Only one's own tokens: anyone else's is a 404."""
    try:
        token = tokens.token_revoke(user=request.user, token_id=pk)
    except tokens.TokenInvalid as invalid:
        raise Http404(str(invalid)) from invalid
    messages.success(request, f"Revoked {token.name}.")
    return redirect("token-list")
