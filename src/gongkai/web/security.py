"""Defences every response and every change goes through: headers, body size, CSRF.

- `SecurityHeaders`: a strict Content-Security-Policy (scripts and styles from this site only),
  no framing, no sniffing, no referrer to other sites, HSTS when served over HTTPS.
- `BodyLimit`: refuses a request body over the limit before it is read (413, in Chinese).
- `csrf_guard`: every POST/PUT/PATCH/DELETE must carry the CSRF token of its session (or, for a
  visitor, of its cookie) in the form or the X-CSRF-Token header; API calls signed in with a
  bearer token carry no ambient credential and need none.
"""

from __future__ import annotations

import json
import secrets

from fastapi import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gongkai.errors import GongkaiError
from gongkai.web.context import ANON_CSRF_COOKIE, CSRF_FIELD, CSRF_HEADER, Db, credentials
from gongkai.web.context import web_session as live_session

UPLOAD_LIMIT = 20 * 1024 * 1024  # bytes a request body may have
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# API sign-in takes JSON only and sets no cookie: a form on another site cannot send JSON without
# a CORS preflight (which this app never grants), and nothing ambient is there to abuse.
CSRF_EXEMPT_JSON = frozenset({("POST", "/api/session")})
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
    "base-uri 'none'; object-src 'none'"
)
# The API documentation page loads Swagger UI's own (vendored) script and inline start-up code.
DOCS_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'"
)
HEADERS = {
    b"x-content-type-options": b"nosniff",
    b"x-frame-options": b"DENY",
    b"referrer-policy": b"same-origin",
    b"permissions-policy": b"camera=(), microphone=(), geolocation=(), payment=()",
    b"cross-origin-opener-policy": b"same-origin",
}


class CsrfError(GongkaiError):
    """A change without the token of the page it came from."""


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        csp = DOCS_CSP if path.startswith("/api/docs") else CSP
        https = scope.get("scheme") == "https"

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k not in HEADERS]
                headers += list(HEADERS.items())
                headers.append((b"content-security-policy", csp.encode()))
                if https:
                    headers.append((b"strict-transport-security", b"max-age=31536000"))
                if not path.startswith("/static/"):
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


class BodyLimit:
    """Refuse bodies larger than `limit` bytes, whether announced by Content-Length or streamed."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge()
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLarge:
            await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        mb = self.limit // (1024 * 1024)
        body = json.dumps(
            {"error": f"上传的内容超过 {mb} MB 的上限。", "hint": "请压缩或拆分文件后重新上传。"},
            ensure_ascii=False,
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", b"application/json; charset=utf-8")],
            }
        )
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass


def too_large(exc: BaseException) -> bool:
    """Whether `exc` (e.g. FastAPI's "error parsing the body") was caused by the body limit."""
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            return False
        if isinstance(seen, _TooLarge):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


async def csrf_guard(request: Request, session: Db) -> None:
    if request.method in SAFE_METHODS:
        return
    if (request.method, request.url.path) in CSRF_EXEMPT_JSON and request.headers.get(
        "content-type", ""
    ).startswith("application/json"):
        return
    token, bearer = credentials(request)
    if bearer:
        return
    row = live_session(request, session) if token else None
    expected = row.csrf_token if row is not None else request.cookies.get(ANON_CSRF_COOKIE, "")
    sent = request.headers.get(CSRF_HEADER, "")
    if not sent and _is_form(request):
        form = await request.form()
        value = form.get(CSRF_FIELD, "")
        sent = value if isinstance(value, str) else ""
    if not expected or not sent or not secrets.compare_digest(expected, sent):
        raise CsrfError("页面已过期或请求来源无法确认，操作未执行。", "请刷新页面后重新提交。")


def _is_form(request: Request) -> bool:
    kind = request.headers.get("content-type", "")
    return kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data"))
