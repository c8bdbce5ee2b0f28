"""Old Word (.doc) and WPS (.wps) plans, read through LibreOffice (``corpus/legacy.py``).

``plan-legacy.doc`` and ``plan-legacy.wps`` (the same Word 97 bytes) are ``plan-table.docx``
converted by LibreOffice (``scripts/make_legacy_fixtures.py``). The tests that run a real
``soffice`` skip, saying so, when there is none; with ``POLICY_QA_REQUIRE_SOFFICE`` set
(``scripts/test.sh`` sets it after installing LibreOffice) they fail instead.
"""

from __future__ import annotations

import http.server
import io
import os
import random
import shutil
import subprocess
import tempfile
import threading
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from corpus import Document, DocumentReadError, load_corpus, load_document
from corpus.fence import load_document_fenced
from corpus.legacy import SOFFICE_ENV, Limits, convert, find_soffice, read_legacy
from corpus.loading import find_documents, read_text
from corpus.models import ItemKind, Role
from index.settings import StackSettings
from tests.conftest import FIXTURES
from web.config import Settings
from web.documents import preview_upload
from web.uploads import UploadError

DOCX, DOC, WPS = (FIXTURES / f"plan-{name}" for name in ("table.docx", "legacy.doc", "legacy.wps"))
ADVICE = {
    ".doc": r"不支持旧版 Word \(\.doc\) 格式,请在 Word/WPS 中另存为 \.docx 后再上传",
    ".wps": r"不支持 WPS 文字 \(\.wps\) 格式,请在 WPS 中另存为 \.docx 后再上传",
}


@pytest.fixture
def soffice() -> str:
    """The real LibreOffice, or a loud skip (a failure when it is required)."""
    found = find_soffice()
    if found is None:
        if os.environ.get("POLICY_QA_REQUIRE_SOFFICE"):
            pytest.fail("POLICY_QA_REQUIRE_SOFFICE is set but soffice was not found", pytrace=False)
        pytest.skip(
            "LibreOffice (soffice) is not installed: .doc/.wps conversion NOT TESTED "
            "(apt-get install --no-install-recommends libreoffice-writer-nogui)"
        )
    return found


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary folder of the test's own, where conversions make their folders."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _plan(document: Document) -> list[tuple[Any, ...]]:
    """What a plan is made of: each item's label, kind, title, text, units and deadline."""
    return [
        (item.label, item.kind, item.title, item.text, item.units, item.deadline)
        for item in document.items
    ]


def _fake_soffice(folder: Path, body: str) -> Path:
    script = folder / "fake-soffice"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(0o755)
    return script


