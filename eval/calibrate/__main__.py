"""Entry point for ``python -m eval.calibrate``."""

import sys

from eval.calibrate.cli import main

sys.exit(main())
