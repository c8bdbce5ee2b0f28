"""The nouns of jieba's dictionary: a word a question uses that no plan writes may be a
name (城中村, 公积金: a thing the plan does not have) or only speech (有没有, 打下手)."""

from __future__ import annotations

import functools

# Shorter words are too often a plan's own in other words.
NAME_MIN = 3


@functools.cache
def dictionary_nouns() -> str:
    """The nouns of jieba's dictionary of :data:`NAME_MIN` characters or more (tagged
    n…, or j for an abbreviation), one per line between newlines: a name, where a word
    a plan does not write may be a verb or a particle of speech (有没有, 打下手).

    Read once, on the first analyzer (about 0.2 s; 1.3 MB as one string).
    """
    import jieba  # the dictionary file: read here, when an analyzer is built

    lines = ["\n"]
    with jieba.get_dict_file() as dictionary:
        for raw in dictionary:
            fields = raw.decode("utf-8").split()
            if len(fields) == 3 and len(fields[0]) >= NAME_MIN and fields[2][0] in "nj":
                lines.append(fields[0] + "\n")
    return "".join(lines)
