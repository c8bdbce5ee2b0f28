"""Start the assistant on the bundled corpus.

For now this prints the parsed plan; the chat (Gradio) grows here as a thin shell over
the ``qa`` core.
"""

from __future__ import annotations

import sys

from corpus.cli import main

if __name__ == "__main__":
    sys.exit(main(["show", *sys.argv[1:]]))
