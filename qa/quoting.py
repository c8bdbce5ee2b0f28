"""Quotes of the plan: an item verbatim with its citation and its answering sentences."""

from __future__ import annotations

from collections.abc import Sequence

from corpus.loading import Corpus
from corpus.models import Document, Item, ItemKind
from index.models import Chunk, Hit
from qa.models import Quote


class Quoter:
    """Turns search hits into :class:`Quote` records of one corpus."""

    def __init__(self, corpus: Corpus, chunks: Sequence[Chunk]) -> None:
        self.corpus = corpus
        self.chunks = chunks

    def item(self, hit: Hit) -> tuple[Document, Item]:
        """The document and item a hit found."""
        doc = self.corpus.document(hit.doc_id)
        return doc, doc.item(hit.item)

    def sentences_of(self, hit: Hit) -> tuple[int, ...]:
        """Index (in its item) of the hit's best sentence, if the retriever found one."""
        if hit.chunk < 0:
            return ()
        start = self.chunks[hit.chunk].span.start  # a sentence's or a clause's
        _, item = self.item(hit)
        return tuple(i for i, s in enumerate(item.sentences) if s.span.start <= start < s.span.end)

    def first_sentence_chunk(self, doc_id: str, item: int) -> int:
        """Position of the item's first sentence chunk (after its title), or -1."""
        return next(
            (
                i
                for i, c in enumerate(self.chunks)
                if (c.doc_id, c.item, c.kind) == (doc_id, item, "sentence")
            ),
            -1,
        )

    def hit(self, hit: Hit) -> Quote:
        """The hit's item, its best sentence highlighted."""
        return self.quote(*self.item(hit), self.sentences_of(hit))

    def tasks(self, hits: Sequence[Hit]) -> list[Hit]:
        """The hits on tasks, for answers only tasks hold (units, deadlines).

        When only groups were found, the first group's tasks stand in for it, at its score.
        """
        found = [hit for hit in hits if self.item(hit)[1].kind == ItemKind.TASK]
        if found or not hits:
            return found or list(hits)
        doc, group = self.item(hits[0])
        first = hits[0]
        members = [item for item in doc.items if item.group == group.number]
        return [
            Hit(doc.doc_id, item.number, first.score, dense_score=first.dense_score)
            for item in members
        ] or list(hits)

    def related(self, hits: Sequence[Hit]) -> tuple[Quote, ...]:
        """The two closest items, shown as 可能相关 when the plan does not answer."""
        return tuple(self.hit(hit) for hit in hits[:2])

    def quote(self, doc: Document, item: Item, highlight: Sequence[int] = ()) -> Quote:
        """The item quoted whole, the sentences numbered ``highlight`` marked as the answer."""
        part = doc.part(item.part) if item.part else None
        offsets = tuple(item.sentences[i].span.start - item.span.start for i in highlight)
        return Quote(
            doc_id=doc.doc_id,
            doc_title=doc.title,
            part=f"{part.label}{part.title}" if part else "",
            item=item.number,
            item_label=item.label,
            item_title=item.title,
            item_text=item.text,
            sentences=tuple(item.sentences[i].text for i in highlight),
            sentence_offsets=offsets,
            departments=item.department_mentions,
            truncated=item.truncated,
            roles=tuple(unit.role.value for unit in item.units),
            deadline=item.deadline.text if item.deadline else "",
        )
