"""Settings of the web application, read from the environment (and the command line).

The stack's own settings (data folder, model cache, backend) are read by
:func:`index.settings.stack_settings`; this module adds what only the web app needs.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.settings import SettingsError, StackSettings, stack_settings

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
DEFAULT_UPLOAD_LIMIT_MB = 10
DEFAULT_CONCURRENCY = 16
DEFAULT_QUEUE_SIZE = 256
DEFAULT_BODY_LIMIT_KB = 256
DEFAULT_MAX_SESSIONS = 500
DEFAULT_SESSION_MINUTES = 60
DEFAULT_FEEDBACK_DAYS = 365
DEFAULT_BODY_SECONDS = 30

# Set before Gradio is imported: no analytics, version check or telemetry leave the machine.
OFFLINE_ENVIRONMENT = {
    "GRADIO_ANALYTICS_ENABLED": "False",
    "HF_HUB_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "GRADIO_RUN_HISTORY": "False",
}


@dataclass(frozen=True)
class Settings:
    """Everything the web application can be configured with.

    Attributes:
        host: Interface to listen on (``--host``).
        port: Port to listen on (``--port``).
        allowed_origins: Origins allowed to embed the widget and call the API
            (``POLICY_QA_ALLOWED_ORIGINS``, comma-separated, e.g. ``https://portal.example``).
        admin_password: Password of the 文档管理 tab (``POLICY_QA_ADMIN_PASSWORD``);
            the tab is not offered when it is empty.
        stack: Paths and model of the answering stack (``POLICY_QA_DATA``,
            ``POLICY_QA_BACKEND``…, see :mod:`index.settings`).
        max_upload_bytes: Largest accepted upload (``POLICY_QA_MAX_UPLOAD_MB``).
        concurrency: Chat requests answered at once per event (``POLICY_QA_CONCURRENCY``).
        queue_size: Requests that may wait in Gradio's queue (``POLICY_QA_QUEUE_SIZE``).
        corpus: A plan file or folder to serve instead of the library (``--corpus``).
        max_body_bytes: Largest request body of any other route, chat history included
            (``POLICY_QA_MAX_BODY_KB``); refused while it is being received.
        max_sessions: Chat sessions whose state is kept in memory; the oldest go first
            (``POLICY_QA_MAX_SESSIONS``).
        session_seconds: How long a chat session's state is kept after its last use
            (``POLICY_QA_SESSION_MINUTES``).
        feedback_days: How long 👍/👎 rows are kept (``POLICY_QA_FEEDBACK_DAYS``).
        body_seconds: Time a request body may take to arrive (``POLICY_QA_BODY_SECONDS``).
        trusted_proxies: Addresses (or networks) of the reverse proxies whose
            ``X-Forwarded-For`` names the client (``POLICY_QA_TRUSTED_PROXIES``); none by
            default, so no client can choose the address its failed logins count against.
        api_schema: Whether ``/openapi.json`` (FastAPI's and Gradio's) is served
            (``POLICY_QA_API_SCHEMA=on``); off by default: no page needs it.
    """

    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    allowed_origins: tuple[str, ...] = ()
    admin_password: str = ""
    stack: StackSettings = field(default_factory=StackSettings)
    max_upload_bytes: int = DEFAULT_UPLOAD_LIMIT_MB * 1024 * 1024
    concurrency: int = DEFAULT_CONCURRENCY
    queue_size: int = DEFAULT_QUEUE_SIZE
    corpus: Path | None = None
    max_body_bytes: int = DEFAULT_BODY_LIMIT_KB * 1024
    max_sessions: int = DEFAULT_MAX_SESSIONS
    session_seconds: int = DEFAULT_SESSION_MINUTES * 60
    feedback_days: int = DEFAULT_FEEDBACK_DAYS
    body_seconds: int = DEFAULT_BODY_SECONDS
    trusted_proxies: tuple[str, ...] = ()
    api_schema: bool = False

    def server_options(self) -> dict[str, Any]:
        """uvicorn's proxy options: forwarded headers only from the trusted proxies."""
        if not self.trusted_proxies:
            return {"proxy_headers": False}
        return {"proxy_headers": True, "forwarded_allow_ips": list(self.trusted_proxies)}

    @property
    def index_dir(self) -> Path:
        """The index folder of the corpus served (``--corpus``'s own, else the library's)."""
        return self.stack.index_dir_for(self.corpus)

    @property
    def exports_dir(self) -> Path:
        """Where the 任务分工 downloads are written (one file per filter, replaced)."""
        return self.stack.data_dir / "exports"

    @property
    def sessions_path(self) -> Path:
        """The admin sessions and failed logins, shared by the processes on the data folder."""
        return self.stack.data_dir / "admin-sessions.sqlite3"

    @property
    def gradio_dir(self) -> Path:
        """Gradio's upload and cache folder, under the data folder (cleaned on a schedule)."""
        return self.stack.data_dir / "tmp" / "gradio"


def set_offline_environment() -> None:
    """Turn off Gradio's and the Hub's network calls (call before importing gradio)."""
    for key, value in OFFLINE_ENVIRONMENT.items():
        os.environ.setdefault(key, value)


def load_settings(
    env: Mapping[str, str] | None = None,
    *,
    host: str | None = None,
    port: int | None = None,
    corpus: Path | None = None,
) -> Settings:
    """Settings from ``env`` (default: ``os.environ``); the keywords override it."""
    env = os.environ if env is None else env
    return Settings(
        host=host or env.get("POLICY_QA_HOST", "").strip() or DEFAULT_HOST,
        port=port if port is not None else _int(env, "POLICY_QA_PORT", DEFAULT_PORT),
        allowed_origins=parse_origins(env.get("POLICY_QA_ALLOWED_ORIGINS", "")),
        admin_password=env.get("POLICY_QA_ADMIN_PASSWORD", ""),
        stack=stack_settings(env),
        max_upload_bytes=_int(env, "POLICY_QA_MAX_UPLOAD_MB", DEFAULT_UPLOAD_LIMIT_MB) << 20,
        concurrency=_int(env, "POLICY_QA_CONCURRENCY", DEFAULT_CONCURRENCY),
        queue_size=_int(env, "POLICY_QA_QUEUE_SIZE", DEFAULT_QUEUE_SIZE),
        corpus=corpus,
        max_body_bytes=_int(env, "POLICY_QA_MAX_BODY_KB", DEFAULT_BODY_LIMIT_KB) << 10,
        max_sessions=_int(env, "POLICY_QA_MAX_SESSIONS", DEFAULT_MAX_SESSIONS),
        session_seconds=_int(env, "POLICY_QA_SESSION_MINUTES", DEFAULT_SESSION_MINUTES) * 60,
        feedback_days=_int(env, "POLICY_QA_FEEDBACK_DAYS", DEFAULT_FEEDBACK_DAYS),
        body_seconds=_int(env, "POLICY_QA_BODY_SECONDS", DEFAULT_BODY_SECONDS),
        trusted_proxies=parse_proxies(env.get("POLICY_QA_TRUSTED_PROXIES", "")),
        api_schema=env.get("POLICY_QA_API_SCHEMA", "").strip().lower() == "on",
    )


def parse_proxies(value: str) -> tuple[str, ...]:
    """Split a comma/space separated list of proxy addresses or networks (``10.0.0.0/8``)."""
    proxies = []
    for entry in value.replace(",", " ").split():
        try:
            proxies.append(str(ipaddress.ip_network(entry, strict=False)))
        except ValueError:
            raise SettingsError(
                f"POLICY_QA_TRUSTED_PROXIES: {entry!r} is not an IP address or network "
                "(expected e.g. 127.0.0.1 or 10.0.0.0/8)"
            ) from None
    return tuple(dict.fromkeys(proxies))


def parse_origins(value: str) -> tuple[str, ...]:
    """Split a comma/space separated origin list; each must be ``scheme://host[:port]``."""
    origins = []
    for entry in value.replace(",", " ").split():
        origin = entry.rstrip("/")
        scheme, _, rest = origin.partition("://")
        if scheme not in ("http", "https") or not rest or "/" in rest or ";" in rest:
            raise SettingsError(
                f"POLICY_QA_ALLOWED_ORIGINS: {origin!r} is not an origin "
                "(expected scheme://host[:port], e.g. https://portal.example.gov.cn)"
            )
        origins.append(origin)
    return tuple(dict.fromkeys(origins))


def _int(env: Mapping[str, str], key: str, default: int) -> int:
    value = env.get(key, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise SettingsError(f"{key}: expected a whole number, got {value!r}") from None
    if number <= 0:
        raise SettingsError(f"{key}: expected a positive number, got {number}")
    return number
