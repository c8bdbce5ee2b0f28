"""Attacks found by probing a live server (hardening, round two), each returning a Row."""

from __future__ import annotations

import re
import secrets
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from corpus.hostile import entity_bomb_docx, far_cell_xlsx, repeated_text
from eval.stress.client import call, fn_index, gradio_event, post_json
from eval.stress.report import Row
from eval.stress.server import LiveServer
from eval.stress.web_rows import QUESTION, chat_input, login

EVAL_SET = "blind.jsonl"  # a small shipped set: a run takes seconds, not a minute
BUSY = "已有一次评测在运行"
UNCLOSED_LINE = "（九）推进工作。（责任单位：市农业农村局、市卫健委、\n"  # was quadratic to parse


def evaluation_is_admin_only(server: LiveServer) -> Row:
    """The 评测 run is no event of the staff page; without a login the admin queue says 401."""
    try:
        fn_index(server.url, "", "run")
        on_staff_page = True
    except LookupError:
        on_staff_page = False
    joins = [
        post_json(server.url, "/admin/gradio_api/queue/join", {"fn_index": n, "data": []}).status
        for n in range(50)
    ]
    asked = post_json(server.url, "/api/ask", {"question": QUESTION}).status
    return Row(
        "50 anonymous queue joins to the 评测 run",
        "no such event on the staff page; /admin 401; questions answered",
        f"on the staff page: {on_staff_page}; admin {sorted(set(joins))}; /api/ask {asked}",
        not on_staff_page and set(joins) == {401} and asked == 200,
    )


def evaluations_one_at_a_time(server: LiveServer) -> Row:
    """Five runs joined and cancelled, then three at once: never two running together.

    Gradio queues the three one after another (or the lock says busy while a cancelled
    run still works): either is safe; two evaluations side by side is not.
    """
    headers = {"Cookie": login(server)}
    run = fn_index(server.url, "/admin", "run", headers)
    for _ in range(5):
        _join_and_cancel(server, run, headers)
    with ThreadPoolExecutor(3) as pool:
        outputs = list(pool.map(lambda _: _admin_run(server, run, headers), range(3)))
    _wait_for(lambda: _overlap(server.log_text())[1] == 0, 120)
    most, running = _overlap(server.log_text())
    reports = sum("answer accuracy" in str(out) for out in outputs)
    busy = sum(BUSY in str(out) for out in outputs)
    return Row(
        "an admin joins the 评测 run 5× and cancels, then 3 more at once",
        "at most one evaluation running at any time; each join a report or told it is busy",
        f"at most {most} at once ({running} still running); 3 more: {reports} reports, {busy} busy",
        most == 1 and running == 0 and reports + busy == 3,
    )


def _join_and_cancel(server: LiveServer, run: int, headers: dict[str, str]) -> None:
    session = secrets.token_hex(8)
    body = {"data": [EVAL_SET], "fn_index": run, "session_hash": session, "event_data": None}
    joined = post_json(server.url, "/admin/gradio_api/queue/join", body, headers).json()
    cancel = {"session_hash": session, "fn_index": run, "event_id": joined.get("event_id")}
    post_json(server.url, "/admin/gradio_api/cancel", cancel, headers)


def _admin_run(server: LiveServer, run: int, headers: dict[str, str]) -> Any:
    return gradio_event(server.url, "/admin", run, [EVAL_SET], headers=headers, timeout=180)


def _overlap(log: str) -> tuple[int, int]:
    """The most evaluations ever running at once, and how many run now, from the log."""
    most = running = 0
    for event in re.findall(r"evaluation of \S+ (started|finished)", log):
        running += 1 if event == "started" else -1
        most = max(most, running)
    return most, running


