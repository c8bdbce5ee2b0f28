"""The gate every HTTP request passes first: body limits, refused routes, the admin session.

It runs before FastAPI and Gradio read anything, so an oversized body is refused while it
is being received (never buffered past the limit), Gradio routes that would fetch URLs
for a client or take uploads outside the admin page are closed, and admin routes without
a session are refused before they reach the admin queue. (Gradio's ``/run/`` answers only events
that are not queued once the queue is set up with ``api_open=False``: see
:mod:`web.server`.)
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger(__name__)

ADMIN_PATH = "/admin"
LOGIN_PATH = f"{ADMIN_PATH}/login"
# Gradio serves each mounted page's routes under "<mount>/gradio_api/…".
_GRADIO = re.compile(r"^(?P<mount>/admin|/embed)?/gradio_api/(?P<route>.*)$")
# Gradio fetches a URL given as a file (file=https://…) or proxies one (proxy=…) for
# anyone who asks: nothing may leave the machine on a client's behalf.
_FETCHES = re.compile(r"^(?:proxy=|file=(?:[a-z][a-z0-9+.-]*:|//|\\\\))", re.IGNORECASE)


# Machine-readable descriptions of every route (FastAPI's and Gradio's): a map for anyone
# probing the server, needed by no page; served only with POLICY_QA_API_SCHEMA=on.
_SCHEMAS = re.compile(r"^(?:/admin|/embed)?(?:/gradio_api)?/(?:openapi\.json|docs|redoc)/?$")


@dataclass(frozen=True)
class Limits:
    """Bounds on what one request may send."""

    body_bytes: int  # any request (``POLICY_QA_MAX_BODY_KB``)
    upload_bytes: int  # an admin upload (``POLICY_QA_MAX_UPLOAD_MB``), with its form fields
    body_seconds: float = 30.0  # a body trickled slower than this is cut off


@dataclass(frozen=True)
class Refusal:
    """A request refused by the gate: HTTP status, a code and a Chinese message."""

    status: int
    code: str
    message: str
    headers: tuple[tuple[bytes, bytes], ...] = ()


def route_refusal(path: str, admin: bool, schemas_open: bool = False) -> Refusal | None:
    """Why a route is closed to this request, or ``None`` when it is open.

    ``admin`` says whether the request carries a valid admin session; ``schemas_open``
    whether the OpenAPI descriptions are served (``POLICY_QA_API_SCHEMA=on``).
    """
    if not schemas_open and _SCHEMAS.match(path):
        return Refusal(404, "not_found", "没有这个页面")
    if path.startswith(ADMIN_PATH) and path != LOGIN_PATH and not admin:
        if path in (ADMIN_PATH, f"{ADMIN_PATH}/"):  # the page itself: on to the login form
            return Refusal(303, "login_required", "请先登录", ((b"location", LOGIN_PATH.encode()),))
        return Refusal(401, "login_required", "请先登录文档管理:/admin/login")
    match = _GRADIO.match(path)
    return _gradio_refusal(match["route"], match["mount"]) if match else None


def _gradio_refusal(route: str, mount: str | None) -> Refusal | None:
    if _FETCHES.match(route):
        return Refusal(403, "no_outbound_fetch", "本服务不代为获取外部网址")
    if route.startswith("upload") and mount != ADMIN_PATH:
        return Refusal(403, "upload_closed", "只有登录的管理员可以上传文件")
    return None


def body_limit(path: str, limits: Limits) -> int:
    """The largest body a request to ``path`` may send."""
    match = _GRADIO.match(path)
    if match and match["mount"] == ADMIN_PATH and match["route"].startswith("upload"):
        return limits.upload_bytes
    return limits.body_bytes


class GuardMiddleware:
    """Refuses closed routes and oversized or too slow bodies before the app reads them."""

    def __init__(
        self,
        app: ASGIApp,
        limits: Limits,
        is_admin: Callable[[Scope], bool] | None = None,
        schemas_open: bool = False,
    ) -> None:
        self.app = app
        self.limits = limits
        self.is_admin = is_admin or (lambda scope: False)
        self.schemas_open = schemas_open

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        limit = body_limit(path, self.limits)
        admin = self.is_admin(scope)
        refusal = route_refusal(path, admin, self.schemas_open) or self._declared_too_large(
            scope, limit
        )
        if refusal is not None:
            await _refuse(scope, send, refusal)
            return
        await self._guarded(scope, receive, send, limit)

    def _declared_too_large(self, scope: Scope, limit: int) -> Refusal | None:
        declared = dict(scope.get("headers", [])).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            return _too_large(limit)
        return None

    async def _guarded(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        """Receive the whole body within the limits first, then hand it to the app.

        Buffering (at most ``limit`` bytes) means the app never sees part of a body that
        turns out too large or too slow, so it never fails half way through a request.
        """
        body = await self._receive_body(receive, limit)
        if isinstance(body, Refusal):
            await _refuse(scope, send, body)
            return
        if body is None:  # the client went away
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:  # later calls wait for the disconnect, as streaming routes expect
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    async def _receive_body(self, receive: Receive, limit: int) -> bytes | Refusal | None:
        chunks: list[bytes] = []
        size, deadline = 0, time.monotonic() + self.limits.body_seconds
        while True:
            try:
                message = await asyncio.wait_for(receive(), max(deadline - time.monotonic(), 0))
            except TimeoutError:
                seconds = self.limits.body_seconds
                return Refusal(408, "body_timeout", f"请求体在 {seconds:.0f} 秒内没有传完")
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                return _too_large(limit)
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


def _too_large(limit: int) -> Refusal:
    size = f"{limit >> 20} MB" if limit >= 1 << 20 else f"{limit / 1024:g} KB"
    return Refusal(413, "payload_too_large", f"请求体过大,上限 {size}")


async def _refuse(scope: Scope, send: Send, refusal: Refusal) -> None:
    logger.info("refused %s %s: %s", scope.get("method"), scope["path"], refusal.code)
    body = json.dumps(
        {"error": {"code": refusal.code, "message": refusal.message}}, ensure_ascii=False
    ).encode("utf-8")
    headers = [
        (b"content-type", b"application/json; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
        *refusal.headers,
    ]
    await send({"type": "http.response.start", "status": refusal.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
