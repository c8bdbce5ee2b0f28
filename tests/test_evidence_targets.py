"""Topic evidence (word coverage, rarity weights) and the words that describe each number."""

from __future__ import annotations

import dataclasses

import pytest

from corpus import Corpus
from qa.evidence import TopicEvidence, word_coverage
from qa.targets import TargetContext, contexts, stated_in
from tests.qa_fixtures import target

COUNTY = "plan-county"


@pytest.fixture(scope="module")
def evidence(county_corpus: Corpus) -> TopicEvidence:
    return TopicEvidence(county_corpus)


def described(corpus: Corpus, item: int) -> dict[str, TargetContext]:
    """The contexts of an item's targets, by the target's text."""
    found = contexts(corpus.document(COUNTY).item(item).targets)
    return {context.target.text: context for context in found}


# word_coverage


def test_whole_word_covers_fully() -> None:
    assert word_coverage("厕所改造", "推进农村厕所改造工作") == 1.0


def test_partial_word_counts_its_bigrams() -> None:
    # 厕所革命: 厕所 is there, 所革 and 革命 are not.
    assert word_coverage("厕所革命", "推进农村厕所改造") == pytest.approx(1 / 3)
    assert word_coverage("变电所", "扩建35千伏变电站") == pytest.approx(1 / 2)
    assert word_coverage("火星基地", "推进农村厕所改造") == 0.0


def test_single_character_word_is_in_or_out() -> None:
    assert word_coverage("厕", "推进农村厕所改造") == 1.0
    assert word_coverage("电", "推进农村厕所改造") == 0.0


# TopicEvidence


def test_coverage_is_the_share_of_topic_words_in_the_item(evidence: TopicEvidence) -> None:
    assert evidence.coverage(("变电站", "容量"), (COUNTY, 1)) == 1.0
    assert evidence.coverage(("变电站", "幼儿园"), (COUNTY, 1)) == 0.5
    assert evidence.coverage(("变电站", "容量"), (COUNTY, 4)) == 0.0
    assert evidence.coverage(("变电所",), (COUNTY, 1)) == 0.5  # bigram by bigram


def test_coverage_without_topic_is_full(evidence: TopicEvidence) -> None:
    assert evidence.coverage((), (COUNTY, 4)) == 1.0


def test_coverage_reads_normalised_text(evidence: TopicEvidence) -> None:
    assert evidence.coverage(("変電站",), (COUNTY, 1)) < 1.0  # no folding of topic words
    assert evidence.coverage(("幼儿园",), (COUNTY, 3)) == 1.0


def test_specific_coverage_weights_rare_words_above_common_ones(
    evidence: TopicEvidence,
) -> None:
    words = ["农村", "幼儿园"]  # 农村 stands in two items, 幼儿园 in one
    rare_only = evidence.specific_coverage(words, "新建幼儿园12个")
    common_only = evidence.specific_coverage(words, "新改建农村公路40公里")
    assert rare_only > 0.5 > common_only
    assert rare_only + common_only == pytest.approx(1.0)
    assert evidence.specific_coverage(words, "新建农村幼儿园") == pytest.approx(1.0)
    assert evidence.specific_coverage(words, "火星基地") == 0.0
    assert evidence.specific_coverage([], "火星基地") == 1.0


def test_idf_falls_as_words_get_common(evidence: TopicEvidence) -> None:
    never, once, twice = evidence.idf("火星"), evidence.idf("幼儿园"), evidence.idf("农村")
    assert never > once > twice > 0
    assert evidence.idf("幼儿园") == once  # cached, same value
    assert evidence.idf("县城") == once  # equal frequency, equal weight (preamble counts)


# Target contexts


def test_numbers_of_a_sentence_are_described_by_their_own_words(county_corpus: Corpus) -> None:
    found = described(county_corpus, 3)  # 新建幼儿园12个，新增学位2000个，划定三条校车线路。
    assert (found["12个"].lead, found["12个"].tail) == ("新建幼儿园", "，")
    assert (found["2000个"].lead, found["2000个"].tail) == ("新增学位", "，")
    assert (found["三条"].lead, found["三条"].tail) == ("划定", "校车线路。")
    assert found["2000个"].clause == "新增学位2000个"  # verbatim, without its comma
    assert found["12个"].length == len("新建幼儿园，")
    assert not any(context.modifier for context in found.values())


