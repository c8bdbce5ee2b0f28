"""Login and logout posted from another site are refused; only trusted proxies name clients."""

from __future__ import annotations

import json
import threading
import time
import urllib.request

import pytest
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient

from index.settings import SettingsError
from tests.web.conftest import free_port
from web.config import Settings, load_settings
from web.login import create_login_router
from web.sessions import AdminSessions

PORTAL = "https://portal.example.gov.cn"


@pytest.fixture
def client() -> TestClient:
    app = FastAPI()
    app.include_router(create_login_router(AdminSessions("pw"), (PORTAL,)))
    return TestClient(app)  # its requests go to http://testserver


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Origin": "https://evil.example"}, 403),
        ({"Origin": "null"}, 403),
        ({"Referer": "https://evil.example/page.html"}, 403),
        ({"Origin": "http://testserver"}, 303),
        ({"Referer": "http://testserver/admin/login"}, 303),
        ({"Origin": PORTAL}, 303),
        ({}, 303),  # no web page at all (a script): no cross-site form can be this
    ],
)
def test_login_checks_where_the_form_came_from(
    client: TestClient, headers: dict[str, str], status: int
) -> None:
    reply = client.post(
        "/admin/login", data={"password": "pw"}, headers=headers, follow_redirects=False
    )
    assert reply.status_code == status
    assert ("set-cookie" in reply.headers) is (status == 303)


def test_logout_from_another_site_is_refused(client: TestClient) -> None:
    reply = client.post(
        "/admin/logout", headers={"Origin": "https://evil.example"}, follow_redirects=False
    )
    assert reply.status_code == 403 and "set-cookie" not in reply.headers


def test_trusted_proxies_are_read_and_checked() -> None:
    assert load_settings({}).trusted_proxies == ()
    settings = load_settings({"POLICY_QA_TRUSTED_PROXIES": "127.0.0.1, 10.1.2.0/24"})
    assert settings.trusted_proxies == ("127.0.0.1/32", "10.1.2.0/24")
    with pytest.raises(SettingsError, match=r"'proxy\.example' is not an IP address"):
        load_settings({"POLICY_QA_TRUSTED_PROXIES": "proxy.example"})


@pytest.mark.parametrize(("trusted", "seen"), [((), "127.0.0.1"), (("127.0.0.1",), "203.0.113.9")])
def test_x_forwarded_for_names_the_client_only_from_a_trusted_proxy(
    trusted: tuple[str, ...], seen: str
) -> None:
    import uvicorn

    app = FastAPI()

    @app.get("/who")
    def who(request: Request) -> dict[str, str]:
        return {"client": request.client.host if request.client else ""}

    port = free_port()
    options = Settings(trusted_proxies=trusted).server_options()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", **options)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/who", headers={"X-Forwarded-For": "203.0.113.9"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert json.loads(response.read())["client"] == seen
    finally:
        server.should_exit = True
        thread.join(10)
