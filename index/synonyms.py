"""Query expansion: a thesaurus's synonyms mapped onto the words one corpus uses.

A question in everyday words (茅房, 娃) often has no word in common with the plan's
clause (厕所, 儿童). At build time the thesaurus is read once and cut down to a small
table: each thesaurus word the corpus never uses, mapped to its synonyms that the corpus
does use. At query time only the question's words absent from the corpus are looked up,
so a word the plan itself uses is never replaced by a guess.

Thesaurus files are text, one synonym group per line: either HIT's 同义词词林 format
(``Bn03A10= 厕所 茅房 …``; only ``=`` lines, which hold synonyms, are read: ``#`` lines
hold related words and ``@`` lines a single word), or plain groups (``厕所 茅房 茅厕``),
so a city can keep its own list of local words.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from corpus.textnorm import normalize
from index.errors import IndexFileError

SYNONYMS_FILE = "synonyms.json"
_CODE = re.compile(r"^[A-Za-z]{2}\d{2}[A-Za-z]\d{2}([=#@])$")
_MIN_LENGTH = 2  # a single character (口, 人) has too many senses to stand for a word
_MAX_TARGETS = 4  # more corpus synonyms than this and the group is too loose to help


class ThesaurusError(ValueError):
    """A thesaurus file cannot be read; the message names the file and the fix."""


@dataclass(frozen=True)
class Thesaurus:
    """A thesaurus file's text, named by the file and a hash of its bytes.

    Reading checks the encoding and names the file (the name goes into the index's params,
    so a changed file rebuilds); the groups are parsed only when an index is built.
    """

    name: str
    text: str

    @classmethod
    def read(cls, path: Path) -> Thesaurus:
        """Read ``path`` (UTF-8, one group per line); raise :class:`ThesaurusError`."""
        try:
            data = path.read_bytes()
            text = data.decode("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise ThesaurusError(
                f"{path}: cannot read the thesaurus ({error}); give a UTF-8 text file "
                "in POLICY_QA_THESAURUS, or 'none' to search without synonyms"
            ) from error
        return cls(f"{path.name}:{hashlib.sha256(data).hexdigest()[:12]}", text)

    @property
    def groups(self) -> tuple[tuple[str, ...], ...]:
        """The synonym groups, each word normalised as the tokenizer normalises text."""
        return tuple(group for line in self.text.splitlines() if (group := _group(line)))


def _group(line: str) -> tuple[str, ...]:
    if line.lstrip().startswith("#"):  # a note in a plain-groups file
        return ()
    words = line.split()
    if words and (code := _CODE.match(words[0])):
        words = words[1:] if code.group(1) == "=" else []
    return tuple(dict.fromkeys(normalize(w).lower() for w in words if len(w) >= _MIN_LENGTH))


@dataclass(frozen=True)
class SynonymTable:
    """Words a corpus does not use, each mapped to its synonyms that the corpus uses."""

    source: str = "none"
    synonyms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def build(cls, thesaurus: Thesaurus, vocabulary: Collection[str]) -> SynonymTable:
        """Keep the groups holding corpus words; map each other word of a group to them."""
        table: dict[str, list[str]] = {}
        for group in thesaurus.groups:  # parsed here, once per build
            used = [w for w in group if w in vocabulary]
            if not used or len(used) > _MAX_TARGETS:
                continue
            for word in group:
                if word not in vocabulary:
                    targets = table.setdefault(word, [])
                    targets.extend(w for w in used if w not in targets)
        return cls(thesaurus.name, {w: tuple(t) for w, t in sorted(table.items())})

    def expansions(self, words: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """The words of a question that have corpus synonyms, with those synonyms."""
        return {word: self.synonyms[word] for word in words if word in self.synonyms}

    def save(self, folder: Path) -> None:
        """Write the table to ``folder/synonyms.json``."""
        data = {"source": self.source, "synonyms": {w: list(t) for w, t in self.synonyms.items()}}
        (folder / SYNONYMS_FILE).write_text(json.dumps(data, ensure_ascii=False), "utf-8")

    @classmethod
    def load(cls, folder: Path) -> SynonymTable:
        """Read the table :meth:`save` wrote; raise :class:`IndexFileError` if unusable."""
        path = folder / SYNONYMS_FILE
        try:
            data = json.loads(path.read_text("utf-8"))
            synonyms = {str(w): tuple(map(str, t)) for w, t in data["synonyms"].items()}
            return cls(str(data["source"]), synonyms)
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            raise IndexFileError(f"{path}: unreadable synonym table ({error})") from error
