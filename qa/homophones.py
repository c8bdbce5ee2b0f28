"""Slips of voice input: one character of the same sound in a word the plan writes.

Dictated questions carry homophones ("机械化清扫绿" for 清扫率, "微房改造" for 危房改造,
"加庄电梯" for 加装电梯). The plans themselves are the dictionary: a character is
replaced only when it stands in no run of three characters the plan writes, and a
character of the same reading (tone included) makes such a run covering the whole word
the slip broke. Nothing is listed by hand.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable

from corpus.textnorm import normalize

# The shortest run of the plan's own text a replacement must make: two characters of the
# question and the replaced one. Two-character words are too often legitimately new.
MIN_RUN = 3
# Repairs kept, by question text: a conversation's earlier turns come again with each question.
REMEMBERED = 256
# Runs are looked for this far on each side of the replaced character.
_REACH = 5
# Hesitations of dictation ("微房呃改造"): no word holds them, and they cut the words apart.
_HESITATIONS = re.compile("[呃嗯唔]")
# Particles and question words are said, not misheard: never replaced.
_NEVER_REPLACED = frozenset("啊吧呢吗嘛哦噢唉哎啦呀哈呗咧的了着过谁哪啥么几这那什怎个")

# Characters of grammar, not of a topic: a splitter may glue one to a slip ("绿要").
_GRAMMATICAL = frozenset("要是在有和就都也还会能把被给让到去来说对从向以为与及等很最更再又才得")

Run = tuple[int, int]  # start and end of a run of the plan's text, in the question


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


class HomophoneRepair:
    """Replaces dictation slips in questions about one set of plans.

    Built once per corpus (the plan's character pairs, its characters by reading); a
    repair looks at a few characters around each one, so it is linear in the question.
    """

    def __init__(self, texts: Iterable[str], split: Callable[[str], Iterable[str]]) -> None:
        from pypinyin.pinyin_dict import pinyin_dict  # a large table: loaded here, not on import

        self._table: dict[int, str] = pinyin_dict
        self._split = split
        self._text = "\n".join(normalize(text) for text in texts)
        text = self._text
        self._pairs = {text[i : i + 2] for i in range(len(text) - 1)}
        self._by_sound: dict[str, list[str]] = {}
        for char in sorted({c for c in text if _is_han(c)}):
            for sound in self._sounds(char):
                self._by_sound.setdefault(sound, []).append(char)
        self._remembered = functools.lru_cache(maxsize=REMEMBERED)(self._repair)

    def repair(self, question: str) -> str:
        """``question`` (normalised, hesitations dropped) with each slip replaced.

        The last :data:`REMEMBERED` repairs are kept by their text.
        """
        return self._remembered(question)

    def _repair(self, question: str) -> str:
        pieces = _HESITATIONS.split(normalize(question))
        chars = list("".join(pieces))
        word_at = self._word_at(pieces, len(chars))
        for i, char in enumerate(chars):
            if (
                not _is_han(char)
                or char in _NEVER_REPLACED
                or _length(self._run(chars, i)) >= MIN_RUN
            ):
                continue
            word = word_at[i]
            runs = [(self._run(chars, i, alt), alt) for alt in self._alternatives(char)]
            fitting = [
                (_length(run), alt)
                for run, alt in runs
                if _length(run) >= MIN_RUN and _keeps_words(chars, word, run)
            ]
            if fitting:
                chars[i] = max(fitting)[1]
        return "".join(chars)

    def _word_at(self, pieces: list[str], length: int) -> list[Run]:
        """For each character of the joined pieces, the word holding it (a hesitation ends
        a word); a character the splitter leaves out is a word of its own."""
        word_at = [(i, i + 1) for i in range(length)]
        offset = 0
        for piece in pieces:
            cursor = 0
            for word in self._split(piece):
                start = piece.find(word, cursor)
                if start >= 0:
                    cursor = start + len(word)
                    span = (offset + start, offset + cursor)
                    word_at[span[0] : span[1]] = [span] * len(word)
            offset += len(piece)
        return word_at

    def _alternatives(self, char: str) -> list[str]:
        return [
            alt
            for sound in self._sounds(char)
            for alt in self._by_sound.get(sound, ())
            if alt != char
        ]

    def _sounds(self, char: str) -> list[str]:
        """The readings of ``char``, tone marks kept ("率": lǜ, shuài, lüè)."""
        return [sound for sound in self._table.get(ord(char), "").split(",") if sound]

    def _run(self, chars: list[str], i: int, replacement: str | None = None) -> Run:
        """The longest run of the plan's text through position ``i`` (with ``replacement``)."""
        offset = max(0, i - _REACH)
        window = chars[offset : i + _REACH + 1]
        at = i - offset
        if replacement is not None:
            window = [*window[:at], replacement, *window[at + 1 :]]
        # Every pair of a run is a pair of the plan: the pairs bound where a run can be.
        start = at
        while start > 0 and "".join(window[start - 1 : start + 1]) in self._pairs:
            start -= 1
        end = at + 1
        while end < len(window) and "".join(window[end - 1 : end + 1]) in self._pairs:
            end += 1
        for length in range(end - start, 1, -1):
            for left in range(max(start, at - length + 1), min(at, end - length) + 1):
                if "".join(window[left : left + length]) in self._text:
                    return offset + left, offset + left + length
        return i, i + 1


def _keeps_words(chars: list[str], word: Run, run: Run) -> bool:
    """Whether a run made by a replacement takes in the whole word it replaces in.

    The splitter may glue a slip to a grammatical character ("签约绿要" gives 绿要): such
    characters may lie outside the run. Any other means a word of the question is broken
    ("哪个单位" is no slip of 合单位).
    """
    outside = chars[word[0] : max(word[0], run[0])] + chars[min(word[1], run[1]) : word[1]]
    return all(char in _GRAMMATICAL for char in outside)


def _length(run: Run) -> int:
    return run[1] - run[0]
