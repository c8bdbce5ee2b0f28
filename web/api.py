"""The JSON API (``/api/ask``, ``/api/health``), ``/widget.js`` and the embedding headers."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from index.store import saved_index_problem
from qa import QuestionError
from qa.question import MAX_QUESTION_CHARS
from qa.render import to_dict
from web.service import AssistantService

logger = logging.getLogger(__name__)

WIDGET_FILE = Path(__file__).with_name("widget.js")
MAX_BODY_BYTES = 64 * 1024
MAX_HISTORY = 20


class ApiError(Exception):
    """A request the API refuses: HTTP status, a short code and a Chinese message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def error_response(status: int, code: str, message: str) -> JSONResponse:
    """``{"error": {"code": …, "message": …}}`` with ``status``."""
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


def create_router(
    service: AssistantService, index_dir: Path | None = None, exports_dir: Path | None = None
) -> APIRouter:
    """Routes of the JSON API, the widget script and the 任务分工 downloads.

    ``index_dir`` is checked by health; ``exports_dir`` holds the downloads.
    """
    router = APIRouter()
    if exports_dir is not None:
        add_download_route(router, exports_dir)

    @router.post("/api/ask")
    async def ask(request: Request) -> Response:
        from starlette.concurrency import run_in_threadpool

        try:
            require_json(request.headers.get("content-type", ""))
            question, history, doc = parse_ask(await request.body())
            answer = await run_in_threadpool(service.ask, question, history, doc)
        except ApiError as error:
            return error_response(error.status, error.code, error.message)
        except QuestionError as error:
            return error_response(422, "invalid_question", str(error))
        return JSONResponse(to_dict(answer))

    @router.get("/api/health")
    def health() -> dict[str, Any]:
        corpus = service.assistant.corpus
        plans = [{"id": doc.doc_id, "title": doc.title} for doc in corpus.documents]
        problems = [
            problem
            for problem in (
                saved_index_problem(index_dir) if index_dir and not service.rebuilding else None,
                f"last rebuild failed: {service.last_failure}" if service.last_failure else None,
            )
            if problem
        ]
        return {
            "status": "degraded" if problems else "ok",
            "problems": problems,
            "documents": len(corpus.documents),
            "plans": plans[:200],
            "items": len(corpus.items()),
            "rebuilding": service.rebuilding,
            "max_question_chars": MAX_QUESTION_CHARS,
        }

    @router.get("/widget.js")
    def widget() -> Response:
        return Response(
            WIDGET_FILE.read_text(encoding="utf-8"),
            media_type="application/javascript; charset=utf-8",
            headers={"Cache-Control": "public, max-age=300"},
        )

    @router.api_route("/api/{path:path}", methods=["GET", "POST", "PUT", "DELETE", "PATCH"])
    def not_found(path: str) -> Response:
        return error_response(404, "not_found", f"没有这个接口:/api/{path}")

    return router


def add_download_route(router: APIRouter, exports_dir: Path) -> None:
    """``GET /exports/NAME``: a download by file name, so no page shows a server folder."""

    @router.get("/exports/{name}")
    def download(name: str) -> Response:
        path = exports_dir / name
        if not _download_name(name) or not path.is_file():
            return error_response(404, "not_found", f"没有这个下载文件:{name}")
        return FileResponse(path, filename=name, headers={"Cache-Control": "no-store"})


def require_json(content_type: str) -> None:
    """Refuse a body not declared as JSON (415).

    A web page may send ``text/plain`` or a form to any address without asking first
    (no CORS preflight); only a JSON body needs the preflight our allow-list answers, so
    no other site can make its visitors' browsers put questions to this server.
    """
    if content_type.split(";", 1)[0].strip().lower() != "application/json":
        raise ApiError(
            415,
            "unsupported_media_type",
            "请求体须为 JSON(Content-Type: application/json),"
            f"收到的是 {content_type or '(未声明)'}",
        )


def parse_ask(body: bytes) -> tuple[str, list[str], str | None]:
    """Question, history and plan (``doc``) of an ``/api/ask`` body; raise if bad."""
    if len(body) > MAX_BODY_BYTES:
        raise ApiError(413, "payload_too_large", f"请求体过大,上限 {MAX_BODY_BYTES // 1024} KB")
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ApiError(400, "invalid_json", "请求体不是有效的 JSON") from None
    if not isinstance(data, dict):
        raise ApiError(400, "invalid_json", '请求体应为 JSON 对象,如 {"question": "……"}')
    question, history = data.get("question"), data.get("history", [])
    if not isinstance(question, str):
        raise ApiError(422, "invalid_request", "缺少 question 字段(字符串)")
    if not _strings(history) or len(history) > MAX_HISTORY:
        raise ApiError(
            422, "invalid_request", f"history 应为字符串列表(最多 {MAX_HISTORY} 条,旧的在前)"
        )
    doc = data.get("doc")
    if doc is not None and not isinstance(doc, str):
        raise ApiError(422, "invalid_request", "doc 应为计划的编号或标题(字符串)")
    return question, list(history), doc or None


def _download_name(name: str) -> bool:
    """A plain file name of a download: no folder, no hidden file, a table's suffix."""
    return (
        name == Path(name).name
        and not name.startswith(".")
        and "\\" not in name
        and Path(name).suffix in (".csv", ".xlsx")
    )


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def frame_ancestors(origins: Sequence[str]) -> str:
    """The CSP value allowing the app itself and ``origins`` to frame it."""
    return " ".join(["frame-ancestors", "'self'", *origins])


class SecurityHeadersMiddleware:
    """Adds ``frame-ancestors`` and ``X-Content-Type-Options: nosniff`` to every response."""

    def __init__(self, app: ASGIApp, origins: Sequence[str]) -> None:
        self.app = app
        self.headers = [
            (b"content-security-policy", frame_ancestors(origins).encode("latin-1")),
            (b"x-content-type-options", b"nosniff"),
        ]
        self.names = {name for name, _ in self.headers}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_header(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.get("headers", [])
                kept = [(k, v) for k, v in headers if k.lower() not in self.names]
                message["headers"] = [*kept, *self.headers]
            await send(message)

        await self.app(scope, receive, send_with_header)


class HeadScriptMiddleware:
    """Inserts a snippet at the start of ``<head>`` of every HTML page (before Gradio loads)."""

    def __init__(self, app: ASGIApp, snippet: str) -> None:
        self.app = app
        self.snippet = snippet.encode("utf-8")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        body: list[bytes] = []

        async def rewrite(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                types = dict(message.get("headers", []))
                if not types.get(b"content-type", b"").startswith(b"text/html"):
                    await send(message)
                    return
                start = message
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            body.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            html = b"".join(body).replace(b"<head>", b"<head>" + self.snippet, 1)
            kept = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
            start["headers"] = [*kept, (b"content-length", str(len(html)).encode())]
            await send(start)
            await send({"type": "http.response.body", "body": html})

        await self.app(scope, receive, rewrite)


def add_security_middleware(app: FastAPI, origins: Sequence[str]) -> None:
    """CORS allow-list (Gradio then leaves CORS to it), frame-ancestors and nosniff."""
    app.add_middleware(
        CORSMiddleware,
        allow_origins=list(origins),
        allow_methods=["GET", "POST", "OPTIONS"],
        allow_headers=["Content-Type"],
        allow_credentials=False,
        max_age=600,
    )
    app.add_middleware(SecurityHeadersMiddleware, origins=origins)