def _dead(pid: int) -> bool:
    """Whether the process is gone (or a zombie waiting for its parent to reap it)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] in {"Z", "X"}


# --- with LibreOffice ------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("path", [DOC, WPS], ids=["doc", "wps"])
def test_an_old_word_file_loads_into_the_plan_of_its_docx(soffice: str, path: Path) -> None:
    document, original = load_document(path), load_document(DOCX)
    assert document.title == original.title
    assert _plan(document) == _plan(original)
    tasks = [item for item in document.items if item.kind == ItemKind.TASK]
    assert len(tasks) == 8
    assert [u.name for u in tasks[0].units_in(Role.LEAD)] == ["市工业和信息化局"]
    assert [u.name for u in tasks[0].units_in(Role.SUPPORT)] == [
        "市住房和城乡建设局",
        "市城市管理局",
        "中国铁塔市分公司",
    ]
    assert tasks[0].deadline is not None and tasks[0].deadline.text == "2024年6月底前"


@pytest.mark.slow
def test_a_docx_under_the_old_name_is_read_too(soffice: str, tmp_path: Path) -> None:
    renamed = tmp_path / "plan.doc"
    shutil.copyfile(DOCX, renamed)
    assert _plan(load_document(renamed)) == _plan(load_document(DOCX))


@pytest.mark.slow
def test_a_corrupt_doc_is_refused_alone_with_its_name(
    soffice: str, tmp_path: Path, private_tmp: Path
) -> None:
    library = tmp_path / "library"
    library.mkdir()
    (library / "a-random.doc").write_bytes(random.Random(7).randbytes(20_000))
    damaged = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)  # a compound file's header only
    (library / "b-damaged.wps").write_bytes(damaged)
    shutil.copyfile(FIXTURES / "plan-elderly.txt", library / "c-plan.txt")
    before = {path.name: path.read_bytes() for path in library.iterdir()}
    corpus = load_corpus(library)
    assert [doc.doc_id for doc in corpus.documents] == ["c-plan"]
    assert [Path(failure.path).name for failure in corpus.failures] == [
        "a-random.doc",
        "b-damaged.wps",
    ]
    random_message, damaged_message = (failure.message for failure in corpus.failures)
    assert "a-random.doc：文件内容不是 Word/WPS 文档" in random_message
    assert "b-damaged.wps：LibreOffice 无法打开或转换该文件" in damaged_message
    assert all("另存为 .docx" in failure.message for failure in corpus.failures)
    assert {path.name: path.read_bytes() for path in library.iterdir()} == before
    assert not list(private_tmp.iterdir())  # each conversion's folder is gone


@pytest.mark.slow
def test_two_conversions_at_once_both_succeed(soffice: str) -> None:
    with ThreadPoolExecutor(max_workers=2) as pool:
        documents = list(pool.map(load_document, [DOC, WPS]))
    original = _plan(load_document(DOCX))
    assert [_plan(document) for document in documents] == [original, original]


@pytest.mark.slow
def test_a_doc_loads_inside_the_fence(soffice: str) -> None:
    # the fence's child has RLIMIT_AS 1.5 GiB, inherited by soffice (it needs about 450 MB)
    assert _plan(load_document_fenced(DOC)) == _plan(load_document(DOCX))


@pytest.mark.slow
def test_a_doc_upload_is_checked_like_a_docx(soffice: str, tmp_path: Path) -> None:
    settings = Settings(stack=StackSettings(data_dir=tmp_path / "data"))
    preview = preview_upload(settings, DOC, "旧版计划.doc")
    assert preview.staged.name == "旧版计划.doc"
    assert "8 项任务" in preview.summary


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []  # noqa: RUF012 (one server per test)

    def do_GET(self) -> None:
        self._record()

    def do_HEAD(self) -> None:
        self._record()

    def do_OPTIONS(self) -> None:
        self._record()

    def _record(self) -> None:
        self.requests.append(f"{self.command} {self.path}")
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[tuple[str, list[str]]]:
    """A local web server that records what is asked of it: its address and the requests."""
    _Recorder.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.requests
    server.shutdown()
    server.server_close()


def _odt_linking(url: str) -> bytes:
    """An .odt plan whose picture is a link to ``url``, not embedded."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
        'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
        'xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.2"><office:body>'
        "<office:text><text:p>2024年工作方案</text:p><text:p>（一）建设公园。"
        '<draw:frame draw:name="p" svg:width="1cm" svg:height="1cm"><draw:image '
        f'xlink:href="{url}" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/>'
        "</draw:frame>（责任单位：市林业局）</text:p></office:text></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
        '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type='
        '"application/vnd.oasis.opendocument.text"/><manifest:file-entry '
        'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        package.writestr("content.xml", content)
        package.writestr("META-INF/manifest.xml", manifest)
    return buffer.getvalue()


@pytest.mark.slow
def test_a_picture_linked_by_url_is_never_fetched(
    soffice: str, tmp_path: Path, recorder: tuple[str, list[str]]
) -> None:
    address, requests = recorder
    url = f"{address}/picture.png"
    doc = convert("linked.odt", _odt_linking(url), ".odt", "doc:MS Word 97", soffice=soffice)
    assert url.encode("utf-16-le") in doc  # an INCLUDEPICTURE field
    path = tmp_path / "linked.doc"
    path.write_bytes(doc)
    # LibreOffice with a profile of its defaults fetches the picture...
    profile = (tmp_path / "default-profile").as_uri()
    command = [soffice, "--headless", f"-env:UserInstallation={profile}", "--convert-to"]
    direct = {key: value for key, value in os.environ.items() if "proxy" not in key.lower()}
    subprocess.run(
        [*command, "docx", "--outdir", str(tmp_path / "out"), str(path)],
        check=True,
        capture_output=True,
        env=direct,
    )
    assert "GET /picture.png" in requests
    requests.clear()
    # ...the conversion of the loader does not
    assert "（一）建设公园。" in read_text(path)
    assert requests == []


