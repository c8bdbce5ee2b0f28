"""The child-process fence: a loader's memory and time are bounded, any death is a failure."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus import DocumentReadError, load_document
from corpus.fence import Limits, load_document_fenced, run_fenced
from corpus.hostile import die, far_cell_xlsx, hog_memory, stall
from tests.conftest import FIXTURES


def test_a_plan_loads_through_the_fence_as_it_does_directly() -> None:
    path = FIXTURES / "plan-elderly.txt"
    fenced, direct = load_document_fenced(path), load_document(path)
    assert fenced.title == direct.title
    assert fenced.items == direct.items


def test_the_loaders_own_refusal_comes_back_as_it_is(tmp_path: Path) -> None:
    path = far_cell_xlsx(tmp_path / "far.xlsx")
    with pytest.raises(DocumentReadError, match=r"far\.xlsx：工作表“任务分工”的内容超过 5000 行"):
        load_document_fenced(path)


def test_memory_past_the_limit_is_refused() -> None:
    with pytest.raises(DocumentReadError, match=r"plan\.xlsx：读取时内存超过 512 MB 的上限"):
        run_fenced("plan.xlsx", hog_memory, 2048, limits=Limits(memory_bytes=512 << 20))


def test_a_loader_that_does_not_end_is_stopped_in_time() -> None:
    # the child would sleep 60 s: the refusal names the 1 s limit that stopped it
    with pytest.raises(DocumentReadError, match=r"plan\.docx：读取超过 1 秒仍未完成"):
        run_fenced("plan.docx", stall, 60, limits=Limits(seconds=1))


def test_a_child_that_dies_is_a_failure_of_its_file() -> None:
    with pytest.raises(DocumentReadError, match=r"plan\.pdf：读取进程意外退出（退出码 3"):
        run_fenced("plan.pdf", die, 3)
