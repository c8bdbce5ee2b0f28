"""Offices a question names: the plan's departments by any alias, and unknown bodies.

Every step is linear in the question's length: each department-like name is placed
among the question's words by a binary search over their starts, never by a scan of
all of them, and a name found many times is cut out once.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence

from corpus.departments import DepartmentRegistry

_DEPARTMENT_LIKE = re.compile(
    r"(?:[市区县省]|各)?[\u4e00-\u9fff]{1,6}?"
    r"(?:局|委员会|委|办公室|办|厅|中心|台|部|公司|集团|理事会|协会|合作社|小组)"
)
_BODY_SUFFIXES = ("委员会", "办公室", "理事会", "协会", "合作社", "公司", "集团")
# Nor do particles stand inside an office's name ("弄个城市的会客厅").
_OFFICE_DUTY = re.compile(
    r".{0,14}?(?:负责|干|做|承担|牵头|参与|配合|管)[了的]?(?:啥|什么|哪些|哪几|些啥)"
)
# An office by the short name clerks say before its role ("人社牵头的", "财政配合哪些")
# or before "那边" ("公安那边配合哪几项").
_SHORT_BEFORE_ROLE = re.compile(
    r"([\u4e00-\u9fff]{2,4})(?=(?:牵头|配合|参与|协助|协同|负责)(?:的|了|过|哪|啥|什么|干|做|都)"
    r"|[那这]边)"
)
_NOT_IN_NAME = re.compile(r"[谁哪啥么几这那的了个给把被让帮替跟]|多少")
_LEVELS = "市区县省"
# A party committee's department is named without its committee ("宣传部" of 区委宣传部).
_COMMITTEE = re.compile(r"^[市区县省]?委(?=[\u4e00-\u9fff]{2})")
# The shortest part of an office's name that names it from inside ("供电公司").
_MIN_INSIDE = 4

Found = tuple[tuple[str, ...], tuple[str, ...], str]


class OfficeFinder:
    """Finds the offices of one corpus's registry, and unknown ones, in questions."""

    def __init__(
        self,
        registry: DepartmentRegistry,
        corpus_text: str,
        split: Callable[[str], Iterable[str]],
    ) -> None:
        self.registry = registry
        self._corpus_text = corpus_text
        self._split = split
        names = {**_without_levels(registry.names()), **registry.names()}
        self._department_names = sorted(names, key=len, reverse=True)
        self._canonical = names
        self._used_names = {n: c for n, c in names.items() if c in registry.used}

    def find(self, text: str, has_part: bool) -> Found:
        """Known departments (by any alias), unknown department-like names, and the rest."""
        found, unknown, rest = self._known(text)
        for short in self._short_names(rest):
            found.append(short[1])
            rest = rest.replace(short[0], " ", 1)
        if has_part:
            return tuple(dict.fromkeys(found)), tuple(unknown), rest
        scanned, spans = rest, self.word_spans(rest)  # matches and words of one string
        starts, ends = [s for s, _ in spans], {e for _, e in spans} | {len(scanned)}
        cut: set[str] = set()
        for match in _DEPARTMENT_LIKE.finditer(scanned):
            name = match.group()
            resolved = self._resolve_suffix(name)
            if resolved:
                named = resolved in self.registry.used
                (found if named else unknown).append(resolved if named else name)
                if name not in cut:  # cutting a name out again changes nothing
                    cut.add(name)
                    rest = rest.replace(name, " ")
            elif self._is_unknown_department(bare := _bare_name(name)) and match.end() in ends:
                # "投诉办结" ends a word after 办结, so its "投诉办" is no office's name.
                # After a particle ("村里的红白理事会") the name starts there; else at a word.
                start = match.end() - len(bare)
                unknown.append(bare if bare != name else _from_a_word_start(name, start, starts))
        return tuple(dict.fromkeys(found)), tuple(unknown), rest

    def _known(self, text: str) -> tuple[list[str], list[str], str]:
        """The registry's names in ``text`` (longest first), and ``text`` without them."""
        found: list[str] = []
        unknown = []
        rest = text
        for name in self._department_names:
            if name not in rest:
                continue
            canonical = self.registry.resolve(name) or self._canonical[name]
            if canonical not in self.registry.used:  # the alias file's 市委宣传部, the
                canonical = self._at_another_level(name, canonical) or canonical  # 区委's
            if canonical in self.registry.used:
                found.append(canonical)
            else:  # known from the alias file only: this corpus names no such office
                unknown.append(_with_level(rest, name))
            rest = rest.replace(name, " ")
        return found, unknown, rest

    def _at_another_level(self, name: str, canonical: str) -> str | None:
        """The one office of the plan named as ``name`` or ``canonical`` is, at another
        level or without its committee ("文明办" or 市委文明办 for the plan's 县委文明办)."""
        cores = {_core(name), _core(canonical)}
        owners = {c for n, c in self._used_names.items() if _core(n) in cores}
        return owners.pop() if len(owners) == 1 else None

    def _short_names(self, text: str) -> list[tuple[str, str]]:
        """``(short, office)`` for each short name before a role ("人社牵头的" → 人社), the
        longest tail of the run before the role that abbreviates one office only."""
        named = []
        for match in _SHORT_BEFORE_ROLE.finditer(text):
            run = match.group(1)
            for size in range(len(run), 1, -1):
                office = self._abbreviated_by(run[-size:])
                if office:
                    named.append((run[-size:], office))
                    break
        return named

    def _abbreviated_by(self, short: str) -> str | None:
        """The one office whose name (without its level) starts as ``short`` does and holds
        the rest of it in order ("人社" for 人力资源社会保障局, "发改" for 发展改革委)."""
        if _NOT_IN_NAME.search(short):
            return None
        owners = {
            canonical
            for name, canonical in self._used_names.items()
            if (core := _core(name)).startswith(short[0]) and _in_order(short, core)
        }
        return owners.pop() if len(owners) == 1 else None

    def word_spans(self, text: str) -> list[tuple[int, int]]:
        """``(start, end)`` of each word of ``text`` as the splitter cuts it, in order.

        A word the splitter changed (lower case) is not in ``text``: not found after one
        place, it is found after no later one, so it is looked for only once.
        """
        spans: list[tuple[int, int]] = []
        cursor, missing = 0, set()
        for word in self._split(text):
            found = -1 if word in missing else text.find(word, cursor)
            if found < 0:
                missing.add(word)
                continue
            cursor = found + len(word)
            spans.append((found, cursor))
        return spans

    def _resolve_suffix(self, name: str) -> str | None:
        """Resolve "卫生健康委员会" or "和市住建局" by the name or one of its suffixes.

        Failing that, a suffix that stands inside one name of the plan's offices only
        ("供电公司" of 国网云溪供电公司) names that office.
        """
        for start in range(len(name) - 1):
            canonical = self.registry.resolve(name[start:])
            if canonical:
                return canonical
        for start in range(len(name) - _MIN_INSIDE + 1):
            inside = self._named_inside(name[start:])
            if inside:
                return inside
        return self._abbreviating(name.lstrip(_LEVELS))

    def _abbreviating(self, short: str) -> str | None:
        """The one office whose name ``short`` abbreviates: the same first two characters,
        then the rest in order ("河长办" for 市河长制办公室); failing that, the same first
        and last character, the rest in order ("政数局" for 市政务服务和数据管理局)."""
        if len(short) < 3:
            return None
        for abbreviates in (_by_first_two, _by_first_and_last):
            owners = {
                canonical
                for name, canonical in self._used_names.items()
                if abbreviates(short, _core(name))
            }
            if owners:
                return owners.pop() if len(owners) == 1 else None
        return None

    def _named_inside(self, part: str) -> str | None:
        core = next((part[: -len(s)] for s in _BODY_SUFFIXES if part.endswith(s)), part)
        if len(core.removesuffix("有限")) < 2:
            return None  # "有限公司" alone names no one
        owners = {c for n, c in self._used_names.items() if part in n}
        return owners.pop() if len(owners) == 1 else None

    def _is_unknown_department(self, name: str) -> bool:
        """市公安局 or 人社局: no suffix of three or more characters occurs in the plan."""
        if _NOT_IN_NAME.search(name):
            return False
        core = name.lstrip("市区县省各")
        suffixes = [core[i:] for i in range(len(core) - 2)]
        return len(core) >= 2 and not any(s in self._corpus_text for s in suffixes or [core])


