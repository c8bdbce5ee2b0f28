"""The nouns of jieba's dictionary: a word a question uses that no plan writes may be a
name (城中村, 公积金: a thing the plan does not have) or only speech (有没有, 打下手)."""

from __future__ import annotations

import functools
from collections.abc import Container, Sequence

from qa.evidence import holds_word

# Shorter words are too often a plan's own in other words.
NAME_MIN = 3
# The thing a how-much question asks the amount of may be shorter (缺口, 餐标, 电价).
ATTRIBUTE_MIN = 2
_ATTRIBUTE_REACH = 3  # words back from the how-much cue ("缺口有多少", "餐标是多少")


@functools.cache
def dictionary_nouns() -> str:
    """The nouns of jieba's dictionary of :data:`ATTRIBUTE_MIN` characters or more
    (tagged n…, or j for an abbreviation), one per line between newlines: a name, where a
    word a plan does not write may be a verb or a particle of speech (有没有, 打下手).

    Read once, on the first analyzer (about 0.5 s; 0.9 million characters as one string).
    """
    import jieba  # the dictionary file: read here, when an analyzer is built

    lines = ["\n"]
    with jieba.get_dict_file() as dictionary:
        for raw in dictionary:
            fields = raw.decode("utf-8").split()
            if len(fields) == 3 and len(fields[0]) >= ATTRIBUTE_MIN and fields[2][0] in "nj":
                lines.append(fields[0] + "\n")
    return "".join(lines)


def unwritten_attribute(
    words_before_cue: Sequence[str], corpus_text: str, skipped: Container[str]
) -> str | None:
    """The noun a how-much question asks the amount of, when no plan writes it: 缺口 in
    "护理员缺口有多少", 电价 in "电价多少钱一度" (the words before the cue, the last that is
    not ``skipped``). The plan states other amounts of its topic, not this one."""
    for word in reversed(words_before_cue[-_ATTRIBUTE_REACH:]):
        if word in skipped:
            continue
        # the plan's text first: searching the dictionary's 2 MB costs a millisecond
        if len(word) < ATTRIBUTE_MIN or holds_word(word, corpus_text):
            return None
        return word if f"\n{word}\n" in dictionary_nouns() else None
    return None
