"""Start the web application: ``python app.py [--host H] [--port P]``.

A thin shell: settings from the environment and the command line, the offline
environment for Gradio, then :func:`web.create_app` served by uvicorn.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from index.settings import SettingsError
from web.config import load_settings, set_offline_environment

set_offline_environment()  # before anything imports gradio


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line, build the app and serve it until interrupted."""
    parser = argparse.ArgumentParser(prog="python app.py", description="政策问答 web app")
    parser.add_argument("--host", help="interface to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port to listen on (default 7860)")
    parser.add_argument("--corpus", type=Path, help="a plan file or folder to serve")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        settings = load_settings(host=args.host, port=args.port, corpus=args.corpus)
    except SettingsError as error:
        logging.getLogger("app").error("%s", error)
        return 2

    import uvicorn

    from web import create_app

    app = create_app(settings)
    uvicorn.run(
        app, host=settings.host, port=settings.port, log_level="info", **settings.server_options()
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