def test_a_count_reaches_its_noun_past_a_number_of_another_kind(county_corpus: Corpus) -> None:
    # 谋划建设3个总投资超30亿元的龙头项目、10个总投资超10亿元的产业项目。
    found = described(county_corpus, 2)
    assert found["3个"].lead == "谋划建设"
    assert found["3个"].tail == "总投资超30亿元的龙头项目、"  # stops at the next count
    assert found["30亿元"].lead == "总投资超"  # starts after the previous number
    assert found["30亿元"].tail == "的龙头项目、"
    assert found["10个"].lead == ""  # the enumeration comma ends the description
    assert found["10个"].tail == "总投资超10亿元的产业项目。"
    assert found["10亿元"].lead == "总投资超"
    whole = "谋划建设3个总投资超30亿元的龙头项目、10个总投资超10亿元的产业项目"
    assert {context.clause for context in found.values()} == {whole}


def test_an_attribute_of_a_counted_noun_is_a_modifier(county_corpus: Corpus) -> None:
    # 扩建35千伏变电站一座，容量2万千伏安；
    found = described(county_corpus, 1)
    assert found["35千伏"].modifier
    assert (found["35千伏"].lead, found["35千伏"].tail) == ("扩建", "变电站一座，")
    assert not found["一座"].modifier  # a count
    assert found["一座"].lead == "变电站"
    assert not found["2万千伏安"].modifier  # nothing follows it in its clause
    assert found["2万千伏安"].lead == "容量"
    assert found["2万千伏安"].clause == "容量2万千伏安"
    assert found["35千伏"].clause == found["一座"].clause == "扩建35千伏变电站一座"
    assert not found["40公里"].modifier


def test_a_lone_attribute_before_a_noun_is_no_modifier(county_corpus: Corpus) -> None:
    alone = target(county_corpus, "35千伏")
    (context,) = contexts([alone])  # without the count after it
    assert not context.modifier
    assert context.tail == "变电站一座，"


def test_contexts_keep_the_order_of_the_targets(county_corpus: Corpus) -> None:
    item = county_corpus.document(COUNTY).item(4)
    assert [c.target for c in contexts(item.targets)] == list(item.targets)
    assert contexts([]) == []


# stated_in


@pytest.mark.parametrize(
    ("text", "question", "stated"),
    [
        ("30亿元", "总投资超30亿元的龙头项目有几个?", True),
        ("30亿元", "总投资超30个亿的项目有几个?", True),  # the number, whatever follows
        ("3个", "总投资超30亿元的龙头项目有几个?", False),  # 3 inside 30 is not 3
        ("10个", "总投资超100亿元的项目有几个?", False),
        ("38.9%以上", "覆盖率达到38.9%了吗?", True),  # decimals
        ("38.9%以上", "覆盖率达到38%了吗?", False),
        ("38.9%以上", "覆盖率达到38.95%了吗?", False),
        ("1.4万座", "改造1.4万座厕所由谁负责?", True),
        ("1.4万座", "改造4万座厕所由谁负责?", False),  # 4 after a point is a decimal's
        ("三条", "划定三条校车线路由谁负责?", True),  # Chinese numerals: the whole text
        ("三条", "划定几条校车线路?", False),
        ("一座", "扩建35千伏变电站一座谁负责?", True),
        ("一座", "扩建几座变电站?", False),
    ],
)
def test_stated_in(county_corpus: Corpus, text: str, question: str, stated: bool) -> None:
    assert stated_in(target(county_corpus, text), question) is stated


def test_stated_in_reads_the_number_not_its_unit(county_corpus: Corpus) -> None:
    money = target(county_corpus, "1000元")
    assert stated_in(money, "每座补助1000块吗?")
    assert stated_in(dataclasses.replace(money, number="1000.5"), "每座补助1000.5元吗?")
    assert not stated_in(money, "每座补助1000.5元吗?")
