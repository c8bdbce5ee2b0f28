"""Tokens for lexical search: jieba words plus character bigrams, on normalised text."""

from __future__ import annotations

import contextlib
import functools
import logging
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from typing import Any

from corpus.textnorm import normalize

logger = logging.getLogger(__name__)

Splitter = Callable[[str], Iterable[str]]

TOKENIZER_VERSION = "4"
# Function and question words carry no topic: 谁/多少/哪些 never appear in a plan's clause.
STOPWORDS = frozenset(
    "的 了 是 在 和 与 及 等 要 有 也 都 就 把 被 对 从 向 为 以 之 其 或 并 而 又 由 这 那 哪 "
    "个 吗 呢 啊 吧 呀 么 嘛 我 你 他 她 它 我们 你们 他们 咱们 谁 什么 怎么 怎样 如何 哪些 "
    "哪个 哪里 多少 几 几个 是否 请问 一下 一些 这个 那个 这些 那些 还有 还是 可以 能 会".split()
)
# jieba keeps a user word whole once its frequency beats the split it would otherwise
# make (jieba's suggest_freq asks at most 334 for the shipped plan's words). Any value
# from 1,000 to 10,000,000 segments the shipped plan identically (98 of the 178
# occurrences of user words kept whole; the rest are names inside longer names, such as
# 住建局 in 市住建局); this one leaves room for plans whose words jieba splits harder.
USER_WORD_FREQ = 200_000
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_WORD = re.compile(r"[\w%.]+")
_LATIN = re.compile(r"[0-9a-z%.]{2,}")
# The splits of texts already split inside a :func:`splits_remembered` block, by tokenizer.
_SPLITS: ContextVar[dict[tuple[int, str], tuple[str, ...]] | None] = ContextVar(
    "splits", default=None
)


@contextlib.contextmanager
def splits_remembered() -> Iterator[None]:
    """Within the block, each tokenizer splits a given text once.

    Answering one question reads its text several times (analysis, the BM25 ceiling,
    the synonyms, the search): jieba's pass, linear in the text, then runs once. The
    splits are kept for the block only (and per thread: a context variable); a block
    inside another goes on with the outer one's splits.
    """
    outer = _SPLITS.get()
    token = _SPLITS.set({} if outer is None else outer)
    try:
        yield
    finally:
        _SPLITS.reset(token)


class Tokenizer:
    """Splits text into words (jieba by default), CJK character bigrams and characters.

    Args:
        user_words: terms the splitter must keep whole (department names, quoted terms).
        splitter: a function from text to words; tests pass a fake, the default is a
            private jieba instance (so the global jieba dictionary is never touched).
        bigrams: add n-grams of the Chinese runs between stopwords: ``#``-prefixed
            character bigrams, which match across different segmentations (标准厂房 /
            标准化厂房), and ``@``-prefixed single characters, which let a colloquial
            abbreviation (改厕) meet the plan's word (厕所改造); a number or Latin word
            gets the same two prefixed copies. Measured hit@1 of BM25 on the single-item
            questions without department look-ups (cases / holdout): words alone
            0.968 / 0.978, + bigrams 0.989 / 0.956, + characters 1.000 / 0.978,
            + numbers and Latin words weighted alike 1.000 / 1.000.
    """

    def __init__(
        self,
        user_words: Iterable[str] = (),
        splitter: Splitter | None = None,
        bigrams: bool = True,
    ) -> None:
        self.user_words = tuple(sorted({normalize(w) for w in user_words if w}))
        self.bigrams = bigrams
        self._splitter = splitter
        self._jieba: Any = None
        self._jieba_lock = threading.Lock()

    @property
    def version(self) -> str:
        """Identifies the tokenisation, so a saved index built differently is rebuilt."""
        kind = "custom" if self._splitter else "jieba"
        return f"{TOKENIZER_VERSION}-{kind}-ngrams={self.bigrams}"

    def words(self, text: str) -> list[str]:
        """The words of ``text`` (normalised), without stopwords and punctuation."""
        norm = normalize(text).lower()
        return [w for w in self._split(norm) if _WORD.fullmatch(w) and w not in STOPWORDS]

    def tokenize(self, text: str) -> list[str]:
        """Return the tokens of ``text``: words, then ``#`` bigrams, then ``@`` characters.

        Bigrams and characters come from the runs of Chinese between stopwords, so
        "负责哪些任务" gives no "责哪" or "些任": such grams are in no plan, and would
        weigh as rare terms in a query's ceiling.
        """
        norm = normalize(text).lower()
        split = list(self._split(norm))
        words = [w for w in split if _WORD.fullmatch(w) and w not in STOPWORDS]
        if not self.bigrams:
            return words
        kept = "".join(w if w not in STOPWORDS else " " for w in split)
        runs = _CJK_RUN.findall(kept)
        grams = ["#" + run[i : i + 2] for run in runs for i in range(len(run) - 1)]
        chars = ["@" + char for run in runs for char in run]
        # A Chinese word also counts through its bigrams and characters; a number or a
        # Latin word ("569", "etc") gets the same three tokens, or it would weigh a third.
        latin = [w for w in words if _LATIN.fullmatch(w)]
        return words + grams + ["#" + w for w in latin] + chars + ["@" + w for w in latin]

    def load(self) -> None:
        """Load jieba's dictionary now rather than on the first question (no-op with a splitter).

        Safe from many threads at once: the first loads it (about 0.7 s), the others wait.
        Without the lock, 40 first questions at once each loaded it: 26 s for all.
        """
        if self._splitter is not None or self._jieba is not None:
            return
        with self._jieba_lock:
            if self._jieba is None:
                self._jieba = _load_jieba(self.user_words)

    def _split(self, text: str) -> Iterable[str]:
        remembered = _SPLITS.get()
        if remembered is None:
            return self._split_now(text)
        key = (id(self), text)
        words = remembered.get(key)
        if words is None:
            words = remembered[key] = tuple(self._split_now(text))
        return words

    def _split_now(self, text: str) -> Iterable[str]:
        if self._splitter is not None:
            return self._splitter(text)
        self.load()
        words: list[str] = self._jieba.lcut(text)
        return words


def _load_jieba(user_words: Iterable[str]) -> Any:
    """A private jieba instance: the shared base dictionary plus these user words."""
    import jieba  # lazy: loads a 5 MB dictionary; only when first needed

    frequencies, total = _base_dictionary()
    instance = jieba.Tokenizer()
    # A copy of the loaded dictionary (~30 ms) instead of loading it again (~0.8 s) for
    # every index built in a process; add_word below changes only this copy.
    instance.FREQ, instance.total, instance.initialized = dict(frequencies), total, True
    for word in user_words:
        instance.add_word(word, freq=USER_WORD_FREQ)
    logger.debug("jieba ready with %d user words", len(list(user_words)))
    return instance


_BASE_LOCK = threading.Lock()


def _base_dictionary() -> tuple[dict[str, int], int]:
    """jieba's default dictionary, loaded once per process: word frequencies and total."""
    # functools.cache alone lets concurrent first callers each load it; under the lock
    # they wait for the first, then hit the cache
    with _BASE_LOCK:
        return _read_base_dictionary()


@functools.cache
def _read_base_dictionary() -> tuple[dict[str, int], int]:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    base = jieba.Tokenizer()
    base.initialize()
    return base.FREQ, base.total
