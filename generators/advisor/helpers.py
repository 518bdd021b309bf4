"""Facts several rules derive from a design."""

from __future__ import annotations

import math
import re

from generators.model import Function

SECRET_NAME_RE = re.compile(r"PASS(WORD)?|SECRET|TOKEN|API_?KEY|PRIVATE", re.IGNORECASE)
REFERENCE_SUFFIXES = ("_NAME", "_ARN", "_ID", "_PARAMETER", "_PARAM", "_PATH", "_SSM", "_REF")
REFERENCE_PREFIXES = ("arn:aws:secretsmanager:", "arn:aws:ssm:", "{{resolve:", "/", "ssm:", "secretsmanager:")
ACCESS_KEY_RE = re.compile(r"(?<![A-Z0-9])(AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])")
CREDENTIAL_URL_RE = re.compile(r"^[a-z][a-z0-9+.-]*://[^/\s:@]+:[^@\s/]+@", re.IGNORECASE)
CONNECTION_PASSWORD_RE = re.compile(r"(^|;)\s*(password|pwd)\s*=\s*[^;\s]+", re.IGNORECASE)
RESOURCE_ARN_RE = re.compile(r"^arn:aws[a-z-]*:(dynamodb|sqs|sns|s3|events|states|lambda|kinesis):", re.IGNORECASE)
SYNC_PAYLOAD_LIMIT = 6 * 1024 * 1024
ASYNC_PAYLOAD_LIMIT = 1024 * 1024
STREAMED_RESPONSE_LIMIT = 200 * 1024 * 1024
API_GATEWAY_TIMEOUT_S = 29
MIB = 1024 * 1024


def is_literal_secret(key: str, value: str) -> bool:
    """A secret-looking variable holding the secret itself (not the name or ARN of where it is stored)."""
    if not SECRET_NAME_RE.search(key) or not value.strip():
        return False
    if key.upper().endswith(REFERENCE_SUFFIXES) or value.startswith(REFERENCE_PREFIXES):
        return False
    return not re.fullmatch(r"-?\d+(\.\d+)?|true|false|yes|no|on|off", value.strip(), re.IGNORECASE)


def expected_duration(fn: Function) -> float | None:
    return fn.workload.expected_duration_s if fn.workload is not None else None


def suggested_timeout(fn: Function) -> int:
    """Expected duration plus a buffer (half again, at least 3 s), or 30 s when the duration is unknown."""
    expected = expected_duration(fn)
    if expected is None:
        return 30
    return max(1, min(900, math.ceil(expected + max(3.0, expected * 0.5))))


def flag(value: bool | None) -> bool:
    return bool(value)


def mb(size_bytes: int) -> str:
    return f"{size_bytes / MIB:,.1f} MB"
