"""The 文档管理 tab's work: check an uploaded plan, add it to the library, pick the corpus."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from corpus.cleaning import cleaning_report
from corpus.errors import CorpusError
from corpus.fence import load_document_fenced
from corpus.loading import DEFAULT_CORPUS_DIR, find_documents
from corpus.models import ItemKind
from corpus.render import render_document
from web.config import Settings
from web.uploads import UploadError, check_upload, stage

logger = logging.getLogger(__name__)

# Beside the staged uploads: a plan taken out while the index is rebuilt without it.
_REMOVED = ".removed"
PageProgress = Callable[[int, int], object]  # (pages read, pages in all) of a scan's OCR


@dataclass(frozen=True)
class Preview:
    """An upload that passed the checks and parsed: where it waits, and what was found."""

    staged: Path
    summary: str
    parse: str
    cleaning: str


def corpus_source(settings: Settings) -> Path | None:
    """``--corpus`` if given, else the library folder once it holds plans, else ``None``."""
    if settings.corpus is not None:
        return settings.corpus
    folder = settings.stack.documents_dir
    return folder if folder.is_dir() and find_documents(folder) else None


def library_files(settings: Settings) -> list[Path]:
    """The plan files the index is (or will be) built from."""
    return find_documents(corpus_source(settings) or DEFAULT_CORPUS_DIR)


def scan_progress(bar: Callable[..., object]) -> PageProgress:
    """Show a scan's OCR on a progress bar (``gr.Progress``): "扫描件文字识别:已读 3/6 页".

    Pages come from the fence's child process, one at a time; a scan already read (the OCR
    cache) shows all its pages at once.
    """

    def show(done: int, total: int) -> None:
        bar((done, total), desc=f"扫描件文字识别:已读 {done}/{total} 页", unit="页")

    return show


def preview_upload(
    settings: Settings, upload: Path, name: str, progress: PageProgress | None = None
) -> Preview:
    """Validate, stage and parse an upload; raise :class:`UploadError` if it is refused.

    ``progress(done, total)`` hears of each page OCR reads when the upload is a scan.
    """
    safe = check_upload(upload, name, settings.max_upload_bytes)
    staged = stage(upload, safe, settings.stack.staging_dir)
    try:
        # in a child with memory and time limits: no file can take the server down with it
        # (nor can OCR of a scan hold up the chat: it runs there too, page by page)
        document = load_document_fenced(staged, doc_id=staged.stem, progress=progress)
    except CorpusError as error:
        staged.unlink(missing_ok=True)
        raise UploadError(f"无法解析该文件:{error}") from error
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    tasks = sum(item.kind == ItemKind.TASK for item in document.items)
    if not tasks:
        staged.unlink(missing_ok=True)
        raise UploadError(
            "文件中没有找到编号的任务条目((一)、1.、第一条或任务分工表的行),无法作为计划使用"
        )
    warnings = list(document.warnings)
    if (settings.stack.documents_dir / safe).exists():
        warnings.append(f"文档库中已有同名文件“{safe}”:加入时须勾选“替换同名文件”")
    summary = (
        f"《{document.title}》:{len(document.parts)} 个部分,{tasks} 项任务,"
        f"清洗修改 {len(document.clean.edits)} 处" + "".join(f"\n⚠️ {w}" for w in warnings)
    )
    return Preview(
        staged, summary, render_document(document), cleaning_report(safe, document.clean)
    )


def add_to_library(settings: Settings, staged: Path, *, replace: bool = False) -> Path:
    """Move a staged plan into the library (seeded with the shipped plans the first time).

    A plan of the same name is replaced only with ``replace``; its old file is kept beside
    the staged ones until :func:`library_change` knows the rebuild worked.
    """
    staging = settings.stack.staging_dir.resolve()
    if staged.resolve().parent != staging or not staged.is_file():
        raise UploadError("没有待加入的文件,请先上传并检查")
    library = settings.stack.documents_dir
    target = library / staged.name
    if target.exists() and not replace:
        raise UploadError(f"文档库中已有同名文件“{staged.name}”;如要替换,请勾选“替换同名文件”")
    if corpus_source(settings) is None:
        library.mkdir(parents=True, exist_ok=True)
        for path in find_documents(DEFAULT_CORPUS_DIR):
            shutil.copyfile(path, library / path.name)
    if target.exists():
        shutil.move(target, _backup(settings, staged.name))
    shutil.move(staged, target)
    logger.info("added %s to the library", target)
    return target


@contextmanager
def library_change(settings: Settings, staged: Path, *, replace: bool = False) -> Iterator[Path]:
    """Add a staged plan for the duration of a rebuild; undo it if the block raises.

    On failure the plan goes back to the staging folder and a replaced plan comes back, so
    the library never holds a plan the live index was not built from.
    """
    marker = _marker(settings, staged.name)
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(staged.name, "utf-8")  # read on start if this process dies mid-way
    try:
        target = add_to_library(settings, staged, replace=replace)
    except BaseException:
        marker.unlink(missing_ok=True)
        raise
    try:
        yield target
    except BaseException:
        _roll_back(settings, staged.name)
        logger.warning("rolled back adding %s: the rebuild failed", target.name)
        raise
    _backup(settings, staged.name).unlink(missing_ok=True)
    marker.unlink(missing_ok=True)


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
    parked = _parked(settings, target.name)
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


def recover_interrupted_changes(settings: Settings) -> list[str]:
    """Undo adds and removals whose process died before their rebuild finished.

    Call before loading: the library is then what the last finished rebuild used.
    """
    recovered = []
    for marker in sorted(settings.stack.staging_dir.glob("*.adding")):
        name = marker.read_text("utf-8").strip()
        if name and Path(name).name == name:
            _roll_back(settings, name)
            recovered.append(name)
        marker.unlink(missing_ok=True)
    for parked in sorted(settings.stack.staging_dir.glob(f"*{_REMOVED}")):
        target = settings.stack.documents_dir / parked.name.removesuffix(_REMOVED)
        if not target.exists():
            shutil.move(parked, target)
            recovered.append(target.name)
    if recovered:
        logger.warning("undid %s: changed by a process that stopped mid-rebuild", recovered)
    return recovered


def _roll_back(settings: Settings, name: str) -> None:
    """Put the added plan back in staging and the plan it replaced back in the library."""
    target = settings.stack.documents_dir / name
    if target.exists():
        shutil.move(target, settings.stack.staging_dir / name)
    backup = _backup(settings, name)
    if backup.exists():
        shutil.move(backup, target)
    _marker(settings, name).unlink(missing_ok=True)


def _backup(settings: Settings, name: str) -> Path:
    return settings.stack.staging_dir / f"{name}.replaced"


def _marker(settings: Settings, name: str) -> Path:
    return settings.stack.staging_dir / f"{name}.adding"


def _parked(settings: Settings, name: str) -> Path:
    return settings.stack.staging_dir / f"{name}{_REMOVED}"
