"""Print an HTML page to PDF with Debian's headless Chromium.

``python3 scripts/make_pdf_fixture.py`` regenerates the committed test fixture
``tests/fixtures/plan-pdf.pdf`` from ``tests/fixtures/src/plan-pdf.html``; with two
arguments it prints any HTML file to any PDF path (``scripts/measure_pdf_libraries.py``
uses it for its test PDFs). Needs ``/usr/bin/chromium`` and a CJK font
(``fonts-wqy-microhei``); the tests only read the committed PDF.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tests" / "fixtures" / "src" / "plan-pdf.html"
TARGET = ROOT / "tests" / "fixtures" / "plan-pdf.pdf"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
)


def print_to_pdf(html: Path, pdf: Path) -> None:
    """Print ``html`` to ``pdf`` with headless Chromium; raise if no PDF was written."""
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                chromium,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                f"--print-to-pdf={pdf.resolve()}",
                html.resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    if not pdf.is_file() or pdf.stat().st_size == 0:
        raise RuntimeError(f"Chromium wrote no PDF for {html}")


def main(argv: list[str]) -> int:
    """Print the fixture (no arguments) or ``HTML PDF``; return the exit code."""
    if len(argv) not in (0, 2):
        sys.stderr.write("usage: make_pdf_fixture.py [HTML PDF]\n")
        return 2
    html, pdf = (Path(argv[0]), Path(argv[1])) if argv else (SOURCE, TARGET)
    print_to_pdf(html, pdf)
    sys.stdout.write(f"{pdf}: {pdf.stat().st_size} bytes\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
