"""Cut a corpus into searchable chunks and derive the lexical user dictionary from it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from corpus.assignments import LABEL
from corpus.clauses import CLAUSE_BREAKS, clause_spans
from corpus.loading import Corpus
from corpus.models import Document, Item, Sentence, Span
from index.models import Chunk

# Bump when chunking changes: saved indexes built by another version are rebuilt.
CHUNKER_VERSION = "4"
# Clause chunks go to the dense index only. Measured on eval/paraphrase.jsonl: they lift
# dense hit@1 from 0.750 to 0.829, while BM25 given them too drops from 0.776 to 0.724:
# its length normalisation favours whichever short clause shares one rare word.
LEXICAL_KINDS = frozenset({"item", "sentence"})
MIN_CLAUSE_CHARS = 4  # shorter pieces ("同时", "二是") carry no topic of their own
_QUOTED = re.compile(r"[“\"]([^”\"]{2,12})[”\"]")


def make_chunks(corpus: Corpus) -> list[Chunk]:
    """One chunk per item (preamble included), per sentence of it and per clause.

    Item chunks carry the part title, so "公共服务方面…" finds the part's items; sentence
    and clause chunks carry the item title, so a short piece keeps its topic. The title
    sentence itself gets no chunk of its own when the item has others: it would win
    every search on the item's topic and then be the sentence highlighted as the answer.
    Clauses (between commas and semicolons) let a colloquial question about one detail
    of a long sentence meet that detail rather than the sentence's averaged meaning.
    """
    chunks = []
    for doc in corpus.documents:
        for item in doc.items:
            chunks.append(Chunk(doc.doc_id, item.number, "item", _item_text(doc, item), item.span))
            sentences = item.sentences[1:] if len(item.sentences) > 1 else item.sentences
            for sentence in sentences:
                chunks.append(_titled(doc, item, "sentence", sentence.text, sentence.span))
                chunks += [
                    _titled(doc, item, "clause", text, span) for text, span in _clauses(sentence)
                ]
    return chunks


def lexical_chunk_ids(chunks: Sequence[Chunk]) -> list[int]:
    """Positions of the chunks the lexical index holds (all but clauses)."""
    return [i for i, chunk in enumerate(chunks) if chunk.kind in LEXICAL_KINDS]


def _titled(doc: Document, item: Item, kind: str, text: str, span: Span) -> Chunk:
    return Chunk(doc.doc_id, item.number, kind, f"{item.title}:{text}", span)


def _clauses(sentence: Sentence) -> list[tuple[str, Span]]:
    """The sentence's clauses with their spans; none when it has only one."""
    base, text = sentence.span.start, sentence.text
    found = [
        (text[start:end], Span(base + start, base + end))
        for start, end in clause_spans(text)
        if len(text[start:end].rstrip(CLAUSE_BREAKS)) >= MIN_CLAUSE_CHARS
    ]
    return found if len(found) > 1 else []


def _item_text(doc: Document, item: Item) -> str:
    """The part title and the item's text, its role labels left out: "配合单位" in a
    question asks for units, it should not find the items that write the label."""
    part = doc.part(item.part).title if item.part else doc.title
    return f"{part} {LABEL.sub(' ', item.text)}"


def user_words(corpus: Corpus) -> list[str]:
    """Terms the word splitter must keep whole: departments, aliases, quoted terms, titles."""
    words = set()
    for department in corpus.registry.departments:
        words.add(department.canonical)
        words.update(department.aliases)
    for doc in corpus.documents:
        words.update(_QUOTED.findall(doc.text))
    return sorted(words)
