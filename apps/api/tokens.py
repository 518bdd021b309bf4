"""Personal access token services. A token is shown once (`token_create` returns it) and stored as a SHA-256
digest: a random 256-bit secret needs no slow hash. Each token is bound to one user and one team, carries scopes
and an expiry, and is checked against the user's current role on every request (a demoted user's token loses
what the role no longer allows)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from apps.api.models import ApiToken
from apps.audit.services import Action as AuditAction
from apps.audit.services import audit_record
from apps.teams.models import Membership

SCOPES = {
    "read": "list designs, download projects, read findings, cost and deployments",
    "write": "create and update designs",
    "deploy": "start, confirm and poll deployments",
    "approve": "approve or reject production deployments",
}
PREFIX = "sdp_"
MAX_DAYS = 365


class TokenInvalid(Exception):
    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{field}: {message}" for field, message in problems))


class TokenRejected(Exception):
    """The token is unknown, expired, revoked, or its user left the team (a 401; the message says which)."""


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(f"rate limit of {settings.API_RATE_LIMIT_PER_MINUTE} requests per minute for this token "
                         f"reached; retry in {retry_after} s")


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    plaintext: str  # shown once, never stored


def token_clean(*, name: str, scopes: list[str], days: Any) -> tuple[str, list[str], int]:
    problems: list[tuple[str, str]] = []
    name = (name or "").strip()
    if not 1 <= len(name) <= 80:
        problems.append(("name", "a name of 1 to 80 characters is required"))
    unknown = [s for s in scopes if s not in SCOPES]
    if unknown or not scopes:
        problems.append(("scopes", f"{', '.join(unknown) or 'none'} given; allowed: {', '.join(SCOPES)} "
                                   "(at least one)"))
    try:
        lifetime = int(str(days).strip())
    except ValueError:
        lifetime = 0
        problems.append(("days", f"{str(days)[:20]!r} is not a whole number; allowed: 1 to {MAX_DAYS}"))
    else:
        if not 1 <= lifetime <= MAX_DAYS:
            problems.append(("days", f"{lifetime} is out of range; allowed: 1 to {MAX_DAYS}"))
    if problems:
        raise TokenInvalid(problems)
    return name, sorted(set(scopes)), lifetime


def token_create(*, membership: Membership, name: str, scopes: list[str], days: Any = 30) -> NewToken:
    """A new token for the member in their team. Anyone may make one; what it can do is the intersection of its
    scopes and the member's role at the time of each request."""
    name, scopes, lifetime = token_clean(name=name, scopes=scopes, days=days)
    public = secrets.token_hex(6)
    plaintext = f"{PREFIX}{public}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(user=membership.user, team=membership.team, name=name, prefix=public,
                                    digest=_digest(plaintext), scopes=scopes,
                                    expires_at=timezone.now() + timedelta(days=lifetime))
    audit_record(team=membership.team_id, actor=membership.user, action=AuditAction.TOKEN_CREATED,
                 subject_type="token", subject_id=token.pk, subject=f"{name} ({PREFIX}{public}…)",
                 detail={"scopes": ", ".join(scopes), "expires": token.expires_at.date().isoformat()})
    return NewToken(token, plaintext)


def token_revoke(*, user: Any, token_id: int) -> ApiToken:
    token = ApiToken.objects.filter(pk=token_id, user=user).first()
    if token is None:
        raise TokenInvalid([("token", "no such token of yours")])
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(team=token.team_id, actor=user, action=AuditAction.TOKEN_REVOKED, subject_type="token",
                     subject_id=token.pk, subject=f"{token.name} ({PREFIX}{token.prefix}…)")
    return token


def tokens_of(*, user: Any) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user).select_related("team"))


@dataclass(frozen=True)
class Caller:
    token: ApiToken
    membership: Membership

    @property
    def user(self) -> Any:
        return self.membership.user


def token_authenticate(*, raw: str) -> Caller:
    """The caller behind a bearer token, or TokenRejected saying why (never which part of the token matched)."""
    parts = raw.strip().split("_")
    if len(parts) < 3 or not raw.startswith(PREFIX):
        raise TokenRejected("not a personal access token (they start with sdp_)")
    token = ApiToken.objects.select_related("team", "user").filter(prefix=parts[1]).first()
    if token is None or not hmac.compare_digest(token.digest, _digest(raw.strip())):
        raise TokenRejected("unknown token")
    now = timezone.now()
    if token.revoked_at is not None:
        raise TokenRejected("this token was revoked")
    if token.expires_at <= now:
        raise TokenRejected("this token has expired; create a new one")
    if not token.user.is_active:
        raise TokenRejected("the token's user is deactivated")
    membership = Membership.objects.select_related("team", "user").filter(user=token.user,
                                                                          team=token.team).first()
    if membership is None:
        raise TokenRejected("the token's user is no longer a member of its team")
    _rate_limit(token)
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return Caller(token, membership)


def _rate_limit(token: ApiToken) -> None:
    """A fixed one-minute window per token in the cache (shared by every process when the cache is shared)."""
    limit = settings.API_RATE_LIMIT_PER_MINUTE
    now = int(timezone.now().timestamp())
    window = now // 60
    key = f"api-rate:{token.prefix}:{window}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    if count > limit:
        raise RateLimited(60 - now % 60)


def caller_require_scope(*, caller: Caller, scope: str) -> None:
    if scope not in caller.token.scopes:
        raise ScopeMissing(f"this token lacks the {scope} scope ({SCOPES[scope]}); its scopes: "
                           f"{', '.join(caller.token.scopes)}")


class ScopeMissing(Exception):
    """A 403: the token was not given the scope the operation needs."""
