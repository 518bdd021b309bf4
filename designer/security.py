"""Security wiring: the Content-Security-Policy header, and a logging filter that keeps secrets out of logs.

The policy allows only our own scripts (htmx is served from our static files, no CDN; no template has an inline
script or event handler: a test scans them), our own styles, and images from us or data: URLs (the diagrams are
inline SVG, which needs nothing). Nothing may frame the pages."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


_PATTERNS = (
    (re.compile(r"sdp_[0-9a-f]{12}_[A-Za-z0-9_-]+"), lambda m: m.group(0)[:17] + "…[redacted]"),
    (re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]{8,}"), lambda m: m.group(1) + "[redacted]"),
    (re.compile(r"(?i)((?:password|passwd|secret|token|api_key|aws_secret_access_key)[\"']?\s*[:=]\s*[\"']?)"
                r"[^\s\"'&,;]+"), lambda m: m.group(1) + "[redacted]"),
    (re.compile(r"(?i)(://[^:/\s@]+:)[^@/\s]+@"), lambda m: m.group(1) + "***@"),
)


def redact(text: str) -> str:
    for pattern, replace in _PATTERNS:
        text = pattern.sub(replace, text)
    key = getattr(settings, "SECRET_KEY", "")
    if key and len(key) >= 16:
        text = text.replace(key, "[redacted SECRET_KEY]")
    return text


class RedactSecretsFilter(logging.Filter):
    """Rewrites every record's message (arguments merged in) with tokens, passwords and keys replaced."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it to the handler to report
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
