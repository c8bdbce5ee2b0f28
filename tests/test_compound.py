"""Questions asking two things at once: split into parts, each answered, the replies joined."""

from __future__ import annotations

import pytest

from qa.compound import parts


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "俺们村小学要改宿舍食堂厕所 县里一共拿多少钱 改几个学校",
            ("俺们村小学要改宿舍食堂厕所 县里一共拿多少钱", "改几个学校"),
        ),
        ("今年要拆除多少违法建设？其中城区占多少？", ("今年要拆除多少违法建设", "其中城区占多少")),
        (
            "处置厂的设计年处理能力和总投资分别是多少？",
            ("处置厂的设计年处理能力是多少？", "总投资是多少？"),
        ),
        ("该项任务的牵头单位和完成时限分别是什么", ("该项任务的牵头单位是什么", "完成时限是什么")),
        ("谁负责厕所革命?", ("谁负责厕所革命?",)),  # one ask
        ("老旧小区改造，今年要新开工多少个", ("老旧小区改造，今年要新开工多少个",)),
        ("国家级和省级传承人分别补助多少", ("国家级和省级传承人分别补助多少",)),
    ],
)
def test_a_question_is_split_where_a_second_ask_begins(
    question: str, expected: tuple[str, ...]
) -> None:
    assert parts(question) == expected


def test_a_count_naming_the_topic_is_no_ask() -> None:
    question = "国道改线、地铁轻轨和几条主干道延长的工程,督办时应对接哪些单位?"
    assert parts(question) == (question,)


def test_those_few_things_are_no_ask() -> None:
    assert parts("国道改走新线那几条路,谁牵头?") == ("国道改走新线那几条路,谁牵头?",)


def test_a_modal_particle_ends_a_spoken_clause() -> None:
    assert parts("村里的快递点嗯一年给多少运营补贴啊给几年") == (
        "村里的快递点嗯一年给多少运营补贴",
        "给几年",
    )
    assert parts("那修路呢谁负责") == ("那修路呢谁负责",)  # one ask
