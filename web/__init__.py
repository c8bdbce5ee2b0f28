"""The web application around the answering core: Gradio chat, JSON API and widget.

Importing this package is light; :func:`create_app` imports Gradio when called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI


def create_app(*args: Any, **kwargs: Any) -> FastAPI:
    """Build the FastAPI app (see :func:`web.server.create_app`)."""
    from web.server import create_app as _create_app

    return _create_app(*args, **kwargs)


__all__ = ["create_app"]
