"""`/mcp`: the MCP server over streamable HTTP, served by Django under WSGI.

How: the view authenticates the personal access token first (401 without one, 429 over the rate limit, as the
JSON API), then hands the request to the MCP SDK's own streamable HTTP transport in its *stateless, JSON-response*
mode: a `StreamableHTTPSessionManager(stateless=True, json_response=True)` made for this one request serves the
ASGI scope built from the Django request, under `asgiref.async_to_sync`, and the ASGI response becomes the Django
response. So the protocol (initialize, `Mcp-Protocol-Version`, Accept negotiation, JSON-RPC errors, both the
handshake and the 2026 stateless revisions) is the SDK's, not ours, and it needs no ASGI server, no long-lived
event loop and no session store: every request stands alone, which is what gunicorn's sync workers on several hosts
want. Stateless JSON mode has no server-to-client stream (no progress notifications, no sampling); none of our
tools needs one. The tools run the services in this request's thread (see server.py), so the ORM behaves as in
any view.

The caller reaches the tools through the ASGI scope's `state` (Starlette's `request.state.caller`). DNS-rebinding
protection is the SDK's Host/Origin check; Django already checks the Host against ALLOWED_HOSTS, and a bearer token
(not a cookie) is what authorises, so a browser page on another origin cannot use it.
"""

from __future__ import annotations

import json
from collections.abc import MutableMapping
from typing import Any

import anyio
from asgiref.sync import async_to_sync
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from mcp.server.transport_security import TransportSecuritySettings

from apps.api.tokens import Caller, RateLimited, TokenRejected, token_authenticate
from apps.core.middleware import json_path_with_nul
from apps.mcp.server import mcp_server

NO_REBINDING_CHECK = TransportSecuritySettings(enable_dns_rebinding_protection=False)


def _refusal(status: int, message: str, headers: dict[str, str] | None = None) -> HttpResponse:
    body = {"jsonrpc": "2.0", "id": None, "error": {"code": -32001, "message": message}}
    response = HttpResponse(json.dumps(body), status=status, content_type="application/json")
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _authenticate(request: HttpRequest) -> Caller | HttpResponse:
    header = request.headers.get("Authorization", "")
    scheme, _, raw = header.partition(" ")
    challenge = {"WWW-Authenticate": 'Bearer realm="serverless-designer"'}
    if scheme.lower() != "bearer" or not raw.strip():
        return _refusal(401, "token: send Authorization: Bearer sdp_… (a personal access token from the API tokens "
                             "page)", challenge)
    try:
        return token_authenticate(raw=raw)
    except TokenRejected as rejected:
        return _refusal(401, f"token: {rejected}", {"WWW-Authenticate": 'Bearer error="invalid_token"'})
    except RateLimited as limited:
        return _refusal(429, str(limited), {"Retry-After": str(limited.retry_after)})


def _scope(request: HttpRequest, caller: Caller) -> dict[str, Any]:
    host, _, port = request.get_host().partition(":")
    headers = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in request.headers.items()]
    return {
        "type": "http", "asgi": {"version": "3.0", "spec_version": "2.3"}, "http_version": "1.1",
        "method": request.method, "scheme": request.scheme, "path": request.path,
        "raw_path": request.path.encode("utf-8"), "root_path": "",
        "query_string": request.META.get("QUERY_STRING", "").encode("latin-1"), "headers": headers,
        "server": (host, int(port or (443 if request.is_secure() else 80))),
        "client": (request.META.get("REMOTE_ADDR", ""), 0), "state": {"caller": caller},
    }


async def _serve(scope: dict[str, Any], body: bytes) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """Run one request through the SDK's stateless JSON-response transport; return status, headers and body."""
    manager = StreamableHTTPSessionManager(app=mcp_server()._lowlevel_server, json_response=True, stateless=True,
                                           security_settings=NO_REBINDING_CHECK)
    answered = anyio.Event()
    sent_body = False
    status, headers, chunks = 500, [], []

    async def receive() -> dict[str, Any]:
        nonlocal sent_body
        if not sent_body:
            sent_body = True
            return {"type": "http.request", "body": body, "more_body": False}
        await answered.wait()
        return {"type": "http.disconnect"}

    async def send(message: MutableMapping[str, Any]) -> None:
        nonlocal status, headers
        if message["type"] == "http.response.start":
            status, headers = message["status"], list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                answered.set()

    async with manager.run():
        await manager.handle_request(scope, receive, send)
    return status, headers, b"".join(chunks)


@login_not_required  # a bearer token, not a session, authenticates (checked first thing)
@csrf_exempt
def mcp_endpoint(request: HttpRequest) -> HttpResponse:
    """POST at /mcp, authenticated by a personal access token.

    Stateless JSON mode offers no server-to-client stream and keeps no session, so GET (the stream) and DELETE
    (ending a session) are answered 405 here, as the protocol allows, instead of being handed to the transport,
    where a GET would hold a worker open waiting for a stream that never comes.
    """
    caller = _authenticate(request)
    if isinstance(caller, HttpResponse):
        return caller
    if request.method != "POST":
        response = _refusal(405, f"method {request.method}: this server answers POST only (stateless, no stream)")
        response["Allow"] = "POST"
        return response
    request.user = caller.user
    try:
        body = request.body
    except RequestDataTooBig:
        return _refusal(413, "the request body is too large")
    field = json_path_with_nul(body)
    if field is not None:
        return _refusal(400, f"{field}: holds a NUL character (U+0000), which no field accepts; nothing was done")
    status, headers, content = async_to_sync(_serve)(_scope(request, caller), body)
    response = HttpResponse(content, status=status)
    for name, value in headers:
        if name.lower() not in (b"content-length",):
            response[name.decode("latin-1")] = value.decode("latin-1")
    return response
