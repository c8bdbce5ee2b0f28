"""Build, save and load the indexes of a corpus, with their settings checked on load.

Layout of the index folder::

    CURRENT            name of the live build (replaced atomically and durably)
    .lock              held by the one process building (see index.durable)
    build-<id>/        params.json, lexical.npz, dense.faiss, synonyms.json, MANIFEST.json,
                       sources/ (the plan files the build was made from)
    embeddings/        passage vectors by text (index.embedding_cache): a rebuild embeds
                       only the chunks it has not seen

A build is written completely into a new folder, flushed to disk with a manifest of its
files' sizes and hashes, and only then pointed at, so a reader never sees half an index
and a crash never leaves ``CURRENT`` naming one. A build whose params differ from what
the running code would build (model, dimension, chunker, tokenizer, corpus hash), or that
fails its manifest or cannot be read, is rebuilt with a log line saying why; it is never
served. A failed build removes its folder; builds run one at a time across processes.
The plan files are kept in the build, so a server can start on its last good index at
once (:func:`saved_sources`) while a changed library is built anew.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from corpus.loading import Corpus
from index.chunks import CHUNKER_VERSION, lexical_chunk_ids, make_chunks, user_words
from index.dense import DEFAULT_FACTORY, DenseIndex
from index.durable import build_lock, point, pointed, seal, sweep_orphans, verify
from index.embedding_cache import EmbeddingCache
from index.errors import IndexFileError
from index.lexical import LexicalIndex
from index.protocols import Encoder
from index.retriever import FusionConfig, HybridRetriever
from index.synonyms import SynonymTable, Thesaurus
from index.tokenizer import Splitter, Tokenizer

logger = logging.getLogger(__name__)

FORMAT_VERSION = 4  # 4: the lexical index as flat arrays in lexical.npz
PARAMS_FILE = "params.json"
SOURCES_DIR = "sources"


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
        ``folder/build-<id>``, or ``None`` if ``folder`` holds no usable ``CURRENT``
        pointer (none, an empty one, or one naming anything but a build folder).
    """
    try:
        return pointed(folder)
    except IndexFileError:
        return None


def saved_sources(folder: Path) -> Path | None:
    """The plan files the live build was made from (a folder), if it kept them."""
    build = current_build(folder)
    if build is None or saved_index_problem(folder) is not None:
        return None
    sources = build / SOURCES_DIR
    return sources if sources.is_dir() else None


def saved_index_problem(folder: Path) -> str | None:
    """Why the saved index in ``folder`` could not be loaded now, or ``None`` if it looks whole.

    Cheap enough for a health check: the pointer and each file's size against the
    manifest, not the hashes or the params (see :func:`load_or_build` for those).
    """
    try:
        build = pointed(folder)
        if build is None:
            return f"no saved index in {folder}"
        verify(build, hashes=False)
    except IndexFileError as error:
        return str(error)
    return None


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
    tokenizer.load()  # now, not on the first question (or on forty of them at once)
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
    lexical_chunks = len(lexical_chunk_ids(chunks))
    try:
        synonyms = _load(folder, expected, lexical, dense, lexical_chunks)
        logger.info("loaded index %s", folder)
        removed = sweep_orphans(folder)
        if removed:
            logger.warning("removed %s: left by a build that did not finish", ", ".join(removed))
        return HybridRetriever(chunks, lexical, dense, config, synonyms)
    except IndexFileError as error:
        logger.warning("rebuilding the index: %s", error)
    with build_lock(folder):
        try:  # another process may have built it while this one waited for the lock
            synonyms = _load(folder, expected, lexical, dense, lexical_chunks)
            logger.info("loaded index %s, built by another process", folder)
        except IndexFileError:
            started = time.perf_counter()
            lexical.build([chunks[i].text for i in lexical_chunk_ids(chunks)])
            cache = EmbeddingCache(folder, encoder.name, encoder.dimension, CHUNKER_VERSION)
            dense.build([c.text for c in chunks], progress=progress, cache=cache)
            synonyms = (
                SynonymTable.build(thesaurus, lexical.vocabulary()) if thesaurus else SynonymTable()
            )
            sources = [Path(doc.path) for doc in corpus.documents]
            _save(folder, expected, (lexical, dense, synonyms), sources)
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
    build = pointed(folder)
    if build is None:
        raise IndexFileError(f"no saved index in {folder}")
    verify(build, hashes=True)
    try:
        saved = json.loads((build / PARAMS_FILE).read_text("utf-8"))
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
    parts: tuple[LexicalIndex, DenseIndex, SynonymTable],
    sources: Sequence[Path],
) -> None:
    """Write a new build, seal it, point at it; on any failure remove it (hold the lock)."""
    folder.mkdir(parents=True, exist_ok=True)
    build = Path(tempfile.mkdtemp(prefix="build-", dir=folder))
    try:
        for part in parts:
            part.save(build)
        _keep_sources(build / SOURCES_DIR, sources)
        (build / PARAMS_FILE).write_text(json.dumps(dataclasses.asdict(params), indent=2), "utf-8")
        seal(build)
        point(folder, build)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    # Under the lock no other build is in progress: any other folder is old or orphaned.
    for old in folder.glob("build-*"):
        if old != build:
            shutil.rmtree(old, ignore_errors=True)


def _keep_sources(folder: Path, sources: Sequence[Path]) -> None:
    """Copy the plan files beside the index (not when one is missing: then keep none)."""
    names = [path.name for path in sources]
    if not sources or len(set(names)) < len(names) or not all(p.is_file() for p in sources):
        return
    folder.mkdir()
    for path in sources:
        shutil.copyfile(path, folder / path.name)
