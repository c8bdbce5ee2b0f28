"""The web package's parts without a server: settings, uploads, feedback, matrix, rebuild."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import threading
import zipfile
from pathlib import Path
from typing import Any, cast

import pytest

from corpus import Corpus, load_corpus
from eval.cases import load_cases
from eval.cli import main as eval_main
from eval.feedback_store import FeedbackStore
from index.settings import SettingsError, StackSettings
from index.store import load_or_build
from qa import Answer, Assistant
from tests.conftest import FIXTURES, REAL_PLAN
from tests.fakes import FAKE_ANSWERING, FakeEncoder
from web.api import ApiError, frame_ancestors, parse_ask
from web.config import Settings, load_settings, parse_origins
from web.documents import (
    add_to_library,
    corpus_source,
    library_change,
    preview_upload,
    recover_interrupted_changes,
)
from web.matrix import ALL_DEPARTMENTS, MARK, SUPPORT_MARK, build_matrix, write_csv, write_xlsx
from web.replies import Reply, ReplyLog
from web.service import AssistantService, RebuildBusyError
from web.uploads import UploadError, check_upload, safe_filename


@pytest.fixture(scope="module")
def fake_assistant(tmp_path_factory: pytest.TempPathFactory, real_corpus: Corpus) -> Assistant:
    folder = tmp_path_factory.mktemp("fake-index")
    return Assistant(real_corpus, load_or_build(real_corpus, FakeEncoder(), folder), FAKE_ANSWERING)


# --- settings ---------------------------------------------------------------------------


def test_settings_from_environment(tmp_path: Path) -> None:
    env = {
        "POLICY_QA_ALLOWED_ORIGINS": "https://portal.example.gov.cn, http://10.0.0.5:8080/",
        "POLICY_QA_ADMIN_PASSWORD": "pw",
        "POLICY_QA_DATA": str(tmp_path),
        "POLICY_QA_MAX_UPLOAD_MB": "2",
        "POLICY_QA_CONCURRENCY": "8",
    }
    settings = load_settings(env, port=9000)
    assert settings.allowed_origins == ("https://portal.example.gov.cn", "http://10.0.0.5:8080")
    assert (settings.port, settings.host, settings.concurrency) == (9000, "127.0.0.1", 8)
    assert settings.max_upload_bytes == 2 * 1024 * 1024
    assert settings.stack.feedback_db == tmp_path / "feedback.sqlite3"
    assert load_settings({}).admin_password == ""


@pytest.mark.parametrize("value", ["portal.example", "https://a.example/path", "ftp://x", "*"])
def test_bad_origins_are_refused(value: str) -> None:
    with pytest.raises(SettingsError, match="POLICY_QA_ALLOWED_ORIGINS"):
        parse_origins(value)


def test_bad_numbers_are_refused() -> None:
    with pytest.raises(SettingsError, match="POLICY_QA_CONCURRENCY"):
        load_settings({"POLICY_QA_CONCURRENCY": "many"})


def test_frame_ancestors_without_origins_has_no_trailing_space() -> None:
    assert frame_ancestors(()) == "frame-ancestors 'self'"


def test_parse_ask() -> None:
    assert parse_ask(b'{"question": "q", "history": ["a"]}') == ("q", ["a"], None)
    assert parse_ask('{"question": "q", "doc": "2024年计划"}'.encode()) == ("q", [], "2024年计划")
    with pytest.raises(ApiError) as error:
        parse_ask(json.dumps({"question": "q", "history": ["h"] * 21}).encode())
    assert error.value.status == 422
    with pytest.raises(ApiError, match="doc"):
        parse_ask(b'{"question": "q", "doc": 5}')


# --- uploads and the documents tab ------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("计划(修订).TXT", "计划(修订).txt"),
        ("C:\\docs\\plan 2023.docx", "plan 2023.docx"),
        ("a;rm -rf $HOME.txt", "a_rm -rf _HOME.txt"),
    ],
)
def test_safe_filename(name: str, safe: str) -> None:
    assert safe_filename(name) == safe


@pytest.mark.parametrize(
    "name", ["../../etc/cron.d/x.txt", ".hidden.txt", "plan.exe", "plan", ".txt"]
)
def test_unsafe_filenames_are_refused(name: str) -> None:
    with pytest.raises(UploadError):
        safe_filename(name)


def _docx(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def test_zip_bomb_is_refused(tmp_path: Path) -> None:
    bomb = _docx(tmp_path / "bomb.docx", {"word/document.xml": b"0" * 20_000_000})
    with pytest.raises(UploadError, match="压缩炸弹"):
        check_upload(bomb, "bomb.docx", 10 << 20)


def test_docx_with_path_tricks_or_not_a_zip_is_refused(tmp_path: Path) -> None:
    tricky = _docx(tmp_path / "t.docx", {"../evil": b"x", "word/document.xml": b"<w/>"})
    with pytest.raises(UploadError, match="可疑路径"):
        check_upload(tricky, "t.docx", 10 << 20)
    fake = tmp_path / "fake.docx"
    fake.write_bytes(b"not a zip")
    with pytest.raises(UploadError, match=r"不是有效的 \.docx"):
        check_upload(fake, "fake.docx", 10 << 20)


def test_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2048)
    with pytest.raises(UploadError, match="文件太大"):
        check_upload(big, "big.txt", 1024)


def test_upload_preview_add_and_rebuild(tmp_path: Path, fake_assistant: Assistant) -> None:
    settings = Settings(stack=StackSettings(data_dir=tmp_path), admin_password="pw")
    preview = preview_upload(settings, FIXTURES / "plan-elderly.txt", "plan-elderly.txt")
    assert "项任务" in preview.summary and preview.parse and preview.cleaning
    assert corpus_source(settings) is None
    target = add_to_library(settings, preview.staged)
    assert corpus_source(settings) == tmp_path / "documents"
    names = sorted(p.name for p in (tmp_path / "documents").iterdir())
    assert names == sorted([REAL_PLAN.name, target.name])
    with pytest.raises(UploadError):
        add_to_library(settings, tmp_path / "documents" / REAL_PLAN.name)


def test_a_same_name_upload_replaces_only_when_asked(tmp_path: Path) -> None:
    settings = Settings(stack=StackSettings(data_dir=tmp_path), admin_password="pw")
    first = preview_upload(settings, FIXTURES / "plan-elderly.txt", "plan.txt")
    add_to_library(settings, first.staged)
    again = preview_upload(settings, FIXTURES / "plan-county.txt", "plan.txt")
    assert "已有同名文件" in again.summary
    with pytest.raises(UploadError, match="替换同名文件"):
        add_to_library(settings, again.staged)
    target = add_to_library(settings, again.staged, replace=True)
    assert target.read_bytes() == (FIXTURES / "plan-county.txt").read_bytes()


def test_a_failed_rebuild_takes_the_added_plan_out_again(tmp_path: Path) -> None:
    settings = Settings(stack=StackSettings(data_dir=tmp_path), admin_password="pw")
    add_to_library(
        settings, preview_upload(settings, FIXTURES / "plan-elderly.txt", "p.txt").staged
    )
    library = tmp_path / "documents" / "p.txt"
    old = library.read_bytes()
    staged = preview_upload(settings, FIXTURES / "plan-county.txt", "p.txt").staged
    with pytest.raises(OSError), library_change(settings, staged, replace=True):
        assert library.read_bytes() != old  # the new plan is in while the index rebuilds
        raise OSError(28, "No space left on device")
    assert library.read_bytes() == old and staged.is_file()  # the old plan is back
    added = preview_upload(settings, FIXTURES / "plan-county.txt", "new.txt").staged
    with pytest.raises(RuntimeError), library_change(settings, added):
        raise RuntimeError("rebuild failed")
    assert not (tmp_path / "documents" / "new.txt").exists()
    assert list((tmp_path / "staging").glob("*.replaced")) == []


def test_an_add_cut_off_by_a_crash_is_undone_on_start(tmp_path: Path) -> None:
    settings = Settings(stack=StackSettings(data_dir=tmp_path), admin_password="pw")
    add_to_library(
        settings, preview_upload(settings, FIXTURES / "plan-elderly.txt", "p.txt").staged
    )
    old = (tmp_path / "documents" / "p.txt").read_bytes()
    staged = preview_upload(settings, FIXTURES / "plan-county.txt", "p.txt").staged
    change = library_change(settings, staged, replace=True)
    change.__enter__()  # the rebuild starts, and the process is killed: no __exit__
    assert (tmp_path / "documents" / "p.txt").read_bytes() != old
    assert recover_interrupted_changes(settings) == ["p.txt"]
    assert (tmp_path / "documents" / "p.txt").read_bytes() == old and staged.is_file()
    assert recover_interrupted_changes(settings) == []


def test_the_library_is_listed_and_a_plan_removed_with_undo(tmp_path: Path) -> None:
    from web.documents import library_removal
    from web.library import library_entries

    settings = Settings(stack=StackSettings(data_dir=tmp_path), admin_password="pw")
    assert [e.name for e in library_entries(settings)] == [REAL_PLAN.name]  # shipped plan
    with pytest.raises(UploadError, match="还没有建立"), library_removal(settings, REAL_PLAN.name):
        pass
    add_to_library(
        settings, preview_upload(settings, FIXTURES / "plan-elderly.txt", "e.txt").staged
    )
    entries = {e.name: e for e in library_entries(settings)}
    assert entries[REAL_PLAN.name].year == "2022" and entries[REAL_PLAN.name].tasks == 19
    assert entries["e.txt"].tasks > 0 and entries["e.txt"].row()[0] == "e.txt"
    with pytest.raises(OSError), library_removal(settings, "e.txt"):
        assert not (tmp_path / "documents" / "e.txt").exists()  # out while rebuilding
        raise OSError(28, "No space left on device")
    assert (tmp_path / "documents" / "e.txt").exists()  # put back
    with library_removal(settings, "e.txt"):
        pass
    assert [e.name for e in library_entries(settings)] == [REAL_PLAN.name]
    with pytest.raises(UploadError, match="至少要保留"), library_removal(settings, REAL_PLAN.name):
        pass
    with pytest.raises(UploadError, match="没有"), library_removal(settings, "../x.txt"):
        pass


def test_a_removal_cut_off_by_a_crash_is_undone_on_start(tmp_path: Path) -> None:
    from web.documents import library_removal

    settings = Settings(stack=StackSettings(data_dir=tmp_path), admin_password="pw")
    add_to_library(
        settings, preview_upload(settings, FIXTURES / "plan-elderly.txt", "e.txt").staged
    )
    removal = library_removal(settings, "e.txt")
    removal.__enter__()  # killed mid-rebuild: no __exit__
    assert not (tmp_path / "documents" / "e.txt").exists()
    assert recover_interrupted_changes(settings) == ["e.txt"]
    assert (tmp_path / "documents" / "e.txt").exists()


def test_health_is_degraded_with_the_reason(tmp_path: Path, real_corpus: Corpus) -> None:
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from web.api import create_router

    folder = tmp_path / "index"
    assistant = Assistant(real_corpus, load_or_build(real_corpus, FakeEncoder(), folder))
    service = AssistantService(assistant, lambda: assistant)
    app = FastAPI()
    app.include_router(create_router(service, folder))
    client = TestClient(app)
    assert client.get("/api/health").json()["status"] == "ok"
    build = next(folder.glob("build-*"))
    (build / "dense.faiss").write_bytes(b"\x00" * 10)  # truncated on disk
    health = client.get("/api/health").json()
    assert health["status"] == "degraded" and "dense.faiss: 10 bytes" in health["problems"][0]
    assert health["items"] > 0  # the index in memory still answers


def test_downloads_are_served_by_name_only(tmp_path: Path, fake_assistant: Assistant) -> None:
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from web.api import create_router
    from web.tabs import download_links

    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "任务分工.csv").write_text("a,b\n", encoding="utf-8-sig")
    (exports / ".hidden.csv").write_text("x", encoding="utf-8")
    (tmp_path / "secret.csv").write_text("secret", encoding="utf-8")
    service = AssistantService(fake_assistant, lambda: fake_assistant)
    app = FastAPI()
    app.include_router(create_router(service, None, exports))
    client = TestClient(app)
    links = download_links({"下载 CSV": "任务分工.csv"})
    href = links.split('href="')[1].split('"')[0]
    assert (
        href == "/exports/%E4%BB%BB%E5%8A%A1%E5%88%86%E5%B7%A5.csv" and str(tmp_path) not in links
    )
    got = client.get(href)
    assert got.status_code == 200 and got.content == "a,b\n".encode("utf-8-sig")
    assert "attachment" in got.headers["content-disposition"]
    for name in ("..%2Fsecret.csv", ".hidden.csv", "missing.csv", "f.txt", "..%5Csecret.csv"):
        assert client.get(f"/exports/{name}").status_code == 404, name


def test_a_file_without_items_is_refused(tmp_path: Path) -> None:
    upload = tmp_path / "note.txt"
    upload.write_text("这是一份通知,没有编号的任务。", encoding="utf-8")
    with pytest.raises(UploadError, match="无法解析该文件"):
        preview_upload(Settings(stack=StackSettings(data_dir=tmp_path)), upload, "note.txt")
    assert not (tmp_path / "staging" / "note.txt").exists()


# --- the live assistant and its rebuild ---------------------------------------------------


class SlowLoader:
    """A loader that waits until released, to ask questions during a rebuild."""

    def __init__(self, result: Any) -> None:
        self.result, self.started, self.release = result, threading.Event(), threading.Event()

    def __call__(self) -> Assistant:
        self.started.set()
        self.release.wait(10)
        return cast(Assistant, self.result)


class Named:
    """A stand-in assistant that answers with its name."""

    def __init__(self, name: str, corpus: Corpus) -> None:
        self.name, self.corpus = name, corpus

    def ask(self, question: str, history: Any = (), doc: str | None = None) -> str:
        return self.name


def busy(service: AssistantService) -> bool:
    return service.rebuilding


def test_chat_answers_from_the_old_index_during_a_rebuild(real_corpus: Corpus) -> None:
    loader = SlowLoader(Named("new", real_corpus))
    service = AssistantService(cast(Assistant, Named("old", real_corpus)), loader)
    worker = threading.Thread(target=service.rebuild)
    worker.start()
    assert loader.started.wait(5)
    assert busy(service)
    assert cast(object, service.ask("q")) == "old"
    with pytest.raises(RebuildBusyError):
        service.rebuild()
    loader.release.set()
    worker.join(5)
    assert not busy(service)
    assert cast(object, service.ask("q")) == "new"


def test_a_failed_rebuild_keeps_the_old_assistant(real_corpus: Corpus) -> None:
    def broken() -> Assistant:
        raise RuntimeError("disk full")

    service = AssistantService(cast(Assistant, Named("old", real_corpus)), broken)
    with pytest.raises(RuntimeError):
        service.rebuild()
    assert not busy(service)
    assert cast(object, service.ask("q")) == "old"
    assert service.last_failure == "RuntimeError: disk full"  # reported by /api/health


# --- feedback -----------------------------------------------------------------------------


def test_feedback_store_and_export(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "fb.sqlite3")
    record = {"kind": "who", "answered": True, "direct": "市农业农村局", "cited": [9]}
    store.add(vote="up", question="好问题", history=[], reply="r", record=record)
    down = store.add(
        vote="down", question="要完成多少座?", history=["谁负责厕所革命?"], reply="r", record=record
    )
    assert store.set_comment(down, "数字不对") and not store.set_comment(999, "x")
    with pytest.raises(ValueError, match="vote"):
        store.add(vote="meh", question="q", history=[], reply="r", record={})
    out = tmp_path / "out" / "disliked.jsonl"
    assert eval_main(["feedback", "--export", str(out), "--db", str(store.path)]) == 0
    cases = load_cases(out)
    assert [(c.question, c.history, c.kind, c.items) for c in cases] == [
        ("要完成多少座?", ("谁负责厕所革命?",), "followup", ())
    ]
    line = json.loads(out.read_text(encoding="utf-8"))
    assert line["needs_label"] and line["feedback"]["comment"] == "数字不对"


def test_feedback_export_without_database(tmp_path: Path) -> None:
    assert (
        eval_main(["feedback", "--export", str(tmp_path / "x.jsonl"), "--db", str(tmp_path / "no")])
        == 2
    )


# --- 任务分工 ------------------------------------------------------------------------------


def test_matrix_and_filter(real_corpus: Corpus) -> None:
    full = build_matrix(real_corpus)
    assert full.headers[:5] == ("文件", "部分", "编号", "任务", "完成时限")
    toilets = next(row for row in full.rows if row[3] == "分类推进厕所革命")
    marked = {full.headers[i] for i, cell in enumerate(toilets) if cell == MARK}
    assert marked == {"市农业农村局", "市卫健委", "市住建局"}
    only = build_matrix(
        real_corpus, "卫健委" if real_corpus.registry.resolve("卫健委") else "市卫健委"
    )
    assert only.headers[5:] == ("市卫健委",) and all(row[5] == MARK for row in only.rows)
    assert len(build_matrix(real_corpus, ALL_DEPARTMENTS).rows) == len(full.rows) == 19


def test_matrix_marks_roles_and_deadlines() -> None:
    corpus = load_corpus(FIXTURES / "plan-commerce.txt")
    full = build_matrix(corpus)
    streets = next(row for row in full.rows if row[3] == "打造特色商业街区")
    marks = {
        full.headers[i]: cell for i, cell in enumerate(streets) if cell in (MARK, SUPPORT_MARK)
    }
    assert marks == {"市商务局": MARK, "市发改委": SUPPORT_MARK, "市财政局": SUPPORT_MARK}
    assert streets[4] == "2024年10月底前"
    supporting = build_matrix(corpus, "市财政局", "配合")
    assert [row[3] for row in supporting.rows] == ["打造特色商业街区", "举办促消费活动"]
    leading = build_matrix(corpus, "市财政局", "牵头")
    assert leading.rows == ()


def test_matrix_downloads(tmp_path: Path, real_corpus: Corpus) -> None:
    from openpyxl import load_workbook

    matrix = build_matrix(real_corpus, "市卫健委")
    text = write_csv(matrix, tmp_path / "m.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(matrix.headers) and len(rows) == len(matrix.rows) + 1
    sheet = load_workbook(write_xlsx(matrix, tmp_path / "m.xlsx")).active
    assert sheet.cell(1, 6).value == "市卫健委" and sheet.max_row == len(matrix.rows) + 1


# --- chat helpers and the Gradio blocks ---------------------------------------------------


def test_user_text_round_trip() -> None:
    from qa.render import escape_markdown, unescape_markdown

    for text in ["<img src=x onerror=alert(1)>", "a\\b **x** &lt; [l](u) # h", "谁负责?"]:
        assert unescape_markdown(escape_markdown(text)) == text
    assert "<" not in escape_markdown("<b>")


def test_chat_function(tmp_path: Path, fake_assistant: Assistant) -> None:
    from web.chat import ChatHandlers

    service = AssistantService(fake_assistant, lambda: fake_assistant)
    handlers = ChatHandlers(service, FeedbackStore(tmp_path / "f.sqlite3"), ReplyLog(60), "chat")
    reply = handlers.reply("谁负责厕所革命?", [])
    assert "市农业农村局" in reply and "<details>" in reply
    assert handlers.reply("  ", []).startswith("⚠️ 问题是空的")
    history: list[dict[str, Any]] = [
        {"role": "user", "content": [{"type": "text", "text": "谁负责厕所革命?"}]},
        {"role": "assistant", "content": reply},
    ]
    assert "1.4万座" in handlers.reply("要完成多少座?", history)


def test_feedback_stores_what_the_server_said(tmp_path: Path, fake_assistant: Assistant) -> None:
    from gradio import LikeData

    from web.chat import ChatHandlers

    service = AssistantService(fake_assistant, lambda: fake_assistant)
    store = FeedbackStore(tmp_path / "f.sqlite3")
    handlers = ChatHandlers(service, store, ReplyLog(60), "chat")
    reply = handlers.reply("谁负责厕所革命?", [])
    forged = reply.replace("市农业农村局", "某某局")  # the client edits the reply it sends back
    history: list[dict[str, Any]] = [
        {"role": "user", "content": [{"type": "text", "text": "谁负责厕所革命?"}]},
        {"role": "assistant", "content": forged},
    ]
    vote = LikeData(target=None, data={"index": 1, "value": forged, "liked": False})
    feedback_id, _ = handlers.feedback(history, vote)
    (row,) = store.entries()
    assert row.id == feedback_id and row.vote == "down" and row.question == "谁负责厕所革命?"
    assert "市农业农村局" in row.reply and "某某局" not in row.reply
    assert row.record["departments"] == ["市农业农村局", "市卫健委", "市住建局"]
    history[1]["content"] = "⚠️ a reply the server never gave <!-- reply:AAAAAAAAAAAAAAAAAAAA -->"
    refused, message = handlers.feedback(history, vote)
    assert refused is None and "无法评价" in message and len(store.entries()) == 1


def test_one_vote_per_reply(tmp_path: Path, fake_assistant: Assistant) -> None:
    from gradio import LikeData

    from web.chat import ChatHandlers

    service = AssistantService(fake_assistant, lambda: fake_assistant)
    store = FeedbackStore(tmp_path / "f.sqlite3")
    handlers = ChatHandlers(service, store, ReplyLog(60), "chat")
    replies = [handlers.reply("谁负责厕所革命?", []) for _ in range(2)]

    def vote(reply: str, liked: bool) -> int | None:
        history = [{"role": "user", "content": "q"}, {"role": "assistant", "content": reply}]
        data = LikeData(target=None, data={"index": 1, "value": reply, "liked": liked})
        return handlers.feedback(history, data)[0]

    first = vote(replies[0], True)
    assert all(vote(replies[0], liked) == first for liked in (False, True, False) * 100)
    other = vote(replies[1], True)
    assert other != first
    assert [(row.id, row.vote) for row in store.entries()] == [(first, "down"), (other, "up")]


def test_a_store_from_before_one_vote_per_reply_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as connection:  # the table as earlier versions made it
        connection.execute(
            "CREATE TABLE feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL,"
            " vote TEXT NOT NULL, question TEXT NOT NULL, history TEXT NOT NULL, reply TEXT"
            " NOT NULL, record TEXT NOT NULL, comment TEXT NOT NULL DEFAULT '', source TEXT"
            " NOT NULL DEFAULT 'chat')"
        )
        connection.execute(
            "INSERT INTO feedback (created_at, vote, question, history, reply, record)"
            " VALUES ('2026-12-01T00:00:00+00:00', 'up', 'old', '[]', 'r', '{}')"
        )
    store = FeedbackStore(path)
    kept = store.add(vote="up", question="q", history=[], reply="r", record={}, reply_key="k")
    assert (
        store.add(vote="down", question="q", history=[], reply="r", record={}, reply_key="k")
        == kept
    )
    assert [(row.question, row.vote) for row in store.entries()] == [("old", "up"), ("q", "down")]


def test_replies_expire_and_are_bounded() -> None:
    now = [0.0]
    log = ReplyLog(60, capacity=2, clock=lambda: now[0])
    shown = [log.add(Reply(f"q{i}", (), f"r{i}", {})) for i in range(3)]
    assert log.find(shown[0]) is None  # pushed out by the newer two
    assert log.find(shown[2]) == Reply("q2", (), "r2", {})
    now[0] = 61
    assert log.find(shown[2]) is None
    assert log.find("no marker") is None


def test_feedback_rows_are_capped_and_purged(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "f.sqlite3", keep_days=30)
    store.add(
        vote="up",
        question="q" * 9000,
        history=["h"] * 50,
        reply="r" * 50_000,
        record={"text": "x" * 200_000},
    )
    (row,) = store.entries()
    assert len(row.question) == 2000 and len(row.history) == 20 and len(row.reply) == 20_000
    assert row.record == {"truncated": True, "chars": 200_012}
    with sqlite3.connect(store.path) as connection:
        connection.execute("UPDATE feedback SET created_at = '2020-01-01T00:00:00+00:00'")
    assert store.purge() == 1 and store.entries() == []


def test_admin_link_only_with_a_password(tmp_path: Path, fake_assistant: Assistant) -> None:
    from web.chat import build_main

    service = AssistantService(fake_assistant, lambda: fake_assistant)
    store = FeedbackStore(tmp_path / "f.sqlite3")
    for password, shown in (("", False), ("pw", True)):
        blocks = build_main(
            service,
            store,
            Settings(stack=StackSettings(data_dir=tmp_path), admin_password=password),
        )
        texts = [str(getattr(b, "value", "")) for b in blocks.blocks.values()]
        assert any("(/admin/)" in text for text in texts) is shown
        labels = [b.label for b in blocks.blocks.values() if hasattr(b, "label")]
        assert "管理员密码" not in labels  # the password is never typed into this page


def test_eval_tab_runs_a_set(tmp_path: Path, fake_assistant: Assistant) -> None:
    from web.evaluation import chart_html, run_eval

    small = tmp_path / "small.jsonl"
    small.write_text(
        '{"id": "a", "kind": "who", "question": "谁负责分类推进厕所革命?", "items": [9],'
        ' "answer_contains": ["市卫健委"]}\n'
        '{"id": "b", "kind": "out_of_scope", "question": "火星基地建设目标?", "items": [],'
        ' "unanswerable": true}\n',
        encoding="utf-8",
    )
    outcome = run_eval(fake_assistant, small)
    kinds = {score.kind: score for score in outcome.scores}
    assert set(kinds) == {"who", "out_of_scope", "overall"} and kinds["who"].accuracy == 1.0
    chart = chart_html(outcome.scores)
    assert "谁负责(1题)" in chart and "100.0%" in chart and "answer accuracy" in outcome.report


def test_only_one_evaluation_runs_at_a_time(
    tmp_path: Path, fake_assistant: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from web import evaluation

    started, release = threading.Event(), threading.Event()

    def slow_run(assistant: Assistant, path: Path) -> evaluation.EvalOutcome:
        started.set()
        release.wait(10)
        return evaluation.EvalOutcome("report", ())

    monkeypatch.setattr(evaluation, "run_eval", slow_run)
    runner = evaluation.EvaluationRunner()
    first = threading.Thread(target=runner.run, args=(fake_assistant, tmp_path))
    first.start()
    assert started.wait(10) and runner.busy
    # a second client (or the same one after a cancel) is refused at once, not queued
    assert runner.run(fake_assistant, tmp_path) is None
    release.set()
    first.join(10)
    # the lock went with the work: the next run goes ahead
    assert runner.run(fake_assistant, tmp_path) == evaluation.EvalOutcome("report", ())


def test_the_evaluation_is_on_the_admin_page_only(
    tmp_path: Path, fake_assistant: Assistant
) -> None:
    from web.admin_page import build_admin
    from web.chat import build_main
    from web.sessions import AdminSessions

    settings = Settings(stack=StackSettings(data_dir=tmp_path), admin_password="pw")
    service = AssistantService(fake_assistant, lambda: fake_assistant)
    store = FeedbackStore(tmp_path / "f.sqlite3")

    def labels(blocks: Any) -> set[str]:
        return {str(getattr(b, "value", "")) for b in blocks.blocks.values()} | {
            str(getattr(b, "label", "")) for b in blocks.blocks.values()
        }

    assert "运行评测" not in labels(build_main(service, store, settings))
    assert "运行评测" in labels(build_admin(service, settings, AdminSessions("pw")))


def test_eval_tab_offers_only_the_shipped_sets() -> None:
    from web.evaluation import shipped_set, shipped_sets

    names = shipped_sets()
    assert names[0] == "cases.jsonl" and {"paraphrase.jsonl", "out_of_scope.jsonl"} <= set(names)
    assert shipped_set("out_of_scope.jsonl").is_file()
    with pytest.raises(ValueError, match=r"unknown eval set '\.\./secrets\.jsonl'"):
        shipped_set("../secrets.jsonl")


def test_answer_type_is_what_the_chat_renders(fake_assistant: Assistant) -> None:
    assert isinstance(fake_assistant.ask("谁负责厕所革命?"), Answer)


def test_gradio_sessions_are_bounded(tmp_path: Path, fake_assistant: Assistant) -> None:
    import gradio as gr

    from web.chat import build_main
    from web.server import CACHE_CLEANING, bound_sessions

    service = AssistantService(fake_assistant, lambda: fake_assistant)
    settings = Settings(stack=StackSettings(data_dir=tmp_path), max_sessions=7, session_seconds=90)
    blocks = build_main(service, FeedbackStore(tmp_path / "f.sqlite3"), settings)
    bound_sessions(blocks, settings)
    states = [b for b in blocks.blocks.values() if isinstance(b, gr.State)]
    assert states and all(state.time_to_live == 90 for state in states)
    assert blocks.state_session_capacity == 7 and blocks.delete_cache == CACHE_CLEANING


def test_a_follower_loads_what_another_process_switched_to(real_corpus: Corpus) -> None:
    from web.follow import BuildFollower

    loads: list[int] = []

    def loader() -> Assistant:
        loads.append(1)
        return cast(Assistant, Named(f"build {len(loads)}", real_corpus))

    pointer = {"now": Path("build-a")}
    service = AssistantService(cast(Assistant, Named("build 0", real_corpus)), loader)
    follower = BuildFollower(service, Path("index"), pointer=lambda _: pointer["now"])
    assert not follower.check() and loads == []  # nothing switched
    pointer["now"] = Path("build-b")  # another process built and switched
    assert follower.check() and cast(object, service.ask("q")) == "build 1"
    assert not follower.check()  # served now: not loaded again
    pointer["now"] = Path("build-c")
    service.rebuild()  # a rebuild in this process itself switched CURRENT
    assert not follower.check() and len(loads) == 2


def test_feedback_url_must_be_postgresql() -> None:
    from index.settings import stack_settings

    url = "postgresql://qa:secret@db.internal/qa"
    assert stack_settings({"POLICY_QA_FEEDBACK_URL": url}).feedback_url == url
    assert stack_settings({}).feedback_url is None
    with pytest.raises(SettingsError, match="POLICY_QA_FEEDBACK_URL") as error:
        stack_settings({"POLICY_QA_FEEDBACK_URL": "mysql://qa:secret@db.internal/qa"})
    assert "secret" not in str(error.value)  # the password is never echoed