def _wait_for(done: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        time.sleep(0.5)


def cross_site_posts(server: LiveServer) -> Row:
    """What another site's page can send without a preflight is never processed."""
    body = b'{"question": "\\u8c01\\u8d1f\\u8d23\\u5395\\u6240\\u9769\\u547d?"}'
    api = [
        call(server.url, "POST", "/api/ask", body, {"Content-Type": kind}).status
        for kind in ("text/plain", "application/x-www-form-urlencoded")
    ]
    form = {"Content-Type": "application/x-www-form-urlencoded", "Origin": "https://evil.example"}
    logins = [
        call(
            server.url,
            "POST",
            path,
            f"password={server.env['POLICY_QA_ADMIN_PASSWORD']}".encode(),
            form,
        )
        for path in ("/admin/login", "/admin/logout")
    ]
    cookies = [reply.headers.get("set-cookie", "") for reply in logins]
    return Row(
        "text/plain and form posts to /api/ask; login and logout posted from another site",
        "415 from the API; login 403, logout refused; no cookie set",
        f"/api/ask {api}; login/logout {[reply.status for reply in logins]}",
        api == [415, 415]
        and logins[0].status == 403
        and logins[1].status in (401, 403)
        and not any(cookies),
    )


def spoofed_forwarded_for(server: LiveServer) -> Row:
    """With no trusted proxy, X-Forwarded-For never chooses whom a failed login counts for."""
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    for n in range(2):  # below the free attempts: this client is not locked out
        call(
            server.url,
            "POST",
            "/admin/login",
            b"password=wrong",
            {**form, "X-Forwarded-For": f"203.0.113.{n}"},
        )
    named = re.findall(r"admin login failed from (\S+)", server.log_text())[-2:]
    cleared = login(server) != ""  # a right password clears this client's failures
    return Row(
        "2 wrong passwords with X-Forwarded-For 203.0.113.x",
        "counted against the real address (127.0.0.1), never the claimed one",
        f"logged against {named}; right password afterwards {'accepted' if cleared else 'refused'}",
        named == ["127.0.0.1", "127.0.0.1"] and cleared,
    )


def votes_on_one_reply(server: LiveServer) -> Row:
    """500 votes on one reply, switching 👍/👎, keep one row."""
    chat, like = fn_index(server.url, "", "chat"), _like_event(server)
    reply = gradio_event(server.url, "", chat, chat_input(QUESTION))
    text = reply[0] if isinstance(reply, list) else str(reply)
    history = [
        {"role": role, "content": [{"type": "text", "text": content}]}
        for role, content in (("user", QUESTION), ("assistant", text))
    ]
    before = _feedback_rows(server)

    def vote(n: int) -> Any:
        data = {"index": 1, "value": text, "liked": n % 2 == 0}
        return gradio_event(server.url, "", like, [history], event_data=data)

    with ThreadPoolExecutor(16) as pool:
        list(pool.map(vote, range(500)))
    added = _feedback_rows(server) - before
    return Row(
        "500 votes on one reply, 👍 and 👎 in turn",
        "one row for the reply",
        f"{added} rows added",
        added == 1,
    )


def _like_event(server: LiveServer) -> int:
    config = call(server.url, "GET", "/config").json()
    for position, dependency in enumerate(config["dependencies"]):
        if any(target[1] == "like" for target in dependency.get("targets", [])):
            return int(dependency.get("id", position))
    raise LookupError("no like event on the chat page")


def _feedback_rows(server: LiveServer) -> int:
    import sqlite3

    path = server.data / "feedback.sqlite3"
    if not path.exists():
        return 0
    with sqlite3.connect(path) as connection:
        return int(connection.execute("SELECT count(*) FROM feedback").fetchone()[0])


def no_server_paths(server: LiveServer) -> Row:
    """Nothing an anonymous client can read names a folder of the server."""
    refresh = fn_index(server.url, "", "refresh_2")
    matrix = gradio_event(server.url, "", refresh, ["全部部门", "全部角色"])
    pages = [call(server.url, "GET", path) for path in ("/config", "/embed/config")]
    leaked = [str(server.data) in text for text in (str(matrix), *(p.body.decode() for p in pages))]
    schemas = [
        call(server.url, "GET", path).status
        for path in ("/openapi.json", "/gradio_api/openapi.json")
    ]
    return Row(
        "page config, the 任务分工 data and /openapi.json, anonymously",
        "no server path anywhere; schemas 404",
        f"server path in {sum(leaked)} of {len(leaked)}; schemas {schemas}",
        not any(leaked) and schemas == [404, 404] and "/exports/" in str(matrix),
    )


def hostile_uploads(server: LiveServer) -> Row:
    """Files built to exhaust the loaders, checked on the admin page: each refused, fast."""
    headers = {"Cookie": login(server)}
    check = fn_index(server.url, "/admin", "check", headers)
    with tempfile.TemporaryDirectory() as folder:
        files = (
            far_cell_xlsx(Path(folder) / "far-cell.xlsx"),
            entity_bomb_docx(Path(folder) / "entity-bomb.docx"),
            repeated_text(Path(folder) / "one-line.txt", 3 << 20, UNCLOSED_LINE),
        )
        results = [_checked(server, check, headers, path) for path in files]
    up = server.health() is not None
    slowest = max(seconds for _, seconds, _ in results)
    most = max(growth for _, _, growth in results)
    return Row(
        "admin checks an .xlsx with a cell at XFD1048576, a .docx entity bomb, 3 MB of one line",
        "each refused in Chinese within 5 s, < 300 MB added; the server stays up",
        f"refused {sum(ok for ok, _, _ in results)}/3; slowest {slowest:.1f} s; "
        f"RSS +{most:.0f} MB at most; up: {up}",
        all(ok for ok, _, _ in results) and slowest < 5 and most < 300 and up,
    )


def _checked(
    server: LiveServer, check: int, headers: dict[str, str], path: Path
) -> tuple[bool, float, float]:
    """Upload ``path`` and run 检查文件: (refused with a message, seconds, RSS growth MB)."""
    before, started = server.rss_mb(), time.monotonic()
    boundary = secrets.token_hex(8)
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{path.name}"'
            "\r\nContent-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + path.read_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    upload_headers = {**headers, "Content-Type": f"multipart/form-data; boundary={boundary}"}
    uploaded = call(server.url, "POST", "/admin/gradio_api/upload", body, upload_headers).json()
    file = {"path": uploaded[0], "orig_name": path.name, "meta": {"_type": "gradio.FileData"}}
    output = gradio_event(server.url, "/admin", check, [file], headers=headers, timeout=120)
    summary = str(output[1]) if isinstance(output, list) else str(output)
    seconds, growth = time.monotonic() - started, server.rss_mb() - before
    staged = list((server.data / "staging").glob(path.stem + "*"))
    return summary.startswith("❌") and path.name in summary and not staged, seconds, growth


PROBE_ROWS: tuple[Callable[[LiveServer], Row], ...] = (
    evaluation_is_admin_only,
    evaluations_one_at_a_time,
    cross_site_posts,
    votes_on_one_reply,
    no_server_paths,
    hostile_uploads,
    spoofed_forwarded_for,  # after every other login: it leaves two failures, then clears them
)
