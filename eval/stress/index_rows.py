"""Faults of the index store and of restarts, each returning a :class:`Row`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from eval.stress.report import Row
from eval.stress.server import ROOT, LiveServer
from eval.stress.web_rows import QUESTION
from index.durable import CURRENT_FILE
from index.store import saved_index_problem

FIXTURES = ROOT / "tests" / "fixtures"
SMALL, OTHER = FIXTURES / "plan-elderly.txt", FIXTURES / "plan-county.txt"
SHIPPED = ROOT / "corpus" / "documents" / "plan-2022.txt"


def child(plan: Path, folder: Path, *extra: str) -> subprocess.Popen[str]:
    """Start ``python -m eval.stress.child build`` for ``plan`` into ``folder``."""
    return subprocess.Popen(
        [sys.executable, "-m", "eval.stress.child", "build", str(plan), str(folder), *extra],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def outcome(process: subprocess.Popen[str]) -> tuple[dict[str, object], str]:
    """The child's JSON line and its log."""
    out, err = process.communicate(timeout=300)
    lines = [line for line in out.splitlines() if line.startswith("{")]
    return (json.loads(lines[-1]) if lines else {"ok": False, "error": "no report"}), err


def builds(folder: Path) -> list[str]:
    """The build folders present."""
    return sorted(p.name for p in folder.glob("build-*"))


def disk_full(work: Path) -> Row:
    folder = work / "disk-full"
    good, _ = outcome(child(SMALL, folder))
    before, live = builds(folder), (folder / CURRENT_FILE).read_text()
    failed, _ = outcome(child(OTHER, folder, "--fsize", str(4 << 10)))
    return Row(
        "disk full during a build (RLIMIT_FSIZE 4 KB)",
        "the build fails; its folder removed; CURRENT and the last good build kept",
        f"failed: {str(failed['error'])[:40]}; builds {before} → {builds(folder)}; "
        f"CURRENT {'kept' if (folder / CURRENT_FILE).read_text() == live else 'changed'}; "
        f"problem: {saved_index_problem(folder)}",
        bool(good["ok"])
        and not failed["ok"]
        and builds(folder) == before
        and (folder / CURRENT_FILE).read_text() == live
        and saved_index_problem(folder) is None,
    )


def two_builders(work: Path) -> Row:
    folder = work / "two-builders"
    processes = [child(SMALL, folder), child(SMALL, folder)]
    results = [outcome(p) for p in processes]
    built = sum("built index of" in log for _, log in results)
    return Row(
        "two processes building one index folder at once",
        "both succeed; one builds, the other waits and loads; one build folder",
        f"ok {[r['ok'] for r, _ in results]}; built by {built}; folders {len(builds(folder))}",
        all(r["ok"] for r, _ in results) and built == 1 and len(builds(folder)) == 1,
    )


def killed_build(work: Path) -> Row:
    folder = work / "killed"
    outcome(child(SMALL, folder))
    live = (folder / CURRENT_FILE).read_text()
    process = child(SHIPPED, folder)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(builds(folder)) < 2 and process.poll() is None:
        time.sleep(0.05)  # until the new build's folder appears: it is mid-write
    process.kill()
    process.wait()
    left = builds(folder)
    which = "the old build" if (folder / CURRENT_FILE).read_text() == live else "the new build"
    whole = saved_index_problem(folder) is None
    after, _ = outcome(child(SMALL, folder))
    return Row(
        "kill -9 mid-build (as the new build's folder appears)",
        "CURRENT names a whole build (old or new); orphans go at the next load",
        f"{len(left)} folders after the kill; CURRENT on {which}, "
        f"{'whole' if whole else 'broken'}; {len(builds(folder))} after the next load",
        whole and bool(after["ok"]) and len(builds(folder)) == 1,
    )


def truncated_on_disk(server: LiveServer) -> Row:
    build = next((server.data / "index").glob("build-*"))
    dense = build / "dense.faiss"
    original = dense.read_bytes()
    dense.write_bytes(original[:1000])
    try:
        health = server.health() or {}
        from eval.stress.client import post_json

        answer = post_json(server.url, "/api/ask", {"question": QUESTION}).status
    finally:
        dense.write_bytes(original)
    return Row(
        "dense.faiss truncated on disk under a running server",
        "health 'degraded' with the reason; questions still answered",
        f"health {health.get('status')}: {str(health.get('problems'))[:60]}; ask {answer}",
        health.get("status") == "degraded" and answer == 200,
    )


def restart_during_rebuild(work: Path) -> Row:
    """A plan joins the library; the server restarts, is killed mid-rebuild, restarts."""
    data = work / "restart"
    first = LiveServer(data)
    first.start()
    first.stop()
    library = data / "documents"
    library.mkdir(exist_ok=True)
    shutil.copyfile(SHIPPED, library / SHIPPED.name)
    shutil.copyfile(OTHER, library / OTHER.name)  # the library changed since the build
    second = LiveServer(data)
    up = second.start()
    # the log says it answers from the last good build (the rebuild, embedding only the
    # new plan, may be over by the first health check)
    quick = "answering from the last good index" in second.log_text()
    second.kill()
    third = LiveServer(data)
    again = third.start()
    from eval.stress.client import post_json

    answer = post_json(third.url, "/api/ask", {"question": QUESTION})
    answered = answer.status == 200 and "市农业农村局" in answer.body.decode()
    third.stop()
    return Row(
        "library changed, restart, kill -9 mid-rebuild, restart",
        "answers within seconds each time from the last good index; rebuild in the background",
        f"up in {up:.1f} s ({'on the last good build' if quick else 'after a full build'}), "
        f"after kill -9 up in {again:.1f} s, answered {answered}",
        quick and answered and again < 60,
    )
