"""Validation of uploaded plan files: size, name, type and (for .docx) the zip inside."""

from __future__ import annotations

import re
import shutil
import unicodedata
import zipfile
from pathlib import Path

# .doc/.wps: read through LibreOffice; without it the loader refuses them with advice.
UPLOAD_SUFFIXES = (".txt", ".md", ".docx", ".doc", ".wps", ".pdf", ".xlsx", ".csv")
_ZIP_PARTS = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}  # zips: bounded
MAX_NAME_CHARS = 100
# A .docx is a zip: bound what it may expand to, so a small upload cannot fill the disk
# or the memory when python-docx opens it.
MAX_ZIP_ENTRIES = 500
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
_SAFE_NAME = re.compile(r"[^\w\-. ()()]+")


class UploadError(ValueError):
    """An upload that is refused; the message (Chinese) says why."""


def safe_filename(name: str) -> str:
    """The base name of an uploaded file, reduced to safe characters; raise if unusable.

    Directory parts (``../``, ``C:\\``) are dropped, control and shell characters replaced,
    and hidden names (starting with a dot) refused.
    """
    base = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    base = _SAFE_NAME.sub("_", base).strip(" ._") if base else ""
    stem, suffix = Path(base).stem, Path(base).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise UploadError(f"只接受 {'、'.join(UPLOAD_SUFFIXES)} 文件,收到的是“{name}”")
    if not stem.strip("._ ") or name.lstrip().startswith("."):
        raise UploadError(f"文件名“{name}”无效,请改用普通文件名")
    return stem[: MAX_NAME_CHARS - len(suffix)] + suffix


def check_upload(path: Path, name: str, max_bytes: int) -> str:
    """Check an uploaded file; return its safe name or raise :class:`UploadError`."""
    safe = safe_filename(name)
    size = path.stat().st_size
    if size == 0:
        raise UploadError("文件是空的")
    if size > max_bytes:
        raise UploadError(f"文件太大({size / 1048576:.1f} MB),上限是 {max_bytes / 1048576:.0f} MB")
    suffix = Path(safe).suffix
    if suffix in _ZIP_PARTS:
        check_zip(path, suffix, _ZIP_PARTS[suffix])
    return safe


def check_zip(path: Path, suffix: str, required: str) -> None:
    """Refuse a .docx/.xlsx that is not a zip, holds odd paths, or expands too much."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise UploadError(f"不是有效的 {suffix} 文件({error})") from error
    if len(entries) > MAX_ZIP_ENTRIES:
        raise UploadError(f"{suffix} 内含 {len(entries)} 个部件,超过上限 {MAX_ZIP_ENTRIES}")
    total = 0
    for entry in entries:
        if entry.filename.startswith(("/", "\\")) or ".." in entry.filename.split("/"):
            raise UploadError(f"{suffix} 内含可疑路径“{entry.filename}”")
        ratio = entry.file_size / max(entry.compress_size, 1)
        if ratio > MAX_COMPRESSION_RATIO:
            raise UploadError(f"{suffix} 压缩比异常(疑似压缩炸弹),已拒绝")
        total += entry.file_size
    if total > MAX_UNCOMPRESSED_BYTES:
        raise UploadError(f"{suffix} 解压后过大(疑似压缩炸弹),已拒绝")
    if required not in {entry.filename for entry in entries}:
        raise UploadError(f"不是有效的 {suffix} 文件(缺少 {required})")


def stage(path: Path, safe_name: str, folder: Path) -> Path:
    """Copy an accepted upload into ``folder`` under its safe name."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / safe_name
    if target.resolve().parent != folder.resolve():
        raise UploadError(f"文件名“{safe_name}”无效")
    shutil.copyfile(path, target)
    return target
