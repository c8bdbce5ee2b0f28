"""Passage vectors kept by text, so a rebuild embeds only the passages it has not seen.

Adding one plan to a library of hundreds re-embeds that plan's chunks only: every other
chunk's text is unchanged, and its vector is read back from here. The cache lives beside
the builds in the index folder, one folder per encoder and chunker version::

    embeddings/<encoder>-<dimension>-<chunker>/shard-<time>-<pid>.npz   (keys, vectors)

Each build that embeds something appends one shard (written to a temporary name, then
renamed), so a crash never leaves a half shard. When the shards hold more than twice the
vectors the corpus uses (plans removed or changed), they are compacted into one. Builds
are serialised by the store's build lock, so shards are never written concurrently.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np

from index.protocols import Vectors

logger = logging.getLogger(__name__)

CACHE_DIR = "embeddings"
_UNSAFE = re.compile(r"[^\w.-]+")


def text_key(text: str) -> str:
    """The cache key of a passage: a hash of its exact text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


class EmbeddingCache:
    """Vectors by text for one encoder; :meth:`vectors_for` embeds only the unseen texts."""

    def __init__(self, folder: Path, encoder_name: str, dimension: int, chunker: str) -> None:
        slug = _UNSAFE.sub("_", f"{encoder_name}-{dimension}-{chunker}")[:120]
        self.folder = folder / CACHE_DIR / slug
        self.dimension = dimension
        self.embedded = 0  # texts embedded by the last call (the rest came from the cache)

    def vectors_for(
        self,
        texts: Sequence[str],
        encode: Callable[[Sequence[str]], Vectors],
        batch_size: int = 32,
        progress: bool = False,
    ) -> Vectors:
        """Vectors for ``texts`` in order: cached ones read, new ones embedded and kept."""
        known = self._load()
        keys = [text_key(text) for text in texts]
        missing = list(dict.fromkeys(k for k in keys if k not in known))
        text_of = dict(zip(keys, texts, strict=True))
        if missing:
            vectors = embed_in_batches([text_of[k] for k in missing], encode, batch_size, progress)
            known.update(zip(missing, vectors, strict=True))
            self._write_shard(missing, vectors)
        self.embedded = len(missing)
        logger.info("embeddings: %d reused, %d new", len(set(keys)) - len(missing), len(missing))
        if len(known) > 2 * max(len(set(keys)), 1):
            self._compact({key: known[key] for key in keys})
        result = np.empty((len(texts), self.dimension), dtype=np.float32)
        for row, key in enumerate(keys):
            result[row] = known[key]
        return result

    def _load(self) -> dict[str, np.ndarray]:
        known: dict[str, np.ndarray] = {}
        for shard in sorted(self.folder.glob("shard-*.npz")):
            try:
                with np.load(shard, allow_pickle=False) as data:
                    keys, vectors = data["keys"], data["vectors"]
            except (OSError, ValueError, KeyError) as error:  # a damaged shard is re-embedded
                logger.warning("ignoring %s: unreadable (%s)", shard, error)
                continue
            if vectors.shape[1:] == (self.dimension,) and len(keys) == len(vectors):
                known.update(zip(map(str, keys), vectors, strict=True))
        return known

    def _write_shard(self, keys: Sequence[str], vectors: np.ndarray) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"shard-{time.time_ns()}-{os.getpid()}.npz"
        partial = self.folder / f"partial-{name}"  # not read until renamed: never half a shard
        np.savez(partial, keys=np.array(keys), vectors=vectors)
        os.replace(partial, self.folder / name)
        return self.folder / name

    def _compact(self, live: dict[str, np.ndarray]) -> None:
        """Replace every shard (and any partial one a crash left) by one holding ``live``."""
        old = [*self.folder.glob("shard-*.npz"), *self.folder.glob("partial-*")]
        kept = self._write_shard(list(live), np.array(list(live.values()), dtype=np.float32))
        for shard in old:
            if shard != kept:
                shard.unlink(missing_ok=True)
        logger.info("embeddings: compacted %d shards into one of %d vectors", len(old), len(live))


def embed_in_batches(
    texts: Sequence[str],
    encode: Callable[[Sequence[str]], Vectors],
    batch_size: int,
    progress: bool = False,
) -> Vectors:
    """``encode`` over ``texts`` in batches of similar length (with a progress bar if asked).

    A batch is padded to its longest text: sorting by length first means little padding.
    The vectors come back in the order of ``texts``.
    """
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    starts: Iterable[int] = range(0, len(order), batch_size)
    if progress:
        from tqdm import tqdm

        starts = tqdm(starts, desc="embedding", unit="batch")
    parts = [encode([texts[i] for i in order[start : start + batch_size]]) for start in starts]
    if not parts:
        return np.empty((0, 0), dtype=np.float32)
    vectors = np.empty((len(texts), parts[0].shape[1]), dtype=np.float32)
    vectors[order] = np.concatenate(parts)
    return vectors
