"""The plan library as the 文档管理 page shows and edits it: list, and remove with undo."""

from __future__ import annotations

import logging
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from corpus.errors import CorpusError
from corpus.loading import load_document
from corpus.models import ItemKind
from web.config import Settings
from web.documents import corpus_source, library_files
from web.uploads import UploadError

logger = logging.getLogger(__name__)

HEADERS = ("文件", "标题", "年份", "任务数", "解析提示")
_YEAR = re.compile(r"((?:19|20)\d\d)年")


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
        year = _YEAR.search(document.title)
        tasks = sum(item.kind == ItemKind.TASK for item in document.items)
        # the file's name, not the server's folders
        warnings = tuple(w.replace(str(path), path.name) for w in document.warnings)
        entries.append(
            LibraryEntry(path.name, document.title, year.group(1) if year else "", tasks, warnings)
        )
    return entries


@contextmanager
def library_removal(settings: Settings, name: str) -> Iterator[Path]:
    """Take a plan out for the duration of a rebuild; put it back if the block raises."""
    library = settings.stack.documents_dir
    if corpus_source(settings) != library:
        raise UploadError("文档库还没有建立(仍在使用随附的计划),没有可移除的文件")
    target = library / Path(name).name
    if not target.is_file():
        raise UploadError(f"文档库中没有“{name}”")
    if len(library_files(settings)) <= 1:
        raise UploadError("文档库至少要保留一份计划")
    parked = settings.stack.staging_dir / f"{target.name}.removed"
    parked.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(target, parked)
    try:
        yield target
    except BaseException:
        if parked.exists():  # (unless a restart's recovery already put it back)
            shutil.move(parked, target)
        logger.warning("put %s back: the rebuild without it failed", target.name)
        raise
    parked.unlink(missing_ok=True)
    logger.info("removed %s from the library", target.name)
