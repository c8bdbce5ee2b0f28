"""Build the old-Word fixtures from ``tests/fixtures/plan-table.docx`` with LibreOffice.

Writes, into ``tests/fixtures`` (or ``OUT_DIR``):

* ``plan-legacy.doc``: the .docx plan (paragraphs, then a task table with merged cells)
  saved as Word 97-2003 by LibreOffice's "MS Word 97" filter. The conversion goes
  .docx → .odt → .doc: LibreOffice 7.4 converting this python-docx file straight to .doc
  drops its tables (the paragraphs stay); through .odt it keeps them.
* ``plan-legacy.wps``: the same bytes. WPS Office's .wps files are often Word 97 binaries
  under the other extension; LibreOffice detects the format by content. A genuine WPS
  Writer or Microsoft Works .wps cannot be made here: LibreOffice reads Works files but
  cannot write them, and there is no WPS Office on the build machine.

Needs LibreOffice (``soffice``, see :mod:`corpus.legacy`); the tests only read the
committed files. Usage: ``python scripts/make_legacy_fixtures.py [OUT_DIR]``.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tests" / "fixtures" / "plan-table.docx"
DEFAULT_OUT = ROOT / "tests" / "fixtures"
STEM = "plan-legacy"

logger = logging.getLogger(__name__)


def build(out_dir: Path = DEFAULT_OUT, source: Path = SOURCE) -> list[Path]:
    """Write the .doc and the .wps fixture into ``out_dir``; return their paths."""
    sys.path.insert(0, str(ROOT))
    from corpus.legacy import convert, find_soffice

    soffice = find_soffice()
    if soffice is None:
        raise SystemExit("make_legacy_fixtures: LibreOffice (soffice) not found")
    odt = convert(str(source), source.read_bytes(), ".docx", "odt", soffice=soffice)
    doc = convert(f"{source.stem}.odt", odt, ".odt", "doc:MS Word 97", soffice=soffice)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / f"{STEM}{suffix}" for suffix in (".doc", ".wps")]
    for path in paths:
        path.write_bytes(doc)
    return paths


def main(argv: list[str]) -> int:
    """Build into ``argv[0]`` or the fixtures folder."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    for path in build(Path(argv[0]) if argv else DEFAULT_OUT):
        logger.info("wrote %s", path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
