"""The lexical-index bench: what it builds, what the loading child reads back, the table."""

from __future__ import annotations

import shutil
from pathlib import Path

from corpus import load_corpus
from eval.bench.lexical_scale import child_lexical_build, child_lexical_load
from eval.bench.machine import current_rss_mib
from index.chunks import lexical_chunk_ids, make_chunks

FIXTURES = Path(__file__).parent / "fixtures"


def test_the_loading_child_reads_back_every_chunk_the_building_child_indexed(
    tmp_path: Path,
) -> None:
    library = tmp_path / "library"
    library.mkdir()
    shutil.copyfile(FIXTURES / "plan-elderly.txt", library / "plan-elderly.txt")
    built = child_lexical_build(library, tmp_path / "index")
    loaded = child_lexical_load(tmp_path / "index", warmup=1)
    expected = len(lexical_chunk_ids(make_chunks(load_corpus(library))))
    assert built["chunks"] == loaded["chunks"] == expected > 0
    assert (
        built["all_chunks"] >= built["chunks"]
        and built["terms"] > built["words"] > 0
        and built["file_bytes"] > 0
    )
    assert loaded["search"]["n"] > 100 and loaded["search"]["p50_ms"] > 0


def test_current_rss_reads_the_resident_pages_of_statm(tmp_path: Path) -> None:
    statm = tmp_path / "statm"
    statm.write_text("1000 256 10 1 0 100 0\n")
    import os

    assert current_rss_mib(statm) == 256 * os.sysconf("SC_PAGE_SIZE") / 2**20
    assert 10 < current_rss_mib() < 10_000
