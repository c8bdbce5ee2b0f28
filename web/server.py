"""Assemble the application: JSON API, widget, Gradio chat (``/``) and embed view."""

from __future__ import annotations

import logging
import os
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI

import qa
from corpus.loading import find_documents
from index.store import saved_sources
from qa import Assistant
from web.config import Settings, set_offline_environment
from web.documents import corpus_source, library_files, recover_interrupted_changes

if TYPE_CHECKING:
    from web.sessions import AdminSessions

logger = logging.getLogger(__name__)

EMBED_PATH = "/embed"
# Gradio's cached files (uploads, downloads) older than an hour go, checked every 10 minutes.
CACHE_CLEANING = (600, 3600)


def quick_start(settings: Settings) -> Assistant | None:
    """The last good index with the plans it was built from, if the library changed since.

    Loading it takes seconds; building the changed library may take minutes, so the
    server answers from the last good index meanwhile (the caller rebuilds in the
    background). ``None`` when there is no such index or the library is unchanged.
    """
    folder = settings.index_dir
    snapshot = saved_sources(folder)
    if snapshot is None or same_files(find_documents(snapshot), library_files(settings)):
        return None
    logger.warning(
        "the plan library changed since the last build: answering from the last good index "
        "while the new one is built"
    )
    stack = settings.stack
    return qa.load(snapshot, backend=stack.backend, model=stack.model, index_dir=folder)


def same_files(first: list[Path], second: list[Path]) -> bool:
    """Whether two lists of files hold the same names with the same bytes."""
    by_name = {path.name: path for path in second}
    return len(first) == len(second) and all(
        path.name in by_name and path.read_bytes() == by_name[path.name].read_bytes()
        for path in first
    )


def load_assistant(settings: Settings) -> Assistant:
    """Load (or build) the index of the live corpus: the library if any, else the shipped plan."""
    stack = settings.stack
    return qa.load(
        corpus_source(settings),
        backend=stack.backend,
        model=stack.model,
        index_dir=settings.index_dir,
    )


def create_app(settings: Settings, assistant: Assistant | None = None) -> FastAPI:
    """The FastAPI app serving everything; loads the assistant unless one is given."""
    set_offline_environment()
    settings.gradio_dir.mkdir(parents=True, exist_ok=True)
    # Read by Gradio when each app is created: uploads and cached files stay in the data folder.
    os.environ["GRADIO_TEMP_DIR"] = str(settings.gradio_dir)
    # gradio is imported below this point only, after the offline environment is set
    from eval.feedback_store import open_feedback_store
    from web.admin_page import build_admin
    from web.api import HeadScriptMiddleware, add_security_middleware, create_router
    from web.chat import CSS, EMBED_CSS, HEAD, build_embed, build_main
    from web.follow import BuildFollower
    from web.guard import ADMIN_PATH
    from web.login import create_login_router
    from web.service import AssistantService
    from web.session_store import SqliteSessionStore
    from web.sessions import AdminSessions

    recover_interrupted_changes(settings)
    loader = partial(load_assistant, settings)
    quick = None if assistant else quick_start(settings)
    service = AssistantService(assistant or quick or loader(), loader)
    if quick is not None:
        service.rebuild_in_background()
    # Other processes on the same data folder may build: load what they switch to.
    BuildFollower(service, settings.index_dir).start()
    store = open_feedback_store(settings.stack.feedback_target, keep_days=settings.feedback_days)
    # shared by every process on the data folder: a login through one holds for all
    sessions = AdminSessions(
        settings.admin_password, store=SqliteSessionStore(settings.sessions_path)
    )
    app = FastAPI(title="政策问答", docs_url=None, redoc_url=None, openapi_url=None)
    add_guard(app, settings, sessions)
    app.add_middleware(HeadScriptMiddleware, snippet=HEAD)
    add_security_middleware(app, settings.allowed_origins)  # outermost: refusals get headers too
    app.include_router(create_router(service, settings.index_dir, settings.exports_dir))
    app.include_router(create_login_router(sessions, settings.allowed_origins))
    mounts: list[tuple[str, Any, str]] = [
        (EMBED_PATH, build_embed(service, store, settings), EMBED_CSS),
    ]
    if sessions.enabled:
        mounts.append((ADMIN_PATH, build_admin(service, settings, sessions), ""))
    mounts.append(("/", build_main(service, store, settings), CSS))
    for path, blocks, css in mounts:
        mount_page(app, path, blocks, css, settings)
    logger.info(
        "app ready: concurrency %d, queue %d, body limit %d KB, embedding allowed for %s",
        settings.concurrency,
        settings.queue_size,
        settings.max_body_bytes >> 10,
        ", ".join(settings.allowed_origins) or "(same origin only)",
    )
    return app


def add_guard(app: FastAPI, settings: Settings, sessions: AdminSessions) -> None:
    """The gate in front of everything (:mod:`web.guard`), with this server's limits."""
    from web.guard import GuardMiddleware, Limits
    from web.login import session_token

    limits = Limits(
        settings.max_body_bytes, settings.max_upload_bytes + (1 << 20), settings.body_seconds
    )
    app.add_middleware(
        GuardMiddleware,
        limits=limits,
        is_admin=lambda scope: sessions.valid(session_token(scope)),
        schemas_open=settings.api_schema,
    )


def mount_page(app: FastAPI, path: str, blocks: Any, css: str, settings: Settings) -> None:
    """Serve one Gradio page at ``path`` with its own queue, bounded sessions and cache."""
    import gradio as gr

    bound_sessions(blocks, settings)
    # api_open=False: /run/ refuses queued events, so none bypasses the queue's limits
    blocks.queue(
        default_concurrency_limit=settings.concurrency,
        max_size=settings.queue_size,
        api_open=False,
    )
    gr.mount_gradio_app(
        app,
        blocks,
        path=path,
        footer_links=["api"],
        run_history=False,
        max_file_size=settings.max_upload_bytes,
        ssr_mode=False,
        mcp_server=False,
        pwa=False,
        theme=gr.themes.Default(primary_hue="red", font=["system-ui", "sans-serif"]),
        css=css,
    )


def bound_sessions(blocks: Any, settings: Settings) -> None:
    """Keep at most ``max_sessions`` sessions, each state for ``session_seconds`` after use."""
    import gradio as gr

    blocks.state_session_capacity = settings.max_sessions
    blocks.delete_cache = CACHE_CLEANING
    for block in blocks.blocks.values():
        if isinstance(block, gr.State):
            block.time_to_live = settings.session_seconds
