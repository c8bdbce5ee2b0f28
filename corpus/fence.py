"""A fence around any loader: run it in a child process with a memory limit and a timeout.

The loaders bound what they know of (:mod:`corpus.packages`, :data:`corpus.loading.
MAX_PLAN_CHARS`); the fence bounds the rest, whatever a library does with a file no one
foresaw. The child is spawned (a fresh interpreter: forking a server with threads is
unsafe), limits its own address space (``RLIMIT_AS``) before it reads anything, and is
killed when the time is up. Every way the child can fail comes back as a
:class:`DocumentReadError` whose message (Chinese) names the file, so a caller treats it
like any file that cannot be read. Spawning costs about half a second per call.

A scan is read with OCR in the child (:mod:`corpus.ocr`), a page at a time: the child
reports each page to the parent (``progress``), and each page it reports gives it
:attr:`Limits.seconds_per_page` more, so a long scan is stopped when a page stalls, not
when a fixed time for any file runs out. The child runs at a lower priority (nice 10), so
the server's chat keeps the CPU while a scan is read.

Use :func:`load_document_fenced` where :func:`corpus.loading.load_document` was called.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar

from corpus.errors import CorpusError, DocumentReadError
from corpus.models import Document

logger = logging.getLogger(__name__)
Result = TypeVar("Result")
Progress = Callable[[int, int], object]  # (pages done, pages in all), as corpus.ocr reports
_ADVICE = "请检查文件是否完整，或拆分为几个文件后再上传"
_M_ARENA_MAX = -8  # glibc's mallopt parameter
_MALLOC_ARENAS = 2
# The child yields the CPU to the server (a scan's OCR keeps both cores busy for minutes).
_NICENESS = 10


@dataclass(frozen=True)
class Limits:
    """What one child may take: address space (bytes) and wall-clock time (seconds).

    1.5 GiB: a bounded load peaks near 100 MB resident (the largest spreadsheet or text the
    bounds let through) but the interpreter, lxml and openpyxl map several times that in
    address space; the limit is for the runaway cases, which took 1.2 GB to 8 GB. OCR of a
    scan peaks near 750 MB resident and 1.25 GiB of address space (onnxruntime and the
    PP-OCRv4 models, a 150 dpi page), with the child's malloc arenas capped at two.
    ``seconds_per_page``: each page of a scan the child reports having read extends its
    time to at least this much from then (2.5-20 s a page were measured on 2 busy cores).
    """

    memory_bytes: int = 1536 << 20
    seconds: float = 60.0
    seconds_per_page: float = 60.0


def load_document_fenced(
    path: Path,
    doc_id: str | None = None,
    limits: Limits = Limits(),
    progress: Progress | None = None,
) -> Document:
    """:func:`corpus.loading.load_document` in a fenced child process.

    ``progress(done, total)`` hears of each page OCR reads, when the file is a scan.

    Raises:
        CorpusError: What the loader raised (a :class:`DocumentReadError` or
            :class:`StructureError`), or a :class:`DocumentReadError` when the child ran
            out of memory or time, or died.
    """
    from corpus.loading import load_document

    return run_fenced(str(path), load_document, path, doc_id, limits=limits, progress=progress)


def run_fenced(
    name: str,
    function: Callable[..., Result],
    *args: Any,
    limits: Limits = Limits(),
    progress: Progress | None = None,
) -> Result:
    """``function(*args)`` in a child process within ``limits``; ``name`` is for messages.

    ``function`` and its arguments and result must pickle (a module-level function).
    ``progress`` is called, in this process, with each page OCR reads in the child.
    """
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_child, args=(sender, limits.memory_bytes, function, args), daemon=True
    )
    child.start()
    sender.close()
    try:
        outcome = _wait(receiver, child, limits, progress)
    finally:
        child.kill()
        child.join()
        receiver.close()
    result: Result = _result(name, outcome, child.exitcode, limits)
    return result


def _wait(
    receiver: Connection, child: Any, limits: Limits, progress: Progress | None
) -> tuple[str, Any] | None:
    """The child's last message, or ``None`` if it died first.

    A ``progress`` message (a page read) is passed on and extends the time; when the time
    runs out, ``("timeout", (done, total))``, the last progress heard (or ``None``).
    """
    deadline, heard = time.monotonic() + limits.seconds, None
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not receiver.poll(remaining):
            return ("timeout", heard) if child.is_alive() else None
        try:
            message: tuple[str, Any] = receiver.recv()
        except (EOFError, OSError):
            return None  # died before its message was whole
        if message[0] != "progress":
            return message
        heard = message[1]
        deadline = max(deadline, time.monotonic() + limits.seconds_per_page)
        if progress is not None:
            progress(*heard)


def _result(
    name: str, outcome: tuple[str, Any] | None, exitcode: int | None, limits: Limits
) -> Any:
    if outcome is not None and outcome[0] == "ok":
        return outcome[1]
    if outcome is not None and outcome[0] == "raised":
        raise outcome[1]
    megabytes = limits.memory_bytes >> 20
    if outcome is not None and outcome[0] == "timeout" and _mid_scan(outcome[1]):
        done, total = outcome[1]
        message = (
            f"{name}：文字识别第 {done + 1}/{total} 页超过 {limits.seconds_per_page:g} 秒"
            f"仍未完成，已中止；请提供带文字的 PDF，或拆分为几个文件后再上传"
        )
    elif outcome is not None and outcome[0] == "timeout":
        message = f"{name}：读取超过 {limits.seconds:g} 秒仍未完成，已中止；{_ADVICE}"
    elif outcome is not None and outcome[0] == "memory":
        message = f"{name}：读取时内存超过 {megabytes} MB 的上限，已中止；{_ADVICE}"
    elif outcome is not None:
        message = f"{name}：读取时出错（{outcome[1]}），已中止；{_ADVICE}"
    else:
        message = (
            f"{name}：读取进程意外退出（退出码 {exitcode}，内存上限 {megabytes} MB），"
            f"已中止；{_ADVICE}"
        )
    logger.warning("%s", message)
    raise DocumentReadError(message)


def _mid_scan(heard: tuple[int, int] | None) -> bool:
    """Whether the last progress heard was of a scan with pages still to read."""
    return heard is not None and heard[0] < heard[1]


def _fewer_malloc_arenas() -> None:
    """Cap glibc's malloc arenas: each thread's own arena maps 64 MiB of address space.

    onnxruntime's threads (OCR) otherwise map half a GiB that is never used, and the
    address-space limit would stop a scan whose memory is well within it.
    """
    try:
        ctypes.CDLL(None).mallopt(_M_ARENA_MAX, _MALLOC_ARENAS)
    except (OSError, AttributeError):  # not glibc: nothing to cap
        logger.debug("mallopt unavailable; malloc arenas not capped")


def _child(
    sender: Connection, memory_bytes: int, function: Callable[..., Any], args: tuple[Any, ...]
) -> None:
    """In the child: limit the address space, run, send ("ok"|"raised"|... , value).

    Before the outcome, each page OCR reads is sent as ``("progress", (done, total))``.
    """
    import resource

    from corpus.ocr import reporting_progress

    _fewer_malloc_arenas()
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    os.nice(_NICENESS)

    def report(done: int, total: int) -> None:
        sender.send(("progress", (done, total)))

    try:
        with reporting_progress(report):
            outcome: tuple[str, Any] = ("ok", function(*args))
    except CorpusError as error:
        outcome = ("raised", error)
    except MemoryError:
        outcome = ("memory", None)
    except Exception as error:  # the fence's point: any failure is one file's failure
        outcome = ("failed", f"{type(error).__name__}: {error}")
    try:
        sender.send(outcome)
    except MemoryError:
        sender.send(("memory", None))
    finally:
        sender.close()
