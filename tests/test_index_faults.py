"""The index store under faults: bad pointers, failed and concurrent builds, damaged files."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import pytest

from corpus import Corpus
from index.dense import DenseIndex
from index.durable import CURRENT_FILE, MANIFEST_FILE, build_lock, sweep_orphans
from index.store import current_build, load_or_build, saved_index_problem
from tests.fakes import FakeEncoder


def build_folder(tmp_path: Path) -> Path:
    found = current_build(tmp_path)
    assert found is not None
    return found


@pytest.mark.parametrize("pointer", ["../../etc", "/tmp", "build-x/../..", "CURRENT"])
def test_a_pointer_naming_no_build_is_refused_and_rebuilt(
    elderly_corpus: Corpus, tmp_path: Path, caplog: pytest.LogCaptureFixture, pointer: str
) -> None:
    load_or_build(elderly_corpus, FakeEncoder(), tmp_path)
    first = build_folder(tmp_path)
    (tmp_path / CURRENT_FILE).write_text(pointer, "utf-8")
    problem = saved_index_problem(tmp_path)
    assert problem is not None and "not a build folder" in problem
    with caplog.at_level(logging.WARNING):
        load_or_build(elderly_corpus, FakeEncoder(), tmp_path)
    assert build_folder(tmp_path) != first and "not a build folder" in caplog.text
    assert saved_index_problem(tmp_path) is None


def test_a_failed_build_leaves_nothing_and_keeps_the_last_good_one(
    elderly_corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_or_build(elderly_corpus, FakeEncoder(), tmp_path)
    good = build_folder(tmp_path)

    def disk_full(self: DenseIndex, folder: Path) -> None:
        (folder / "dense.faiss").write_bytes(b"\x00" * 10)  # half written
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(DenseIndex, "save", disk_full)
        with pytest.raises(OSError, match="No space"):
            load_or_build(elderly_corpus, FakeEncoder(name="another-model"), tmp_path)
    assert list(tmp_path.glob("build-*")) == [good] and build_folder(tmp_path) == good
    encoder = FakeEncoder()
    load_or_build(elderly_corpus, encoder, tmp_path)
    assert encoder.calls == 0  # the last good build is still served


def test_a_truncated_file_is_reported_then_rebuilt(elderly_corpus: Corpus, tmp_path: Path) -> None:
    load_or_build(elderly_corpus, FakeEncoder(), tmp_path)
    dense = build_folder(tmp_path) / "dense.faiss"
    dense.write_bytes(dense.read_bytes()[:100])
    problem = saved_index_problem(tmp_path)
    assert problem is not None and "dense.faiss: 100 bytes" in problem
    load_or_build(elderly_corpus, FakeEncoder(), tmp_path)
    assert build_folder(tmp_path) != dense.parent and saved_index_problem(tmp_path) is None


def test_a_changed_byte_fails_the_manifest(elderly_corpus: Corpus, tmp_path: Path) -> None:
    load_or_build(elderly_corpus, FakeEncoder(), tmp_path)
    lexical = build_folder(tmp_path) / "lexical.npz"
    data = bytearray(lexical.read_bytes())
    data[-2] = ord("9") if data[-2] != ord("9") else ord("8")
    lexical.write_bytes(bytes(data))
    assert saved_index_problem(tmp_path) is None  # same size: the cheap check passes
    load_or_build(elderly_corpus, FakeEncoder(), tmp_path)
    assert build_folder(tmp_path) != lexical.parent  # the hashes, checked on load, do not


def test_a_build_without_manifest_is_not_served(elderly_corpus: Corpus, tmp_path: Path) -> None:
    load_or_build(elderly_corpus, FakeEncoder(), tmp_path)
    first = build_folder(tmp_path)
    (first / MANIFEST_FILE).unlink()
    assert "MANIFEST.json" in (saved_index_problem(tmp_path) or "")
    load_or_build(elderly_corpus, FakeEncoder(), tmp_path)
    assert build_folder(tmp_path) != first


def test_an_orphaned_build_folder_goes_with_the_next_build(
    elderly_corpus: Corpus, tmp_path: Path
) -> None:
    orphan = tmp_path / "build-killed"  # what a kill -9 mid-build leaves
    orphan.mkdir()
    (orphan / "dense.faiss").write_bytes(b"partial")
    load_or_build(elderly_corpus, FakeEncoder(), tmp_path)
    assert not orphan.exists() and list(tmp_path.glob("build-*")) == [build_folder(tmp_path)]


def test_an_orphan_goes_when_the_index_is_loaded_and_nobody_builds(
    elderly_corpus: Corpus, tmp_path: Path
) -> None:
    load_or_build(elderly_corpus, FakeEncoder(), tmp_path)
    orphan = tmp_path / "build-killed"
    orphan.mkdir()
    with build_lock(tmp_path):  # another process is building: its folder must stay
        assert sweep_orphans(tmp_path) == []
    assert orphan.exists()
    load_or_build(elderly_corpus, FakeEncoder(), tmp_path)
    assert not orphan.exists()


def test_two_builders_at_once_build_once(elderly_corpus: Corpus, tmp_path: Path) -> None:
    encoders = [FakeEncoder(), FakeEncoder()]
    errors: list[BaseException] = []

    def build(encoder: FakeEncoder) -> None:
        try:
            load_or_build(elderly_corpus, encoder, tmp_path)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=build, args=(e,)) for e in encoders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert sum(e.calls > 0 for e in encoders) == 1  # the second waited and loaded
    assert list(tmp_path.glob("build-*")) == [build_folder(tmp_path)]
