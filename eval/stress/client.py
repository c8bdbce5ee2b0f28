"""HTTP as an attacker sends it: raw sockets, declared sizes, Gradio's queue by hand."""

from __future__ import annotations

import contextlib
import http.client
import json
import secrets
import socket
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Response:
    """Status, headers (lower-case names) and body of one request."""

    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        """The body as JSON (``None`` if it is not)."""
        try:
            return json.loads(self.body)
        except ValueError:
            return None


def call(
    url: str,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    *,
    timeout: float = 60,
) -> Response:
    """One request on a fresh connection."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        reply = connection.getresponse()
        return Response(reply.status, {k.lower(): v for k, v in reply.getheaders()}, reply.read())
    finally:
        connection.close()


def post_json(url: str, path: str, data: Any, headers: dict[str, str] | None = None) -> Response:
    """POST ``data`` as JSON."""
    body = json.dumps(data).encode("ascii")  # escapes: a lone surrogate travels as "\\ud800"
    return call(url, "POST", path, body, {"Content-Type": "application/json", **(headers or {})})


def declared_body(
    url: str, path: str, size: int, sent: int = 1 << 16, content_type: str = "application/json"
) -> tuple[int, float]:
    """Claim a ``size``-byte body, send ``sent`` bytes of it; (status, seconds to the reply)."""
    parts = urlsplit(url)
    started = time.monotonic()
    with socket.create_connection((parts.hostname or "", parts.port or 80), timeout=60) as sock:
        sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {size}\r\nOrigin: https://evil.example\r\n\r\n".encode()
        )
        with contextlib.suppress(OSError):  # the server may close before taking it all
            sock.sendall(b"{" + b" " * (sent - 1))
        reply = sock.recv(4096)
    status = int(reply.split(b" ", 2)[1]) if reply.startswith(b"HTTP/") else 0
    return status, time.monotonic() - started


def chunked_body(url: str, path: str, total: int, chunk: int = 1 << 20) -> int:
    """Send ``total`` bytes without a declared length (chunked); the reply's status."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname or "", parts.port or 80), timeout=60) as sock:
        sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            "Transfer-Encoding: chunked\r\n\r\n".encode()
        )
        with contextlib.suppress(OSError):  # the server may close before taking it all
            for _ in range(total // chunk):
                sock.sendall(f"{chunk:x}\r\n".encode() + b" " * chunk + b"\r\n")
            sock.sendall(b"0\r\n\r\n")
        reply = sock.recv(4096)
    return int(reply.split(b" ", 2)[1]) if reply.startswith(b"HTTP/") else 0


def slow_body(url: str, path: str, seconds: float) -> tuple[int, float]:
    """Declare 1 KB and send a byte every second for ``seconds``: (status, seconds taken)."""
    parts = urlsplit(url)
    started = time.monotonic()
    with socket.create_connection((parts.hostname or "", parts.port or 80), timeout=60) as sock:
        sock.sendall(f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 1024\r\n\r\n".encode())
        sock.settimeout(1.0)
        reply = b""
        while time.monotonic() - started < seconds and not reply:
            try:
                sock.sendall(b" ")
                reply = sock.recv(4096)
            except TimeoutError:
                continue
            except OSError:
                break
    status = int(reply.split(b" ", 2)[1]) if reply.startswith(b"HTTP/") else 0
    return status, time.monotonic() - started


def fn_index(url: str, prefix: str, name: str, headers: dict[str, str] | None = None) -> int:
    """The index of the Gradio event called ``name`` on the page at ``prefix``."""
    config = call(url, "GET", f"{prefix}/config", headers=headers).json()
    for position, dependency in enumerate(config["dependencies"]):
        if dependency.get("api_name") == name:
            return int(dependency.get("id", position))
    raise LookupError(f"no event {name!r} on {prefix or '/'}")


def gradio_event(
    url: str,
    prefix: str,
    index: int,
    data: list[Any],
    *,
    timeout: float = 60,
    headers: dict[str, str] | None = None,
    event_data: Any = None,
) -> Any:
    """Run a queued Gradio event as the browser does; its output data, or the error message.

    ``event_data`` is what the browser sends about the event itself (a 👍's message).
    """
    session = secrets.token_hex(8)
    joined = post_json(
        url,
        f"{prefix}/gradio_api/queue/join",
        {"data": data, "fn_index": index, "session_hash": session, "event_data": event_data},
        headers,
    )
    if joined.status != 200:
        return {"status": joined.status}
    stream_path = f"{prefix}/gradio_api/queue/data?session_hash={session}"
    stream = call(url, "GET", stream_path, headers=headers, timeout=timeout)
    for line in stream.body.decode("utf-8", "replace").splitlines():
        if not line.startswith("data:"):
            continue
        message = json.loads(line[5:])
        if message.get("msg") == "process_completed":
            output = message.get("output") or {}
            return output.get("data", output.get("error"))
    return None
