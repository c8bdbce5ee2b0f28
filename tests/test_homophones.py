"""Dictation slips repaired from the plan's own text: same sound, and only where it fits."""

from __future__ import annotations

import pytest

from qa.homophones import HomophoneRepair
from tests.conftest import FIXTURES
from tests.qa_fixtures import Splitter


@pytest.fixture(scope="module")
def repair(qa_splitter: Splitter) -> HomophoneRepair:
    plan = (FIXTURES / "plan-elderly.txt").read_text(encoding="utf-8")
    return HomophoneRepair([plan], qa_splitter)


@pytest.mark.parametrize(
    ("question", "repaired"),
    [
        ("签约绿要达到多少", "签约率要达到多少"),  # 绿 lǜ for 率 lǜ
        ("适老话改造谁负责", "适老化改造谁负责"),
        ("养老护里员培训多少人次", "养老护理员培训多少人次"),
        ("老年住餐点新建几个", "老年助餐点新建几个"),
        # a hesitation cuts no word: dropped before the repair
        ("适老话呃改造谁负责", "适老化改造谁负责"),
    ],
)
def test_a_slip_is_replaced_by_the_plans_character(
    repair: HomophoneRepair, question: str, repaired: str
) -> None:
    assert repair.repair(question) == repaired


@pytest.mark.parametrize(
    "question",
    [
        "助餐点归哪个部门管?",  # question words are never replaced
        "什么时候完成适老化改造?",
        "老年大学有几所?",  # a word the plan does not write is not forced into one it does
        "养老院押金要交多少?",
    ],
)
def test_words_without_a_slip_stay_as_written(repair: HomophoneRepair, question: str) -> None:
    assert repair.repair(question) == question


def test_a_replacement_must_take_in_the_whole_word_it_changes(qa_splitter: Splitter) -> None:
    repair = HomophoneRepair(["推动老旧小区再改造"], qa_splitter)
    # 在 sounds like 再 and 再改造 is the plan's, but 正 of 正在 would be cut off
    assert repair.repair("正在改造的小区有多少") == "正在改造的小区有多少"
    # the splitter's "绿要" glues a grammatical character to the slip: still repaired
    assert HomophoneRepair(["签约率达到100%"], qa_splitter).repair("签约绿要达到多少") == (
        "签约率要达到多少"
    )


def test_the_question_is_normalised_first(repair: HomophoneRepair) -> None:
    assert repair.repair("簽約綠要達到多少？") == "签约率要达到多少?"
