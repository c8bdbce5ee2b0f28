"""Old Word (.doc) and WPS (.wps) plans: LibreOffice converts them to .docx, read as one.

Without LibreOffice (``soffice`` or ``libreoffice`` on ``PATH``, or the program named by
``POLICY_QA_SOFFICE``; a name that is not found turns conversion off) such a file is
refused with the advice to save it as .docx, as before conversion existed.

Only what LibreOffice should read reaches it: a compound file (Word 97-2003, WPS, Works),
RTF or a zip (a .docx or .odt under the old name); anything else is refused unread. Each
conversion runs ``soffice --headless --convert-to docx`` in a temporary folder of its own,
with its own profile (so conversions can run at once), within :class:`Limits`:

* time: past ``seconds`` the whole process group is killed (``soffice`` is a shell script
  that starts ``oosplash``, which starts ``soffice.bin``); the default, 45 s, ends before
  the 60 s of :mod:`corpus.fence`, so a conversion the fence runs ends by its own limit;
* memory: ``RLIMIT_AS`` of ``memory_bytes``, or the inherited limit if lower (inside the
  fence: 1.5 GiB). ``soffice.bin`` peaks near 450 MB of address space on a small plan,
  550 MB on an 845 KB .doc with a 500-row table; it fails under 400 MB, works under 512;
* output: no file it writes may pass ``output_bytes`` (``RLIMIT_FSIZE``), and the .docx is
  then read with :func:`corpus.tablereaders.read_docx` and its bounds; CPU time is capped
  at twice the time limit, so a conversion orphaned by a killed parent cannot spin on.

The limits are set by ``/bin/sh``'s ``ulimit`` before it execs ``soffice``: a
``preexec_fn`` would run Python in the forked child, which can deadlock in a threaded
server. The profile is written before the start: it blocks links to external content,
sends any network fetch to a closed local proxy (a .doc can link a picture by URL, which
LibreOffice would otherwise fetch: nothing may leave the machine), never updates links
and runs no macros. ``soffice`` gets only ``PATH`` and the locale from the environment.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import resource
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from corpus.errors import DocumentReadError
from corpus.sourcetext import SourceText
from corpus.tablereaders import read_docx

logger = logging.getLogger(__name__)

SOFFICE_ENV = "POLICY_QA_SOFFICE"
# What LibreOffice is given: an OLE2 compound file, RTF, or a zip package.
_SIGNATURES = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"{\\rtf", b"PK\x03\x04")
_ADVICE = "请在 Word/WPS 中打开并另存为 .docx 后再上传"
_KEPT_ENVIRONMENT = ("PATH", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE")
# $1 address space (KiB), $2 CPU seconds, $3 file size (512-byte blocks), then the command.
_LIMITED = 'ulimit -v "$1" && ulimit -t "$2" && ulimit -f "$3" && shift 3 && exec "$@"'
_PROFILE_SETTINGS = {
    "/org.openoffice.Office.Common/Security/Scripting": {
        "BlockUntrustedRefererLinks": "true",
        "DisableMacrosExecution": "true",
        "MacroSecurityLevel": "3",
    },
    "/org.openoffice.Office.Writer/Content/Update": {"Link": "0"},
    "/org.openoffice.Inet/Settings": {
        "ooInetProxyType": "2",
        "ooInetNoProxy": "",
        **{
            f"ooInet{kind}Proxy{key}": value
            for kind in ("HTTP", "HTTPS", "FTP")
            for key, value in (("Name", "127.0.0.1"), ("Port", "9"))
        },
    },
}


@dataclass(frozen=True)
class Limits:
    """What one conversion may take: wall-clock seconds, address space, bytes per file."""

    seconds: float = 45.0
    memory_bytes: int = 1536 << 20
    output_bytes: int = 100 << 20


def find_soffice() -> str | None:
    """The LibreOffice program to run, or ``None`` when there is none."""
    configured = os.environ.get(SOFFICE_ENV)
    if configured is not None:
        return shutil.which(configured)
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_legacy(path: Path, data: bytes, advice: str, limits: Limits = Limits()) -> SourceText:
    """Read a .doc/.wps plan through LibreOffice, as :func:`read_docx` reads a .docx.

    Raises:
        DocumentReadError: Without LibreOffice (the message is ``advice``), or when the
            file is no Word/WPS document, LibreOffice cannot convert it or goes past
            ``limits``; any error of :func:`read_docx` on the converted file.
    """
    soffice = find_soffice()
    if soffice is None:
        raise DocumentReadError(f"{path}: {advice}")
    if not data.startswith(_SIGNATURES):
        raise DocumentReadError(
            f"{path}：文件内容不是 Word/WPS 文档（既不是 Word 97-2003/WPS 格式，也不是 RTF），"
            f"文件可能已损坏或扩展名有误；{_ADVICE}"
        )
    converted = convert(str(path), data, path.suffix.lower(), soffice=soffice, limits=limits)
    return read_docx(str(path), converted)


def convert(
    name: str,
    data: bytes,
    suffix: str,
    target: str = "docx",
    *,
    soffice: str,
    limits: Limits = Limits(),
) -> bytes:
    """``data`` (a file ending in ``suffix``) converted by LibreOffice to ``target``.

    ``target`` is what ``--convert-to`` takes ("docx", "odt", "doc"); ``name`` names the
    file in messages. Raises :class:`DocumentReadError` (Chinese, naming the file).
    """
    with tempfile.TemporaryDirectory(prefix="policy-qa-soffice-") as folder:
        work = Path(folder)
        source = work / f"source{suffix}"
        source.write_bytes(data)
        _write_profile(work / "profile")
        out = work / "out"
        command = [
            *_limited(limits),
            soffice,
            "--headless",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(source),
        ]
        started = time.monotonic()
        code = _run(name, command, work, limits)
        if code is None:
            raise _failure(
                f"{name}：用 LibreOffice 转换超过 {limits.seconds:g} 秒仍未完成，"
                "已中止并结束了转换进程"
            )
        result = out / f"source.{target.split(':', 1)[0]}"
        data = _output(name, result, f"exit code {code}; {_tail(work / 'soffice.log')}", limits)
        logger.info("%s: converted by LibreOffice in %.1f s", name, time.monotonic() - started)
        return data


def _limited(limits: Limits) -> list[str]:
    """``/bin/sh`` setting the address space, CPU time and file size before the exec."""
    inherited = resource.getrlimit(resource.RLIMIT_AS)[0]
    memory = limits.memory_bytes
    if inherited != resource.RLIM_INFINITY:
        memory = min(memory, inherited)
    cpu = math.ceil(2 * limits.seconds) + 1
    blocks = math.ceil(limits.output_bytes / 512)
    return ["/bin/sh", "-c", _LIMITED, "sh", str(memory >> 10), str(cpu), str(blocks)]


def _run(name: str, command: list[str], work: Path, limits: Limits) -> int | None:
    """Run to the end (its exit code) or to the time limit (``None``); kill its group."""
    log = work / "soffice.log"
    environment = {key: os.environ[key] for key in _KEPT_ENVIRONMENT if key in os.environ}
    environment |= {"HOME": str(work), "TMPDIR": str(work)}
    with log.open("wb") as output:
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                cwd=work,
                env=environment,
                start_new_session=True,  # its own process group, killed as one
            )
        except OSError as error:
            raise _failure(f"{name}：无法启动 LibreOffice（{error}）") from error
        code: int | None = None
        try:
            code = process.wait(timeout=limits.seconds)
        except subprocess.TimeoutExpired:
            logger.warning("%s: LibreOffice still running after %g s, killed", name, limits.seconds)
        finally:
            _kill_group(process.pid)
            process.wait()
    return code


def _tail(log: Path, size: int = 2000) -> str:
    """The end of LibreOffice's output, for the log."""
    with log.open("rb") as stream:
        stream.seek(max(0, log.stat().st_size - size))
        return stream.read().decode("utf-8", "replace").strip()


def _kill_group(group: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):  # the group has ended
        os.killpg(group, signal.SIGKILL)


def _output(name: str, result: Path, log: str, limits: Limits) -> bytes:
    """The converted file's bytes, or the reason there are none."""
    if not result.is_file():
        logger.warning("%s: LibreOffice wrote no file (%s)", name, log)
        raise _failure(
            f"{name}：LibreOffice 无法打开或转换该文件（文件可能已损坏、加密，"
            "或不是 Word/WPS 文档）"
        )
    size = result.stat().st_size
    if size >= limits.output_bytes:
        raise _failure(f"{name}：转换后的文件达到 {limits.output_bytes >> 20} MB 的上限，已中止")
    return result.read_bytes()


def _failure(message: str) -> DocumentReadError:
    logger.warning("%s", message)
    return DocumentReadError(f"{message}；{_ADVICE}")


def _write_profile(profile: Path) -> None:
    """A fresh LibreOffice profile holding the settings of :data:`_PROFILE_SETTINGS`."""
    items = "".join(
        f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse">'
        f"<value>{value}</value></prop></item>\n"
        for path, props in _PROFILE_SETTINGS.items()
        for name, value in props.items()
    )
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        f"{items}</oor:items>\n",
        encoding="utf-8",
    )