def _by_first_two(short: str, name: str) -> bool:
    return name.startswith(short[:2]) and _in_order(short, name)


def _by_first_and_last(short: str, name: str) -> bool:
    return name[:1] == short[0] and name.endswith(short[-1]) and _in_order(short, name)


def asks_about_any(text: str, names: Iterable[str]) -> bool:
    """Whether the question asks what one of the named offices does ("物业公司要干啥")."""
    return any(_asks_about(text, name) for name in dict.fromkeys(names))


def _asks_about(text: str, name: str) -> bool:
    start = text.find(name)
    rest = text[start + len(name) :] if start >= 0 else ""
    return bool(_OFFICE_DUTY.match(rest))


def _bare_name(name: str) -> str:
    """The name after a particle when it ends like a body ("村里的红白理事会" → 红白理事会).

    Only bodies with a long suffix (理事会, 合作社…): after "城市的", "会客厅" is a room.
    """
    bare = _NOT_IN_NAME.split(name)[-1]
    return bare if bare.endswith(_BODY_SUFFIXES) else name


def _from_a_word_start(name: str, start: int, word_starts: Sequence[int]) -> str:
    """The name as its last word (and a level before it): "现在还是国土局" → "国土局".

    ``word_starts`` are in order: the last one inside the name is found by bisection.
    """
    last = bisect.bisect_left(word_starts, start + len(name) - 1) - 1
    if last < 0 or word_starts[last] < start:
        return name
    cut = word_starts[last] - start
    if cut > 0 and name[cut - 1] in _LEVELS:
        cut -= 1
    return name[cut:]


def _core(name: str) -> str:
    """An office's name without its level and its party committee ("宣传部" of 区委宣传部)."""
    return _COMMITTEE.sub("", name, count=1).lstrip(_LEVELS)


def _in_order(short: str, name: str) -> bool:
    """Whether every character of ``short`` occurs in ``name``, in the same order."""
    rest = iter(name)
    return all(char in rest for char in short)


def _without_levels(names: dict[str, str]) -> dict[str, str]:
    """Each long name also without its level ("人力资源和社会保障局" for 市…), where that
    names one department only."""
    cores: dict[str, set[str]] = {}
    for name, canonical in names.items():
        if name[:1] in _LEVELS and len(name) - 1 >= _MIN_INSIDE:
            cores.setdefault(name[1:], set()).add(canonical)
    return {core: next(iter(found)) for core, found in cores.items() if len(found) == 1}


def _with_level(text: str, name: str) -> str:
    """The name as the question writes it, with the level before it ("区" + "民政局")."""
    start = text.find(name)
    level = text[start - 1] if start > 0 and text[start - 1] in _LEVELS else ""
    return level + name
