"""Plans in traditional characters: parsed as simplified, quoted as printed.

Headers (序號 | 工作任務 | 牽頭單位), role labels (責任單位：), deadlines (長期堅持) and
department names (市住房和城鄉建設局) are recognised by the parser only in simplified
characters. A plan in traditional characters is therefore parsed on a *shadow* of its
text, converted character for character (so every offset stays the same), and the
parsed document then takes back the printed text: quotes, titles and sentences stay
verbatim as printed (deadlines too: they are the plan's words), while the structured
facts naming units and officials are simplified.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable

from corpus.models import CleanText, Document, Item, Part, Sentence, Target

# A plan is read as traditional when this share of its CJK characters converts: a
# simplified plan has almost none (a stray 著 or 乾), a traditional one a fifth or more.
_TRADITIONAL_SHARE = 0.02
_MIN_CONVERTED = 3


@functools.cache
def _char_map() -> dict[int, str]:
    """zhconv's one-character traditional → simplified conversions (loaded on first use)."""
    from zhconv import zhconv

    table = zhconv.getdict("zh-cn")
    return {ord(k): v for k, v in table.items() if len(k) == 1 and len(v) == 1 and k != v}


def simplified_chars(text: str) -> str:
    """``text`` with each traditional character replaced by its simplified one.

    Character for character, so offsets are kept (phrase conversions that change length
    are not applied).

    >>> simplified_chars("牽頭單位：市住房和城鄉建設局")
    '牵头单位：市住房和城乡建设局'
    """
    return text.translate(_char_map())


def is_traditional(text: str) -> bool:
    """Whether ``text`` is written in traditional characters (see :data:`_TRADITIONAL_SHARE`)."""
    table = _char_map()
    cjk = sum(1 for char in text if "\u4e00" <= char <= "\u9fff")
    converted = sum(1 for char in text if ord(char) in table)
    return converted >= _MIN_CONVERTED and converted >= _TRADITIONAL_SHARE * cjk


def parse_as_simplified(parse: Callable[[CleanText], Document], clean: CleanText) -> Document:
    """``parse(clean)``; for a traditional text, parsed on its simplified shadow."""
    if not is_traditional(clean.text):
        return parse(clean)
    shadow = dataclasses.replace(clean, text=simplified_chars(clean.text))
    return _as_printed(parse(shadow), shadow.text, clean)


def _as_printed(doc: Document, shadow: str, clean: CleanText) -> Document:
    """The document parsed on ``shadow`` with the printed text of ``clean`` back in place."""
    printed = clean.text

    def at(derived: str, near: int = 0) -> str:
        """The printed text of a string derived from the shadow (searched from ``near``)."""
        found = shadow.find(derived, near)
        return printed[found : found + len(derived)] if found >= 0 else derived

    def sentence(s: Sentence) -> Sentence:
        return dataclasses.replace(s, text=printed[s.span.start : s.span.end])

    def target(t: Target) -> Target:
        span, whole = t.span, t.sentence_span
        return dataclasses.replace(
            t, text=printed[span.start : span.end], sentence=printed[whole.start : whole.end]
        )

    def item(i: Item) -> Item:
        deadline = i.deadline and dataclasses.replace(
            i.deadline, text=at(i.deadline.text, i.span.start)
        )
        return dataclasses.replace(
            i,
            deadline=deadline,
            title=at(i.title, i.span.start),
            text=printed[i.span.start : i.span.end],
            sentences=tuple(map(sentence, i.sentences)),
            targets=tuple(map(target, i.targets)),
        )

    def part(p: Part) -> Part:
        return dataclasses.replace(p, title=at(p.title, p.span.start))

    return dataclasses.replace(
        doc,
        title=at(doc.title),
        clean=clean,
        parts=tuple(map(part, doc.parts)),
        items=tuple(map(item, doc.items)),
    )
