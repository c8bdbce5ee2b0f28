"""Query expansion: thesaurus files, the corpus-cut synonym table, its use in search."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from corpus import Corpus, load_corpus
from index.errors import IndexFileError
from index.loader import configured_thesaurus
from index.settings import SettingsError, stack_settings
from index.store import current_build, load_or_build
from index.synonyms import SYNONYMS_FILE, SynonymTable, Thesaurus, ThesaurusError
from tests.conftest import FIXTURES
from tests.fakes import FakeEncoder

CILIN_LINES = [
    "Bn03A10= 厕所 厕 便所 茅房 茅厕",  # synonyms: read, single characters dropped
    "Bn03A11# 厕所 卫生间 洗手间",  # related words only: not read
    "Bn03A12@ 茅坑",  # a word alone: not read
    "老人 老年人 长者",  # a plain group of the city's own words
    "",
]


@pytest.fixture()
def thesaurus(tmp_path: Path) -> Thesaurus:
    path = tmp_path / "words.txt"
    path.write_text("\n".join(CILIN_LINES), "utf-8")
    return Thesaurus.read(path)


def test_thesaurus_reads_synonym_lines_and_plain_groups(thesaurus: Thesaurus) -> None:
    assert thesaurus.groups == (("厕所", "便所", "茅房", "茅厕"), ("老人", "老年人", "长者"))
    # normalised as the tokenizer normalises questions: traditional, full-width, case
    assert Thesaurus("t", "廁所 ＥＴＣ停車").groups == (("厕所", "etc停车"),)
    assert thesaurus.name.startswith("words.txt:") and len(thesaurus.name) == len("words.txt:") + 12


def test_thesaurus_that_is_not_utf8_names_the_file_and_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes("厕所 茅房".encode("gbk"))
    with pytest.raises(ThesaurusError, match=r"gbk\.txt: cannot read.*POLICY_QA_THESAURUS"):
        Thesaurus.read(path)


def test_table_maps_only_words_the_corpus_lacks_onto_words_it_uses(thesaurus: Thesaurus) -> None:
    table = SynonymTable.build(thesaurus, {"厕所", "老年人", "改造"})
    assert table.synonyms == {
        "便所": ("厕所",),
        "茅厕": ("厕所",),
        "茅房": ("厕所",),
        "老人": ("老年人",),
        "长者": ("老年人",),
    }
    assert table.expansions(["茅房", "厕所", "改造", "长者"]) == {
        "茅房": ("厕所",),
        "长者": ("老年人",),
    }  # 厕所 is the corpus's own word: never replaced
    assert SynonymTable.build(thesaurus, {"城市"}).synonyms == {}


def test_a_group_with_many_corpus_words_is_too_loose_to_use() -> None:
    loose = Thesaurus("loose", "人 人员 人口 人手 人士 人物 群众")
    vocabulary = {"人员", "人口", "人士", "人物", "人手"}
    assert SynonymTable.build(loose, vocabulary).synonyms == {}


def test_table_round_trips_and_a_broken_file_is_an_index_error(
    thesaurus: Thesaurus, tmp_path: Path
) -> None:
    table = SynonymTable.build(thesaurus, {"厕所"})
    table.save(tmp_path)
    assert SynonymTable.load(tmp_path) == table
    (tmp_path / SYNONYMS_FILE).write_text('{"source": "x", "synonyms": [1]}', "utf-8")
    with pytest.raises(IndexFileError, match="unreadable synonym table"):
        SynonymTable.load(tmp_path)


@pytest.fixture(scope="module")
def elderly() -> Corpus:
    return load_corpus(FIXTURES / "plan-elderly.txt")


def test_synonyms_find_the_item_a_question_names_in_other_words(
    elderly: Corpus, thesaurus: Thesaurus, tmp_path: Path
) -> None:
    # 长者 never occurs in the plan; with the thesaurus it reaches the items on 老年人.
    plain = load_or_build(elderly, FakeEncoder(), tmp_path / "plain")
    assert plain.search("长者", 3, "lexical") == []
    expanded = load_or_build(elderly, FakeEncoder(), tmp_path / "expanded", thesaurus=thesaurus)
    hits = expanded.search("长者", 3, "lexical")
    assert hits and "老年人" in elderly.document(hits[0].doc_id).item(hits[0].item).text
    assert expanded.expansions("长者") == {"长者": ("老年人",)}
    # A synonym stands in at a discount: it never scores as high as the plan's own word.
    own = expanded.search("老年人", 1, "lexical")[0]
    assert hits[0].lexical_score < own.lexical_score
    assert set(expanded.synonym_terms("长者")) >= {"老年人", "#老年"}


def test_a_changed_thesaurus_rebuilds_the_index(
    elderly: Corpus, thesaurus: Thesaurus, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    load_or_build(elderly, FakeEncoder(), tmp_path)
    first = current_build(tmp_path)
    with caplog.at_level(logging.WARNING):
        retriever = load_or_build(elderly, FakeEncoder(), tmp_path, thesaurus=thesaurus)
    assert "thesaurus: saved 'none'" in caplog.text
    assert current_build(tmp_path) != first
    assert retriever.synonyms.source == thesaurus.name
    reloaded = load_or_build(elderly, FakeEncoder(), tmp_path, thesaurus=thesaurus)
    assert reloaded.synonyms == retriever.synonyms


def test_thesaurus_setting(tmp_path: Path) -> None:
    assert stack_settings({"POLICY_QA_THESAURUS": "none"}).thesaurus is None
    assert stack_settings({"POLICY_QA_THESAURUS": "OFF"}).thesaurus is None
    own = tmp_path / "words.txt"
    with pytest.raises(SettingsError, match=r"POLICY_QA_THESAURUS: no such file .*words\.txt"):
        stack_settings({"POLICY_QA_THESAURUS": str(own)})
    own.write_text("厕所 茅房", "utf-8")
    assert stack_settings({"POLICY_QA_THESAURUS": str(own)}).thesaurus == own
    default = stack_settings({}).thesaurus  # the similarities wheel's 同义词词林, if installed
    assert default is None or default.name == "cilin.txt"


def test_a_broken_thesaurus_is_logged_and_search_goes_on_without_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    broken = tmp_path / "gbk.txt"
    broken.write_bytes("厕所 茅房".encode("gbk"))
    monkeypatch.setenv("POLICY_QA_THESAURUS", str(broken))
    with caplog.at_level(logging.WARNING):
        assert configured_thesaurus() is None
    assert "searching without synonyms" in caplog.text and "gbk.txt" in caplog.text
    good = tmp_path / "words.txt"
    good.write_text("厕所 茅房", "utf-8")
    monkeypatch.setenv("POLICY_QA_THESAURUS", str(good))
    found = configured_thesaurus()
    assert found is not None and found.groups == (("厕所", "茅房"),)
