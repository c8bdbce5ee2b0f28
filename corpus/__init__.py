"""Policy plans as structured data: loading, cleaning and parsing by task item."""

from corpus.errors import CorpusError, DocumentReadError, StructureError
from corpus.loading import Corpus, load_corpus, load_document
from corpus.models import CleanText, Department, Document, Item, Part, Sentence, Span, Target

__all__ = [
    "CleanText",
    "Corpus",
    "CorpusError",
    "Department",
    "Document",
    "DocumentReadError",
    "Item",
    "Part",
    "Sentence",
    "Span",
    "StructureError",
    "Target",
    "load_corpus",
    "load_document",
]
