"""Small helpers for the fast answering tests: one word splitter, numbers, hand-made hits.

jieba loads its dictionary once per instance (about a second), so every fast test of the
answering layer shares one instance that knows the user words of every fixture plan.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from corpus import Corpus
from corpus.models import Target
from corpus.textnorm import normalize
from index.chunks import make_chunks, user_words
from index.models import Hit
from index.tokenizer import Tokenizer
from qa.analysis import QuestionAnalyzer
from qa.evidence import TopicEvidence
from qa.numbers import NumberAnswers, NumberConfig
from qa.policy import AnswerConfig
from qa.quoting import Quoter
from tests.conftest import FIXTURES

COUNTY_PLAN = FIXTURES / "plan-county.txt"
Splitter = Callable[[str], list[str]]


def jieba_splitter(corpora: Iterable[Corpus]) -> Splitter:
    """One jieba instance keeping the user words of all ``corpora`` whole."""
    import jieba

    instance = jieba.Tokenizer()
    for corpus in corpora:
        for word in user_words(corpus):
            instance.add_word(normalize(word), freq=200_000)

    def split(text: str) -> list[str]:
        words: list[str] = instance.lcut(text)
        return words

    return split


def analyzer(corpus: Corpus, splitter: Splitter) -> QuestionAnalyzer:
    """The analyzer as the assistant makes it, with the index tokenizer's words."""
    return QuestionAnalyzer(corpus, Tokenizer(splitter=splitter).words)


def number_answers(corpus: Corpus, config: NumberConfig | None = None) -> NumberAnswers:
    """How-much answers without an index: hits are made by hand (no best sentence)."""
    quoter = Quoter(corpus, make_chunks(corpus))
    threshold = AnswerConfig().min_target_match
    return NumberAnswers(quoter, TopicEvidence(corpus), threshold, config)


def hits(doc_id: str, *items: int, dense: float = 0.0) -> list[Hit]:
    """Hits on these items, best first, as a search would rank them."""
    return [
        Hit(doc_id, item, 1.0 - 0.1 * rank, lexical_score=0.5, dense_score=dense, chunk=-1)
        for rank, item in enumerate(items)
    ]


def target(corpus: Corpus, text: str) -> Target:
    """The one target written ``text`` in the corpus."""
    found = [t for item in corpus.items() for t in item.targets if t.text == text]
    assert len(found) == 1, f"{text!r}: {len(found)} targets"
    return found[0]
