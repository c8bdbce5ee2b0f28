"""Crash-safe files for the index store: a build lock, fsync, a manifest, a checked pointer.

- :func:`build_lock` lets one process at a time build into an index folder (``flock`` on
  ``.lock``; released by the kernel if the holder dies, so a ``kill -9`` leaves no stale
  lock); :func:`sweep_orphans` removes what a killed build left, when nobody is building.
- :func:`seal` records every file of a finished build with its size and SHA-256 in
  ``MANIFEST.json`` and flushes the files and the folder to disk before the build is
  pointed at; :func:`verify` checks sizes (cheap, for health checks) or hashes too.
- :func:`point` replaces ``CURRENT`` atomically and durably; :func:`pointed` reads it and
  refuses anything but a build folder's name.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from index.errors import IndexFileError

CURRENT_FILE = "CURRENT"
MANIFEST_FILE = "MANIFEST.json"
LOCK_FILE = ".lock"
BUILD_NAME = re.compile(r"build-[A-Za-z0-9_]{1,64}")


@contextmanager
def build_lock(folder: Path) -> Iterator[None]:
    """Hold the folder's build lock (waiting for another process's build to finish)."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / LOCK_FILE).open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def sweep_orphans(folder: Path) -> list[str]:
    """Remove build folders ``CURRENT`` does not name, if no process is building right now.

    Such folders are what a killed build leaves; while another process holds the build
    lock its folder is in progress, so nothing is removed then. Returns the names removed.
    """
    try:
        live = pointed(folder)
    except IndexFileError:
        return []
    removed = []
    with (folder / LOCK_FILE).open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return []
        try:
            for build in folder.glob("build-*"):
                if build != live:
                    shutil.rmtree(build, ignore_errors=True)
                    removed.append(build.name)
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    return removed


def pointed(folder: Path) -> Path | None:
    """The build ``CURRENT`` names, or ``None`` without one; raise if it names no build."""
    try:
        name = (folder / CURRENT_FILE).read_text("utf-8").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise IndexFileError(f"{folder / CURRENT_FILE}: unreadable ({error})") from error
    if not name:
        return None
    if not BUILD_NAME.fullmatch(name):
        raise IndexFileError(
            f"{folder / CURRENT_FILE}: names {name[:80]!r}, not a build folder "
            "(expected build-<id>); the index will be rebuilt"
        )
    return folder / name


def point(folder: Path, build: Path) -> None:
    """Make ``CURRENT`` name ``build``: written, flushed, then swapped in atomically."""
    pointer = folder / f"{CURRENT_FILE}.{os.getpid()}.tmp"
    with pointer.open("w", encoding="utf-8") as handle:
        handle.write(build.name)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(pointer, folder / CURRENT_FILE)
    _fsync_dir(folder)


def seal(build: Path) -> None:
    """Write the build's manifest and flush every file and the folder to disk."""
    files = {}
    for path in sorted(p for p in build.rglob("*") if p.is_file()):
        _fsync_file(path)
        name = path.relative_to(build).as_posix()
        files[name] = {"bytes": path.stat().st_size, "sha256": _sha256(path)}
    manifest = build / MANIFEST_FILE
    manifest.write_text(json.dumps({"files": files}, indent=2, ensure_ascii=False), "utf-8")
    _fsync_file(manifest)
    for folder in {p.parent for p in build.rglob("*")} | {build}:
        _fsync_dir(folder)


def verify(build: Path, *, hashes: bool) -> None:
    """Raise :class:`IndexFileError` unless every file of the manifest is there and whole."""
    try:
        files = json.loads((build / MANIFEST_FILE).read_text("utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise IndexFileError(f"{build}: no readable {MANIFEST_FILE} ({error})") from error
    for name, expected in files.items():
        path = build / name
        if ".." in Path(name).parts or Path(name).is_absolute():
            raise IndexFileError(f"{build}: {MANIFEST_FILE} names {name!r}, outside the build")
        try:
            size = path.stat().st_size
        except OSError as error:
            raise IndexFileError(f"{path}: missing ({error})") from error
        if size != expected["bytes"]:
            raise IndexFileError(f"{path}: {size} bytes, the build wrote {expected['bytes']}")
        if hashes and _sha256(path) != expected["sha256"]:
            raise IndexFileError(f"{path}: content differs from what the build wrote")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fsync_file(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
