"""Departments as entities: one canonical name per department, with all its aliases."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from corpus.errors import CorpusError
from corpus.models import Department
from corpus.textnorm import normalize

logger = logging.getLogger(__name__)

DEFAULT_ALIAS_FILE = Path(__file__).with_name("aliases.txt")
_ADMIN_PREFIXES = ("各", "市", "省", "区", "县")
_LEVEL_PREFIXES = ("市", "省", "区", "县")


def load_alias_groups(path: Path = DEFAULT_ALIAS_FILE) -> list[tuple[str, ...]]:
    """Read an alias file: one department per line, names separated by ``=``."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise CorpusError(f"{path}: cannot read the alias file ({error})") from error
    groups = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        names = tuple(name.strip() for name in line.split("=") if name.strip())
        if len(names) < 2:
            raise CorpusError(
                f"{path}: line {number}: expected 'name = alias [= alias…]', got {line!r}"
            )
        groups.append(names)
    return groups


@dataclass(frozen=True)
class DepartmentRegistry:
    """Maps every known name (normalised) to its department's canonical name."""

    departments: tuple[Department, ...]
    _index: dict[str, str]
    used: frozenset[str] = frozenset()  # canonical names the corpus itself names

    def resolve(self, name: str) -> str | None:
        """Return the canonical name for ``name`` or ``None`` if no department is known.

        A name without its level ("城管局") means the department the corpus names, at
        whichever level it does (区城管局 in a district plan), before the alias file's.
        """
        key = normalize(name)
        levels = () if key.startswith(_ADMIN_PREFIXES) else _LEVEL_PREFIXES
        candidates = (key, *(level + key for level in levels), key.removeprefix("各"))
        found = [self._index[c] for c in candidates if c in self._index]
        return next((c for c in found if c in self.used), found[0] if found else None)

    def department(self, canonical: str) -> Department:
        """Return the department with this canonical name."""
        for department in self.departments:
            if department.canonical == canonical:
                return department
        raise KeyError(canonical)

    def names(self) -> dict[str, str]:
        """Every normalised name or alias, mapped to its canonical name."""
        return dict(self._index)


def build_registry(
    mentions: Iterable[str], alias_groups: Iterable[tuple[str, ...]] = ()
) -> DepartmentRegistry:
    """Group department names from the corpus and the alias file into departments.

    Within a group the canonical name is the longest name the corpus itself uses (the
    full form, e.g. 市发展和改革委 over 市发改委); a group the corpus never mentions keeps
    the alias file's first name.
    """
    counts = Counter(mentions)
    groups = _UnionFind()
    for name in counts:
        groups.add(name)
    alias_groups = list(alias_groups)
    for group in [*alias_groups, *_other_level_groups(alias_groups, counts)]:
        for name in group[1:]:
            groups.union(group[0], name)
    for short, long in _corpus_aliases(list(counts)):
        logger.debug("alias found in the corpus: %s = %s", short, long)
        groups.union(short, long)
    departments, index = [], {}
    first_names = {group[0] for group in alias_groups}
    for members in groups.groups():
        named = [name for name in members if name in counts]
        if named:
            canonical = max(named, key=lambda n: (len(n), counts[n], n))
        else:
            canonical = next(name for name in members if name in first_names)
        aliases = tuple(sorted(n for n in members if n != canonical))
        departments.append(Department(canonical, aliases))
        for name in members:
            index[normalize(name)] = canonical
    departments.sort(key=lambda d: d.canonical)
    named_canonicals = frozenset(index[normalize(name)] for name in counts)
    return DepartmentRegistry(tuple(departments), index, named_canonicals)


def _split_prefix(name: str) -> tuple[str, str]:
    prefix = name[0] if name[:1] in _LEVEL_PREFIXES else ""
    return prefix, name[len(prefix) :]


def _other_level_groups(
    alias_groups: list[tuple[str, ...]], names: Iterable[str]
) -> Iterable[tuple[str, ...]]:
    """Apply the alias file's groups at other administrative levels.

    The file is written for a city (市住建局 = 市住房和城乡建设局); a district plan's
    区住房和城乡建设局 gets the same aliases with its own prefix (区住建局).
    """
    for name in names:
        prefix, core = _split_prefix(name)
        if not prefix:
            continue
        for group in alias_groups:
            cores = [_split_prefix(n)[1] for n in group if _split_prefix(n)[0]]
            if core in cores:
                yield tuple(dict.fromkeys(prefix + c for c in cores))


def _corpus_aliases(names: list[str]) -> Iterable[tuple[str, str]]:
    """Pairs of corpus names that denote one department.

    Either a name without the administrative prefix (规划和自然资源局 / 市规划和自然资源局)
    or an abbreviation keeping the first and last character and the order of the rest
    (市发改委 / 市发展和改革委).
    """
    present = set(names)
    for name in names:
        for prefix in _ADMIN_PREFIXES:
            if not name.startswith(prefix) and prefix + name in present:
                yield name, prefix + name
    for short in names:
        for long in names:
            if _abbreviates(short, long):
                yield short, long


def _abbreviates(short: str, long: str) -> bool:
    if len(short) >= len(long) or len(short) < 3:
        return False
    prefix = short[0] if short[0] in _ADMIN_PREFIXES else ""
    # 委 abbreviates 委员会 (市卫健委 / 市卫生健康委员会).
    same_kind = short[-1] == long[-1] or (short[-1] == "委" and long.endswith("委员会"))
    if not long.startswith(prefix) or not same_kind:
        return False
    short_core, long_core = short[len(prefix) :], long[len(prefix) :]
    if not short_core or short_core[0] != long_core[0]:
        return False
    remaining = iter(long_core)
    return all(char in remaining for char in short_core)


class _UnionFind:
    def __init__(self) -> None:
        self._parent: dict[str, str] = {}

    def add(self, name: str) -> None:
        self._parent.setdefault(name, name)

    def find(self, name: str) -> str:
        self.add(name)
        while self._parent[name] != name:
            self._parent[name] = self._parent[self._parent[name]]
            name = self._parent[name]
        return name

    def union(self, first: str, second: str) -> None:
        self._parent[self.find(first)] = self.find(second)

    def groups(self) -> list[list[str]]:
        members: dict[str, list[str]] = {}
        for name in self._parent:
            members.setdefault(self.find(name), []).append(name)
        return [sorted(group) for group in members.values()]
