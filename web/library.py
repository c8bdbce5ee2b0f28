"""The plan library as the 文档管理 page lists it: file, title, year, tasks, warnings."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from corpus.errors import CorpusError
from corpus.loading import load_document
from corpus.models import ItemKind
from web.config import Settings
from web.documents import library_files

logger = logging.getLogger(__name__)

HEADERS = ("文件", "标题", "年份", "任务数", "解析提示")


@dataclass(frozen=True)
class LibraryEntry:
    """One plan of the library: its file, title, year, task count and parse warnings."""

    name: str
    title: str
    year: str
    tasks: int
    warnings: tuple[str, ...]

    def row(self) -> list[str | int]:
        """The entry as a row under :data:`HEADERS`."""
        return [self.name, self.title, self.year, self.tasks, ";".join(self.warnings)]


def library_entries(settings: Settings) -> list[LibraryEntry]:
    """Every plan the index is (or will be) built from, parsed for its summary."""
    entries = []
    for path in library_files(settings):
        try:
            document = load_document(path, doc_id=path.stem)
        except CorpusError as error:
            entries.append(LibraryEntry(path.name, "(无法解析)", "", 0, (str(error),)))
            continue
        year = document.year
        tasks = sum(item.kind == ItemKind.TASK for item in document.items)
        # the file's name, not the server's folders
        warnings = tuple(w.replace(str(path), path.name) for w in document.warnings)
        entries.append(LibraryEntry(path.name, document.title, str(year or ""), tasks, warnings))
    return entries
