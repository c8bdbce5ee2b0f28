"""Assemble the application: JSON API, widget, Gradio chat (``/``) and embed view."""

from __future__ import annotations

import logging
from functools import partial

from fastapi import FastAPI

import qa
from qa import Assistant
from web.config import Settings, set_offline_environment
from web.documents import corpus_source

logger = logging.getLogger(__name__)

EMBED_PATH = "/embed"


def load_assistant(settings: Settings) -> Assistant:
    """Load (or build) the index of the live corpus: the library if any, else the shipped plan."""
    stack = settings.stack
    return qa.load(
        corpus_source(settings),
        backend=stack.backend,
        model=stack.model,
        index_dir=stack.index_dir_for(settings.corpus),
    )


def create_app(settings: Settings, assistant: Assistant | None = None) -> FastAPI:
    """The FastAPI app serving everything; loads the assistant unless one is given."""
    set_offline_environment()
    import gradio as gr  # after the offline environment is set

    from eval.feedback_store import FeedbackStore
    from web.api import HeadScriptMiddleware, add_security_middleware, create_router
    from web.chat import CSS, EMBED_CSS, HEAD, build_embed, build_main
    from web.service import AssistantService

    loader = partial(load_assistant, settings)
    service = AssistantService(assistant or loader(), loader)
    store = FeedbackStore(settings.stack.feedback_db)
    app = FastAPI(title="政策问答", docs_url=None, redoc_url=None, openapi_url=None)
    add_security_middleware(app, settings.allowed_origins)
    app.add_middleware(HeadScriptMiddleware, snippet=HEAD)
    app.include_router(create_router(service))
    theme = gr.themes.Default(primary_hue="red", font=["system-ui", "sans-serif"])
    mounts = (
        (EMBED_PATH, build_embed(service, store, settings), EMBED_CSS),
        ("/", build_main(service, store, settings), CSS),
    )
    for path, blocks, css in mounts:
        blocks.queue(default_concurrency_limit=settings.concurrency, max_size=settings.queue_size)
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
            theme=theme,
            css=css,
        )
    logger.info(
        "app ready: concurrency %d, queue %d, embedding allowed for %s",
        settings.concurrency,
        settings.queue_size,
        ", ".join(settings.allowed_origins) or "(same origin only)",
    )
    return app
