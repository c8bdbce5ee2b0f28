"""A fence around any loader: run it in a child process with a memory limit and a timeout.

The loaders bound what they know of (:mod:`corpus.packages`, :data:`corpus.loading.
MAX_PLAN_CHARS`); the fence bounds the rest, whatever a library does with a file no one
foresaw. The child is spawned (a fresh interpreter: forking a server with threads is
unsafe), limits its own address space (``RLIMIT_AS``) before it reads anything, and is
killed when the time is up. Every way the child can fail comes back as a
:class:`DocumentReadError` whose message (Chinese) names the file, so a caller treats it
like any file that cannot be read. Spawning costs about half a second per call.

Use :func:`load_document_fenced` where :func:`corpus.loading.load_document` was called.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar

from corpus.errors import CorpusError, DocumentReadError
from corpus.models import Document

logger = logging.getLogger(__name__)
Result = TypeVar("Result")
_ADVICE = "请检查文件是否完整，或拆分为几个文件后再上传"


@dataclass(frozen=True)
class Limits:
    """What one child may take: address space (bytes) and wall-clock time (seconds).

    1.5 GiB: a bounded load peaks near 100 MB resident (the largest spreadsheet or text the
    bounds let through) but the interpreter, lxml and openpyxl map several times that in
    address space; the limit is for the runaway cases, which took 1.2 GB to 8 GB.
    """

    memory_bytes: int = 1536 << 20
    seconds: float = 60.0


def load_document_fenced(
    path: Path, doc_id: str | None = None, limits: Limits = Limits()
) -> Document:
    """:func:`corpus.loading.load_document` in a fenced child process.

    Raises:
        CorpusError: What the loader raised (a :class:`DocumentReadError` or
            :class:`StructureError`), or a :class:`DocumentReadError` when the child ran
            out of memory or time, or died.
    """
    from corpus.loading import load_document

    return run_fenced(str(path), load_document, path, doc_id, limits=limits)


def run_fenced(
    name: str, function: Callable[..., Result], *args: Any, limits: Limits = Limits()
) -> Result:
    """``function(*args)`` in a child process within ``limits``; ``name`` is for messages.

    ``function`` and its arguments and result must pickle (a module-level function).
    """
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_child, args=(sender, limits.memory_bytes, function, args), daemon=True
    )
    child.start()
    sender.close()
    try:
        outcome = _wait(receiver, child, limits.seconds)
    finally:
        child.kill()
        child.join()
        receiver.close()
    result: Result = _result(name, outcome, child.exitcode, limits)
    return result


def _wait(receiver: Connection, child: Any, seconds: float) -> tuple[str, Any] | None:
    """The child's message, or ``None`` if it sent none in time (or died first)."""
    if receiver.poll(seconds):
        try:
            message: tuple[str, Any] = receiver.recv()
            return message
        except (EOFError, OSError):
            return None  # died before its message was whole
    return ("timeout", None) if child.is_alive() else None


def _result(
    name: str, outcome: tuple[str, Any] | None, exitcode: int | None, limits: Limits
) -> Any:
    if outcome is not None and outcome[0] == "ok":
        return outcome[1]
    if outcome is not None and outcome[0] == "raised":
        raise outcome[1]
    megabytes = limits.memory_bytes >> 20
    if outcome is not None and outcome[0] == "timeout":
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


def _child(
    sender: Connection, memory_bytes: int, function: Callable[..., Any], args: tuple[Any, ...]
) -> None:
    """In the child: limit the address space, run, send ("ok"|"raised"|... , value)."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    try:
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
