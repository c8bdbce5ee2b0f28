"""The text report printed by ``python -m eval.bench``: figures only, nothing judged."""

from __future__ import annotations

from typing import Any

from corpus.tables import text_table
from eval.bench.common import HNSW_FACTORY, VECTOR_K, JsonDict
from eval.bench.ocr_scan import ocr_lines
from index.names import MODES


def _num(value: Any, digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def _mb(size: Any) -> str:
    return "-" if size is None else f"{size / 1e6:,.1f}"


def _pair(summary: JsonDict | None) -> str:
    if not summary:
        return "-"
    return f"{summary['p50_ms']:.1f} / {summary['p95_ms']:.1f}"


def _errors(rows: dict[str, JsonDict]) -> list[str]:
    return [f"  {label}: {f['error']}" for label, f in rows.items() if "error" in f]


def _build_table(builds: dict[str, JsonDict]) -> list[str]:
    seconds = "encoder load s|build s|embedding s".split("|")
    headers = ["backend", *seconds, "passages/s", "index MB", "peak RSS MiB"]
    rows = [
        [
            label,
            _num(f.get("encoder_load_s"), 2),
            _num(f.get("build_s"), 2),
            _num(f.get("embed_s"), 2),
            _num(f.get("passages_per_s")),
            _mb(f.get("index_bytes")),
            _num(f.get("peak_rss_mib"), 0),
        ]
        for label, f in builds.items()
        if "error" not in f
    ]
    return text_table(headers, rows) + _errors(builds)


def _latency_table(latencies: dict[str, JsonDict]) -> list[str]:
    rows = [[label, *(_pair(lat.get(mode)) for mode in MODES)] for label, lat in latencies.items()]
    return text_table(["", *(f"{mode} p50 / p95" for mode in MODES)], rows)


def _answering_lines(builds: dict[str, JsonDict]) -> list[str]:
    """qa.ask against one bare hybrid search, measured interleaved in the same child."""
    lines = []
    for label, figures in builds.items():
        answering = figures.get("answering")
        if "error" in figures or not answering:
            continue
        lines.append(
            f"{label}: qa.ask p50 {_num(answering['ask']['p50_ms'], 1)} ms = "
            f"{_num(answering['ask_to_search_p50'], 2)} x one hybrid search "
            f"(p50 {_num(answering['search']['p50_ms'], 1)} ms), interleaved on the same questions"
        )
    return lines


def _cold_table(colds: dict[str, JsonDict]) -> list[str]:
    laps = "interpreter|imports|corpus|encoder|index load|1st search".split("|")
    headers = ["backend", "total s", *laps, "peak RSS MiB"]
    keys = ("interpreter_s", "imports_s", "corpus_s", "encoder_s", "index_s", "first_search_s")
    rows = [
        [
            label + (" (REBUILT, not cold)" if f.get("rebuilt") else ""),
            _num(f.get("total_s"), 2),
            *(_num(f.get(key), 2) for key in keys),
            _num(f.get("peak_rss_mib"), 0),
        ]
        for label, f in colds.items()
        if "error" not in f
    ]
    return text_table(headers, rows) + _errors(colds)


def _header_lines(results: JsonDict) -> list[str]:
    machine, settings = results["machine"], results["settings"]
    children = [f["build"] for f in results.get("plan", {}).values()]
    threads: JsonDict = next((f for f in children if "torch_threads" in f), {})
    packages = ", ".join(f"{name} {version}" for name, version in machine["packages"].items())
    load_end = machine.get("load_average_end", [None])[0]
    return [
        f"policy-qa benchmark, {results['started']} (figures only; nothing is asserted)",
        f"CPU       {machine['cpu']}, {machine['cores']} cores ({machine['usable_cores']} usable), "
        f"{_num(machine.get('memory_gib'))} GiB RAM",
        f"Python    {machine['python']}; "
        f"OMP_NUM_THREADS={machine['omp_num_threads'] or '(unset)'}; "
        f"torch threads {threads.get('torch_threads', '-')}; "
        f"faiss threads {threads.get('faiss_threads', '-')}",
        f"Packages  {packages}",
        f"Load avg  {_num(machine['load_average_start'][0], 2)} at start, "
        f"{_num(load_end, 2)} at end (1-minute; other processes may share the cores)",
        f"Queries   {settings['questions']} questions of {settings['cases']}, "
        f"search(question, {settings['top_k']}, mode) after {settings['warmup']} warm-up "
        "queries; modes timed interleaved per question; ms",
    ]


def _plan_lines(plan: dict[str, JsonDict]) -> list[str]:
    builds = {backend: figures["build"] for backend, figures in plan.items()}
    sample: JsonDict = next((f for f in builds.values() if "error" not in f), {})
    lines = [
        "",
        f"SHIPPED PLAN: {sample.get('documents', '-')} document, {sample.get('items', '-')} "
        f"items, {sample.get('chunks', '-')} chunks; fresh build in a temporary folder",
        *_build_table(builds),
        "",
        "Query latency on the shipped plan, ms",
        *_latency_table({b: f.get("latency", {}) for b, f in builds.items() if "error" not in f}),
        *_answering_lines(builds),
        "",
        "Cold start, s: new process until the first hybrid answer, index already saved "
        "(file cache warm)",
        *_cold_table({backend: figures["cold"] for backend, figures in plan.items()}),
    ]
    return lines


def _synthetic_lines(synthetic: JsonDict) -> list[str]:
    build, backend = synthetic["build"], synthetic["backend"]
    lines = [
        "",
        f"SYNTHETIC CORPUS: {synthetic['requested_items']:,} items requested in "
        f"{synthetic['documents']} documents of {synthetic['items_per_doc']} (seed "
        f"{synthetic['seed']}), generated and written in {_num(synthetic['generate_s'], 2)} s, "
        f"{_mb(synthetic['corpus_bytes'])} MB of .txt; backend {backend}",
    ]
    if "error" in build:
        return [*lines, f"  {build['error']}"]
    lines += [
        f"  loaded and parsed {build['items']:,} items ({build['load_failures']} failures), "
        f"{build['chunks']:,} chunks, in {_num(build['corpus_load_s'], 1)} s",
        *_build_table({backend: build}),
        "",
        "Query latency on the synthetic corpus, ms",
        *_latency_table({f"{backend}, Flat": build["latency"]}),
        "",
        "Cold start on the synthetic corpus, s",
        *_cold_table({backend: synthetic["cold"]}),
        *_add_lines(synthetic.get("add")),
        *_estimate_lines(synthetic),
        *_hnsw_lines(build, synthetic.get("hnsw_skipped")),
    ]
    return lines


def _growth_lines(growth: list[JsonDict] | None) -> list[str]:
    """How build, adding a plan, cold start, memory and latency grow with the library."""
    if not growth:
        return []
    rows = []
    for size in growth:
        build, cold, add = size["build"], size.get("cold", {}), size.get("add", {})
        hybrid = build.get("latency", {}).get("hybrid")
        rows.append(
            [
                f"{size['items']:,}",
                f"{build.get('chunks', 0):,}",
                _num(build.get("build_s"), 1),
                _num(add.get("add_s"), 1),
                _num(cold.get("total_s"), 2),
                _num(cold.get("peak_rss_mib"), 0),
                _pair(hybrid),
            ]
        )
    headers = ["items", "chunks", "build s", "add a plan s", "cold s", "serving MiB", "hybrid ms"]
    backend = growth[0].get("backend", "")
    return ["", f"GROWTH ({backend}): synthetic libraries of each size", *text_table(headers, rows)]


def _lexical_lines(sizes: list[JsonDict] | None) -> list[str]:
    """The lexical index alone at each library size: build, file, load, memory, search."""
    if not sizes:
        return []
    rows = []
    for size in sizes:
        build, load = size["build"], size.get("load", {})
        if "error" in build or "error" in load:
            rows.append([f"{size['items']:,}", build.get("error") or load.get("error", "")])
            continue
        rows.append(
            [
                f"{size['items']:,}",
                f"{build['all_chunks']:,}",
                f"{build['chunks']:,}",
                f"{build['words']:,}",
                f"{build['terms']:,}",
                _num(build["build_s"], 1),
                _num(build["file_bytes"] / 2**20, 1),
                _num(load["load_s"], 2),
                _num(load["index_rss_mib"], 0),
                _pair(load["search"]),
            ]
        )
    headers = [
        "items",
        "all chunks",
        "indexed",
        "words",
        "terms",
        "build s",
        "file MiB",
        "load s",
        "memory MiB",
        "BM25 ms",
    ]
    note = "LEXICAL INDEX alone: BM25 at the retriever's candidate depth (p50 / p95)"
    return ["", note, *text_table(headers, rows)]


def _add_lines(add: JsonDict | None) -> list[str]:
    """One more plan joining the synthetic library: its rebuild, embedding only its chunks."""
    if not add:
        return []
    if "error" in add:
        return ["", f"Adding one plan: not measured ({add['error']})"]
    return [
        "",
        f"Adding one plan ({add['plan']}) to the saved library: {_num(add['add_s'], 1)} s, "
        f"{add.get('passages', 0):,} passages embedded ({_num(add.get('embed_s'), 1)} s), "
        f"{add['chunks']:,} chunks in all; peak RSS {_num(add['peak_rss_mib'], 0)} MiB",
    ]


def _estimate_lines(synthetic: JsonDict) -> list[str]:
    lines = []
    passages = synthetic["build"].get("passages", 0)
    for other, estimate in synthetic.get("estimates", {}).items():
        lines += [
            f"  ESTIMATE (not measured) {other}: build ≈ {_num(estimate['build_s'] / 60)} min"
            f" = {passages:,} passages at {_num(estimate['passages_per_s'])} passages/s",
            f"    (its rate embedding a {estimate['sample_passages']}-passage sample of these "
            f"chunks) + {_num(estimate['rest_s'])} s chunking, BM25 and saving as measured",
        ]
    for other, rate in synthetic.get("rates", {}).items():
        if "error" in rate:
            lines.append(f"  ESTIMATE {other}: no rate ({rate['error']})")
    return ["", *lines] if lines else []


def _hnsw_lines(build: JsonDict, skipped: str | None) -> list[str]:
    hnsw = build.get("hnsw")
    if not hnsw:
        return ["", f"FAISS HNSW32: skipped ({skipped or 'not measured'})"]
    candidates = hnsw["candidates"]
    searches = hnsw["vector_search"]
    recall = hnsw[f"recall_at_{VECTOR_K}"]
    rows = []
    for name, build_s, size in (
        ("Flat", build["build_s"], build["index_bytes"]),
        (HNSW_FACTORY, hnsw["build_s"], hnsw["index_bytes"]),
    ):
        latency = hnsw["latency_by_factory"][name]
        rows.append(
            [
                name,
                _num(build_s, 1),
                _mb(size),
                _pair(latency["dense"]),
                _pair(latency["hybrid"]),
                _pair(searches[name][f"k={VECTOR_K}"]),
                _pair(searches[name][f"k={candidates}"]),
                "1.000" if name == "Flat" else f"{recall:.3f}",
            ]
        )
    headers = [
        "factory",
        "build s",
        "index MB",
        "dense p50/p95",
        "hybrid p50/p95",
        f"FAISS k={VECTOR_K}",
        f"FAISS k={candidates}",
        f"recall@{VECTOR_K}",
    ]
    return [
        "",
        f"FAISS Flat vs {HNSW_FACTORY} on the synthetic corpus, ms",
        f"  same vectors: the {HNSW_FACTORY} build reused the Flat build's "
        f"{hnsw['reused_passages']:,} vectors, so its build s is chunking + BM25 + graph + save;",
        "  FAISS k=… is the index search alone (query encoded beforehand); the retriever "
        f"asks FAISS for k={candidates} candidates per query; Flat and {HNSW_FACTORY} "
        "timed interleaved",
        *text_table(headers, rows),
    ]


def _contention_lines(results: JsonDict) -> list[str]:
    children = {
        f"{backend} {kind}": figures[kind]
        for backend, figures in results["plan"].items()
        for kind in ("build", "cold")
    }
    if results.get("synthetic"):
        synthetic = results["synthetic"]
        label = f"synthetic {synthetic['backend']}"
        children |= {
            f"{label} {kind}": synthetic[kind]
            for kind in ("build", "cold", "add")
            if kind in synthetic
        }
        rates = synthetic.get("rates", {})
        children |= {f"synthetic {other} rate": rate for other, rate in rates.items()}
    if results.get("ocr"):
        children["ocr of a scan"] = results["ocr"]
    rows = []
    for label, figures in children.items():
        c = figures.get("contention")
        if c:
            rows.append(
                [
                    label,
                    _num(c["wall_s"]),
                    _num(c["cpu_s"]),
                    _num(c["cpu_s"] / c["wall_s"], 2),
                    _num(c["load_start"], 2),
                    _num(c["load_end"], 2),
                ]
            )
    headers = ["child process", "wall s", "CPU s", "CPU/wall", "load start", "load end"]
    note = (
        f"Contention: 1-minute load average vs {results['machine']['usable_cores']} usable "
        "cores while each child ran (load above the core count means shared CPUs)"
    )
    return ["", note, *text_table(headers, rows)] if rows else []


def render_report(results: JsonDict) -> str:
    """The report printed by the CLI: header, shipped plan, synthetic corpus, contention."""
    lines = _header_lines(results)
    lines += _plan_lines(results["plan"])
    lines += ocr_lines(results.get("ocr"))
    synthetic = results.get("synthetic")
    skipped = ["", "SYNTHETIC CORPUS: skipped (--quick)"]
    lines += _synthetic_lines(synthetic) if synthetic else skipped
    lines += _growth_lines(results.get("growth"))
    lines += _lexical_lines(results.get("lexical"))
    lines += _contention_lines(results)
    return "\n".join(lines)
