"""Browser and network protections of the web app, as one ASGI middleware around everything else.

- **Host allowlist** (DNS rebinding): a page on evil.example that resolves its name to 127.0.0.1 could
  otherwise read the corpus from the user's browser. Only the Host names the server was started for are
  answered (default: the bind address and localhost; ``--allowed-host`` adds names).
- **Cross-origin protection** (CSRF) on every state-changing request (anything but GET, HEAD, OPTIONS),
  the algorithm of Go's ``net/http.CrossOriginProtection``: a browser says where a request comes from in
  ``Sec-Fetch-Site`` (trusted when present) or ``Origin``; a cross-origin request is refused with 403. A
  request with neither header does not come from a browser page (curl, scripts) and cannot be forged by
  one, so it passes.
- **Declared body size**: a request whose Content-Length is over ``max_body`` is refused (413) before
  any of it is read (chunked bodies are counted as they are read, by the routes).
- **Security headers** on every response, errors included: a Content-Security-Policy that allows only
  this server's own style sheet and images (no script at all: the app has none, so injected markup
  could not run any), ``frame-ancestors 'none'`` and ``X-Frame-Options: DENY`` (no clickjacking),
  ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: no-referrer`` (article URLs in the corpus are
  not leaked to the sites they link to), ``Cross-Origin-Opener-Policy: same-origin``.

Written as plain ASGI (not ``@app.middleware``), so it adds no task or thread per request.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = tuple(
    (name.encode("latin-1"), value.encode("latin-1"))
    for name, value in (
        ("content-security-policy", CONTENT_SECURITY_POLICY),
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "no-referrer"),
        ("cross-origin-opener-policy", "same-origin"),
    )
)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LOCAL_NAMES = ("localhost", "127.0.0.1", "::1")
#: Addresses that mean "every interface": they are not a name a client would send as Host.
WILDCARD_BINDS = ("0.0.0.0", "::", "")


def split_host(value: str) -> tuple[str, str | None] | None:
    """(host, port) of a Host header or an origin's netloc (IPv6 without brackets); None if malformed."""
    value = value.strip().lower()
    if not value or any(c in value for c in " /\\@?#"):
        return None
    if value.startswith("["):
        end = value.find("]")
        if end < 0:
            return None
        host, rest = value[1:end], value[end + 1 :]
        if rest and not rest.startswith(":"):
            return None
        port = rest[1:] or None
    else:
        host, _, port = value.partition(":")
        port = port or None
        if ":" in (port or ""):
            return None
    if port is not None and not port.isdigit():
        return None
    return host.rstrip("."), port


def allowed_hosts(bind: str, extra: Iterable[str] = ()) -> frozenset[str]:
    """The Host names answered: localhost, the bind address unless it is a wildcard, and ``extra``.

    ``*`` in ``extra`` turns the check off (for a server behind a proxy that checks Host itself).
    """
    names = {*LOCAL_NAMES, *(h.strip().lower().strip("[]").rstrip(".") for h in extra if h.strip())}
    bind = bind.strip().lower().strip("[]")
    if bind not in WILDCARD_BINDS:
        names.add(bind)
    return frozenset(names)


class SecurityMiddleware:
    """Host allowlist, cross-origin refusal for state-changing requests, and security headers."""

    def __init__(self, app: ASGIApp, hosts: frozenset[str], max_body: int | None = None) -> None:
        self.app = app
        self.hosts = hosts
        self.any_host = "*" in hosts
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        problem = self.refusal(scope["method"], headers)
        if problem is not None:
            status, message = problem
            await _error(scope, send, status, message)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message.setdefault("headers", [])
                message["headers"] = [
                    *message["headers"],
                    *(pair for pair in SECURITY_HEADERS if pair[0] not in present),
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def refusal(self, method: str, headers: dict[str, str]) -> tuple[int, str] | None:
        """(status, message) when the request must be refused, else None."""
        host = split_host(headers.get("host", ""))
        if host is None:
            return 400, "missing or malformed Host header"
        if not self.any_host and host[0] not in self.hosts:
            return (
                400,
                f"this server does not answer for host {host[0]!r}; start it with --allowed-host "
                f"{host[0]} if that is the name its users type",
            )
        if method.upper() in SAFE_METHODS:
            return None
        length = headers.get("content-length", "")
        if self.max_body is not None and length.isdigit() and int(length) > self.max_body:
            return 413, f"request body of {int(length):,} bytes is over the {self.max_body:,}-byte limit"
        site = headers.get("sec-fetch-site")
        if site is not None:
            if site in ("same-origin", "none"):
                return None
            return 403, "cross-origin request refused: submit the form from this server's own pages"
        origin = headers.get("origin")
        if origin is None:
            return None  # not sent by a browser page
        parsed = split_host(urlsplit(origin).netloc) if origin != "null" else None
        if parsed is not None and parsed == host:
            return None
        return 403, f"cross-origin request from {origin!r} refused: submit the form from this server's pages"


async def _error(scope: Scope, send: Send, status: int, message: str) -> None:
    """A refusal, in the app's shape: JSON for .json and /api/ paths, a small escaped page otherwise."""
    path = scope.get("path", "")
    if path.endswith(".json") or path.startswith("/api/"):
        body = json.dumps({"error": message}).encode("utf-8")
        content_type = b"application/json"
    else:
        from html import escape

        body = (f"<!doctype html><title>{status}</title><h1>{status}</h1><p>{escape(message)}</p>").encode()
        content_type = b"text/html; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", content_type),
                (b"content-length", str(len(body)).encode()),
                *SECURITY_HEADERS,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