# --- with a stand-in for LibreOffice, or none -------------------------------------------


@pytest.mark.parametrize("path", [DOC, WPS], ids=["doc", "wps"])
@pytest.mark.parametrize("absent", ["configured", "path"])
def test_without_soffice_the_refusal_advises_docx(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: Path, absent: str
) -> None:
    if absent == "configured":
        monkeypatch.setenv(SOFFICE_ENV, str(tmp_path / "no-such-soffice"))
    else:
        monkeypatch.delenv(SOFFICE_ENV, raising=False)
        monkeypatch.setenv("PATH", str(tmp_path))
    copy = tmp_path / f"plan{path.suffix.upper()}"
    shutil.copyfile(path, copy)
    with pytest.raises(
        DocumentReadError, match=rf"plan{path.suffix.upper()}: {ADVICE[path.suffix]}"
    ):
        read_text(copy)


def test_without_soffice_an_upload_is_refused_with_the_advice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SOFFICE_ENV, str(tmp_path / "no-such-soffice"))
    settings = Settings(stack=StackSettings(data_dir=tmp_path / "data"))
    with pytest.raises(UploadError, match=ADVICE[".doc"]):
        preview_upload(settings, DOC, "plan.doc")
    assert not list((tmp_path / "data" / "staging").glob("plan.doc"))


def test_a_conversion_that_hangs_is_killed_at_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, private_tmp: Path
) -> None:
    pids = tmp_path / "pids"
    body = f'echo $$ >> "{pids}"\nsleep 60 &\necho $! >> "{pids}"\nwait'
    monkeypatch.setenv(SOFFICE_ENV, str(_fake_soffice(tmp_path, body)))
    with pytest.raises(DocumentReadError, match=r"plan\.doc：用 LibreOffice 转换超过 1 秒仍未完成"):
        read_legacy(tmp_path / "plan.doc", DOC.read_bytes(), "advice", Limits(seconds=1))
    started = [int(line) for line in pids.read_text().split()]
    assert len(started) == 2 and all(_dead(pid) for pid in started)  # the script and its sleep
    assert not list(private_tmp.iterdir())


def test_soffice_runs_with_its_own_limits_and_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = tmp_path / "seen"
    body = f'cat /proc/self/limits > "{seen}"\nenv >> "{seen}"\nexit 0'
    monkeypatch.setenv(SOFFICE_ENV, str(_fake_soffice(tmp_path, body)))
    monkeypatch.setenv("POLICY_QA_ADMIN_PASSWORD", "secret-of-the-server")
    limits = Limits(seconds=5, memory_bytes=700 << 20, output_bytes=1 << 20)
    with pytest.raises(DocumentReadError, match=r"plan\.doc：LibreOffice 无法打开或转换该文件"):
        read_legacy(tmp_path / "plan.doc", DOC.read_bytes(), "advice", limits)
    report = seen.read_text()
    lines = {line.split("  ")[0]: line.split() for line in report.splitlines() if "  " in line}
    assert lines["Max address space"][3:5] == [str(700 << 20)] * 2
    assert lines["Max file size"][3:5] == [str(1 << 20)] * 2
    assert lines["Max cpu time"][3:5] == ["11"] * 2
    assert "secret-of-the-server" not in report and "HOME=" in report


def test_only_word_and_wps_contents_reach_soffice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran = tmp_path / "ran"
    monkeypatch.setenv(SOFFICE_ENV, str(_fake_soffice(tmp_path, f'touch "{ran}"')))
    for content in (b"<html><body>plan</body></html>", "（一）建设公园。".encode(), b""):
        with pytest.raises(DocumentReadError, match="文件内容不是 Word/WPS 文档"):
            read_legacy(tmp_path / "plan.doc", content, "advice")
    assert not ran.exists()


def test_a_library_folder_lists_old_word_files(tmp_path: Path) -> None:
    for name in ("a.doc", "b.WPS", "c.docx", "d.xls"):
        (tmp_path / name).write_bytes(b"")
    assert [path.name for path in find_documents(tmp_path)] == ["a.doc", "b.WPS", "c.docx"]
