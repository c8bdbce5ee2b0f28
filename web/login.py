"""``/admin/login`` and ``/admin/logout``: the only routes under /admin open without a session."""

from __future__ import annotations

import html
from collections.abc import Sequence
from http.cookies import CookieError, SimpleCookie
from urllib.parse import parse_qs, urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.types import Scope

from web.guard import ADMIN_PATH, LOGIN_PATH
from web.sessions import COOKIE, SESSION_SECONDS, AdminSessions, LoginRefused

_PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>文档管理 · 登录</title>
<style>body{{font-family:system-ui,sans-serif;max-width:22em;margin:4em auto;padding:0 1em}}
input,button{{font-size:1em;padding:.4em;width:100%;box-sizing:border-box;margin:.3em 0}}
button{{background:#c81e1e;color:#fff;border:0;border-radius:4px}}
.msg{{color:#c81e1e}}</style></head><body>
<h1>文档管理</h1><p class="msg" role="alert">{message}</p>
<form method="post" action="{action}"><label>管理员密码
<input type="password" name="password" autocomplete="current-password" autofocus></label>
<button type="submit">登录</button></form><p><a href="/">返回问答</a></p></body></html>"""


CROSS_SITE = "请在本站的登录页登录(其他网站提交的登录请求已拒绝)。"


def session_token(scope: Scope) -> str | None:
    """The admin session token in the request's cookies, if any."""
    raw = dict(scope.get("headers", [])).get(b"cookie", b"").decode("latin-1")
    cookie = SimpleCookie()
    try:
        cookie.load(raw)
    except CookieError:  # a malformed Cookie header carries no session
        return None
    morsel = cookie.get(COOKIE)
    return morsel.value if morsel else None


def login_page(message: str = "", status: int = 200) -> HTMLResponse:
    """The login form, with a message (escaped) above it."""
    page = _PAGE.format(message=html.escape(message), action=LOGIN_PATH)
    return HTMLResponse(page, status_code=status, headers={"Cache-Control": "no-store"})


def from_this_site(request: Request, allowed_origins: Sequence[str] = ()) -> bool:
    """Whether a form post comes from this server's own pages (or an allowed origin).

    Browsers send ``Origin`` with every POST (``Referer`` where a privacy setting drops
    it); a post from another site's page names that site and is refused. A request with
    neither comes from no web page (a script or curl), which a cross-site form cannot be.
    """
    headers = request.headers
    claimed = headers.get("origin") or _origin_of(headers.get("referer", ""))
    if claimed is None:
        return True
    own = f"{request.url.scheme}://{headers.get('host', '')}"
    return claimed.rstrip("/").lower() in {own.lower(), *(o.lower() for o in allowed_origins)}


def _origin_of(url: str) -> str | None:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def create_login_router(sessions: AdminSessions, allowed_origins: Sequence[str] = ()) -> APIRouter:
    """GET/POST ``/admin/login`` and POST ``/admin/logout`` (posts from other sites: 403)."""
    router = APIRouter()

    @router.get(LOGIN_PATH)
    def form() -> Response:
        if not sessions.enabled:
            return login_page("未设置管理员密码(POLICY_QA_ADMIN_PASSWORD),文档管理未开放。", 404)
        return login_page()

    @router.post(LOGIN_PATH)
    async def login(request: Request) -> Response:
        if not from_this_site(request, allowed_origins):
            return login_page(CROSS_SITE, 403)
        fields = parse_qs((await request.body()).decode("utf-8", "replace"))
        client = request.client.host if request.client else "unknown"
        try:
            token = sessions.login(client, (fields.get("password") or [""])[0])
        except LoginRefused as refused:
            if refused.retry_after:
                waiting = login_page(str(refused), 429)
                waiting.headers["Retry-After"] = str(int(refused.retry_after) + 1)
                return waiting
            return login_page(str(refused), 401)
        response = RedirectResponse(f"{ADMIN_PATH}/", status_code=303)
        response.set_cookie(
            COOKIE,
            token,
            max_age=SESSION_SECONDS,
            path=ADMIN_PATH,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
        )
        return response

    @router.post(f"{ADMIN_PATH}/logout")
    def logout(request: Request) -> Response:
        if not from_this_site(request, allowed_origins):
            return login_page(CROSS_SITE, 403)
        sessions.logout(request.cookies.get(COOKIE))
        response = RedirectResponse(LOGIN_PATH, status_code=303)
        response.delete_cookie(COOKIE, path=ADMIN_PATH)
        return response

    return router
