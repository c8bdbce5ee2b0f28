"""Cut a corpus into searchable chunks and derive the lexical user dictionary from it."""

from __future__ import annotations

import re

from corpus.loading import Corpus
from corpus.models import Document, Item
from index.models import Chunk

# Bump when chunking changes: saved indexes built by another version are rebuilt.
CHUNKER_VERSION = "2"
_QUOTED = re.compile(r"[“\"]([^”\"]{2,12})[”\"]")


def make_chunks(corpus: Corpus) -> list[Chunk]:
    """One chunk per item (preamble included) and one per sentence of it.

    Item chunks carry the part title, so "公共服务方面…" finds the part's items; sentence
    chunks carry the item title, so a short sentence keeps its topic. The title sentence
    itself gets no chunk of its own when the item has others: it would win every search
    on the item's topic and then be the sentence highlighted as the answer.
    """
    chunks = []
    for doc in corpus.documents:
        for item in doc.items:
            chunks.append(Chunk(doc.doc_id, item.number, "item", _item_text(doc, item), item.span))
            sentences = item.sentences[1:] if len(item.sentences) > 1 else item.sentences
            chunks += [
                Chunk(doc.doc_id, item.number, "sentence", f"{item.title}:{s.text}", s.span)
                for s in sentences
            ]
    return chunks


def _item_text(doc: Document, item: Item) -> str:
    part = doc.part(item.part).title if item.part else doc.title
    return f"{part} {item.text}"


def user_words(corpus: Corpus) -> list[str]:
    """Terms the word splitter must keep whole: departments, aliases, quoted terms, titles."""
    words = set()
    for department in corpus.registry.departments:
        words.add(department.canonical)
        words.update(department.aliases)
    for doc in corpus.documents:
        words.update(_QUOTED.findall(doc.text))
    return sorted(words)
