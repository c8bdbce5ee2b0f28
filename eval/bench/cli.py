"""``python -m eval.bench``: parse the flags, run the benchmark or one child, print."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from eval.bench.children import CHILDREN, ChildOptions, child_main
from eval.bench.common import DEFAULT_WARMUP, RATE_SAMPLE, BenchError
from eval.bench.runner import (
    DEFAULT_SYNTHETIC_BACKEND,
    DEFAULT_SYNTHETIC_ITEMS,
    RunOptions,
    run_benchmark,
)
from eval.bench.synthetic import DEFAULT_ITEMS_PER_DOC, MAX_HEADING_NUMBER
from index.names import BACKENDS

logger = logging.getLogger(__name__)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text}")
    return value


def _add_size_lists(parser: argparse.ArgumentParser) -> None:
    """The library sizes measured beyond the synthetic corpus (``--growth``, ``--lexical``)."""
    parser.add_argument(
        "--growth",
        type=_positive,
        nargs="+",
        default=[],
        metavar="N",
        help="also measure synthetic libraries of these sizes (items), e.g. 19 190 950",
    )
    parser.add_argument(
        "--lexical",
        type=_positive,
        nargs="+",
        default=[],
        metavar="N",
        help="also build, save and load the lexical index alone for libraries of these "
        "sizes (items; about 3.7 chunks each), e.g. 10000 27500",
    )


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the command line (the ``--child`` options are internal)."""
    parser = argparse.ArgumentParser(
        prog="python -m eval.bench",
        description="Measure build time, query latency, memory "
        "and cold start of the retrieval stack on this machine.",
    )
    parser.add_argument("--quick", action="store_true", help="skip the synthetic corpus")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write every figure as JSON")
    parser.add_argument("--backends", nargs="+", choices=BACKENDS, default=list(BACKENDS))
    parser.add_argument(
        "--synthetic",
        type=_positive,
        default=DEFAULT_SYNTHETIC_ITEMS,
        metavar="N",
        help="items in the synthetic corpus (default %(default)s)",
    )
    parser.add_argument(
        "--synthetic-backend",
        choices=BACKENDS,
        default=DEFAULT_SYNTHETIC_BACKEND,
        help="the one backend measured on the synthetic corpus",
    )
    parser.add_argument(
        "--items-per-doc",
        type=_positive,
        default=DEFAULT_ITEMS_PER_DOC,
        help=f"synthetic items per document (at most {MAX_HEADING_NUMBER})",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic corpus")
    _add_size_lists(parser)
    parser.add_argument("--no-hnsw", action="store_true", help="skip FAISS HNSW32 vs Flat")
    parser.add_argument("--no-ocr", action="store_true", help="skip OCR of a 6-page scan")
    parser.add_argument(
        "--warmup", type=int, default=DEFAULT_WARMUP, help="untimed queries per mode before timing"
    )
    parser.add_argument("--workdir", type=Path, help="where temporary indexes go (default: TMPDIR)")
    hidden = argparse.SUPPRESS
    parser.add_argument("--child", choices=sorted(CHILDREN), help=hidden)
    parser.add_argument("--backend", choices=BACKENDS, help=hidden)
    parser.add_argument("--index-dir", type=Path, help=hidden)
    parser.add_argument("--corpus", type=Path, help=hidden)
    parser.add_argument("--out", type=Path, help=hidden)
    parser.add_argument("--launched-at", type=float, help=hidden)
    parser.add_argument("--progress", action="store_true", help=hidden)
    parser.add_argument("--hnsw", action="store_true", help=hidden)
    parser.add_argument("--sample", type=_positive, default=RATE_SAMPLE, help=hidden)
    args = parser.parse_args(argv)
    if args.items_per_doc > MAX_HEADING_NUMBER:
        parser.error(f"--items-per-doc must be at most {MAX_HEADING_NUMBER}")
    return args


def run_options(args: argparse.Namespace) -> RunOptions:
    """The options of a whole run, from the parsed command line."""
    return RunOptions(
        backends=tuple(args.backends),
        quick=args.quick,
        warmup=args.warmup,
        workdir=args.workdir,
        synthetic_items=args.synthetic,
        synthetic_backend=args.synthetic_backend,
        items_per_doc=args.items_per_doc,
        seed=args.seed,
        hnsw=not args.no_hnsw,
        ocr=not args.no_ocr,
        growth=tuple(args.growth),
        lexical=tuple(args.lexical),
    )


def child_options(args: argparse.Namespace) -> ChildOptions:
    """The options of one child measurement, from the parsed command line.

    Raises:
        BenchError: ``--child`` without ``--backend``, ``--index-dir`` or ``--out``.
    """
    if args.out is None or args.index_dir is None or args.backend is None:
        raise BenchError("--child needs --backend, --index-dir and --out")
    return ChildOptions(
        kind=args.child,
        backend=args.backend,
        index_dir=args.index_dir,
        out=args.out,
        corpus=args.corpus,
        launched_at=args.launched_at,
        warmup=args.warmup,
        progress=args.progress,
        hnsw=args.hnsw,
        sample=args.sample,
        seed=args.seed,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark (or, with ``--child``, one measurement of it).

    Returns:
        The process exit code: 0, or 2 if something could not be measured.
    """
    args = parse_args(argv)
    logging.basicConfig(
        level=logging.INFO,
        format=f"%(asctime)s %(levelname)s [{args.child or 'bench'}] %(name)s: %(message)s",
        stream=sys.stderr,
    )
    try:
        if args.child:
            return child_main(child_options(args))
        results = run_benchmark(run_options(args))
    except BenchError as error:
        logger.error("%s", error)
        return 2
    from eval.bench.report import render_report  # lazy: a child loads no corpus package early

    print(render_report(results))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
        logger.info("wrote %s", args.json)
    return 0
