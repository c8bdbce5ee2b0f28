"""Build, save and load the indexes of a corpus, with their settings checked on load.

Layout of the index folder::

    CURRENT            name of the live build (replaced atomically)
    build-<id>/        params.json, lexical.json, dense.faiss, synonyms.json

A build is written completely into a new folder before ``CURRENT`` points at it, so a
reader never sees half an index. A build whose params differ from what the running
code would build (model, dimension, chunker, tokenizer, corpus hash), or that cannot be
read, is rebuilt with a log line saying why; it is never served.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from corpus.loading import Corpus
from index.chunks import CHUNKER_VERSION, lexical_chunk_ids, make_chunks, user_words
from index.dense import DEFAULT_FACTORY, DenseIndex
from index.errors import IndexFileError
from index.lexical import LexicalIndex
from index.protocols import Encoder
from index.retriever import FusionConfig, HybridRetriever
from index.synonyms import SynonymTable, Thesaurus
from index.tokenizer import Splitter, Tokenizer

logger = logging.getLogger(__name__)

FORMAT_VERSION = 3  # 3: thesaurus words normalised like questions
PARAMS_FILE = "params.json"
CURRENT_FILE = "CURRENT"


@dataclass(frozen=True)
class IndexParams:
    """Everything a saved index depends on; a mismatch on load means rebuild."""

    format: int
    chunker: str
    tokenizer: str
    model: str
    dimension: int
    dense_factory: str
    corpus_hash: str
    chunks: int
    thesaurus: str  # the thesaurus file's name and hash, or "none"


def current_build(folder: Path) -> Path | None:
    """The live build folder of the index in ``folder``, as ``CURRENT`` names it.

    Only the pointer is read: whether the build is complete or current is for
    :func:`load_or_build` to check.

    Args:
        folder: An index folder (see the layout above).

    Returns:
        ``folder/build-<id>``, or ``None`` if ``folder`` holds no ``CURRENT`` pointer (or
        an empty one).
    """
    try:
        name = (folder / CURRENT_FILE).read_text("utf-8").strip()
    except FileNotFoundError:
        return None
    return folder / name if name else None


def load_or_build(
    corpus: Corpus,
    encoder: Encoder,
    folder: Path,
    *,
    splitter: Splitter | None = None,
    dense_factory: str = DEFAULT_FACTORY,
    config: FusionConfig | None = None,
    thesaurus: Thesaurus | None = None,
    progress: bool = False,
) -> HybridRetriever:
    """Load the saved index for ``corpus`` if it is current, else build and save it.

    ``thesaurus`` (optional) gives the synonyms for query expansion, cut down at build
    time to the words of this corpus (see :mod:`index.synonyms`).
    """
    chunks = make_chunks(corpus)
    tokenizer = Tokenizer(user_words(corpus), splitter=splitter)
    lexical, dense = LexicalIndex(tokenizer), DenseIndex(encoder, dense_factory)
    expected = IndexParams(
        FORMAT_VERSION,
        CHUNKER_VERSION,
        tokenizer.version,
        encoder.name,
        encoder.dimension,
        dense_factory,
        corpus.content_hash(),
        len(chunks),
        thesaurus.name if thesaurus else "none",
    )
    try:
        synonyms = _load(folder, expected, lexical, dense, len(lexical_chunk_ids(chunks)))
        logger.info("loaded index %s", folder)
    except IndexFileError as error:
        logger.warning("rebuilding the index: %s", error)
        started = time.perf_counter()
        lexical.build([chunks[i].text for i in lexical_chunk_ids(chunks)])
        dense.build([c.text for c in chunks], progress=progress)
        synonyms = (
            SynonymTable.build(thesaurus, lexical.vocabulary()) if thesaurus else SynonymTable()
        )
        _save(folder, expected, lexical, dense, synonyms)
        seconds = time.perf_counter() - started
        logger.info("built index of %d chunks in %.1f s", len(chunks), seconds)
    return HybridRetriever(chunks, lexical, dense, config, synonyms)


def _load(
    folder: Path,
    expected: IndexParams,
    lexical: LexicalIndex,
    dense: DenseIndex,
    lexical_chunks: int,
) -> SynonymTable:
    current = folder / CURRENT_FILE
    try:
        build = folder / current.read_text("utf-8").strip()
        saved = json.loads((build / PARAMS_FILE).read_text("utf-8"))
    except FileNotFoundError as error:
        raise IndexFileError(f"no saved index in {folder}") from error
    except (OSError, ValueError) as error:
        raise IndexFileError(f"{folder}: unreadable index params ({error})") from error
    wanted = dataclasses.asdict(expected)
    changed = (
        [key for key in wanted if saved.get(key) != wanted[key]]
        if isinstance(saved, dict)
        else ["params"]
    )
    if changed:
        details = ", ".join(f"{k}: saved {saved.get(k)!r}, now {wanted[k]!r}" for k in changed[:3])
        raise IndexFileError(f"{build} is stale ({details})")
    lexical.load(build)
    dense.load(build)
    if len(lexical) != lexical_chunks or len(dense) != expected.chunks:
        raise IndexFileError(
            f"{build}: holds {len(lexical)} lexical / {len(dense)} dense entries, "
            f"expected {lexical_chunks} / {expected.chunks}"
        )
    return SynonymTable.load(build)


def _save(
    folder: Path,
    params: IndexParams,
    lexical: LexicalIndex,
    dense: DenseIndex,
    synonyms: SynonymTable,
) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    build = Path(tempfile.mkdtemp(prefix="build-", dir=folder))
    lexical.save(build)
    dense.save(build)
    synonyms.save(build)
    (build / PARAMS_FILE).write_text(json.dumps(dataclasses.asdict(params), indent=2), "utf-8")
    pointer = folder / f"{CURRENT_FILE}.{os.getpid()}.tmp"
    pointer.write_text(build.name, "utf-8")
    os.replace(pointer, folder / CURRENT_FILE)  # atomic: readers see the old or the new build
    for old in folder.glob("build-*"):
        if old != build:
            shutil.rmtree(old, ignore_errors=True)
