"""Answers by role and deadline on plans with 牵头/配合 units, with the fake encoder."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from corpus import Corpus, load_corpus
from index.store import load_or_build
from qa import AnswerKind, Assistant
from qa.models import Certainty
from qa.render import CLOSEST_NOTE, to_dict, to_markdown, to_text
from tests.conftest import FIXTURES
from tests.fakes import FAKE_ANSWERING, FakeEncoder


def _assistant(name: str, folder: Path) -> Assistant:
    corpus = load_corpus(FIXTURES / name)
    return Assistant(corpus, load_or_build(corpus, FakeEncoder(), folder), FAKE_ANSWERING)


@pytest.fixture(scope="module")
def commerce(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return _assistant("plan-commerce.txt", tmp_path_factory.mktemp("commerce"))


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return _assistant("plan-district.txt", tmp_path_factory.mktemp("district"))


def test_lead_first_then_support_labelled(commerce: Assistant) -> None:
    answer = commerce.ask("谁牵头打造特色商业街区?")
    assert answer.cited == (1,) and answer.kind == AnswerKind.WHO
    assert answer.direct.split("\n") == ["牵头单位:市商务局", "配合单位:市发改委、市财政局"]


def test_support_asked_first(commerce: Assistant) -> None:
    answer = commerce.ask("打造特色商业街区哪些部门配合?")
    assert answer.direct.split("\n")[0] == "配合单位:市发改委、市财政局"
    assert answer.departments[:2] == ("市发改委", "市财政局")


def test_a_plain_list_is_not_passed_off_as_a_lead(commerce: Assistant) -> None:
    answer = commerce.ask("家装家居消费谁牵头?")
    assert answer.cited == (5,)
    assert answer.direct == "市商务局、市住房和城乡建设局"
    assert any("未区分牵头和配合" in note for note in answer.notes)


def test_deadline_verbatim_and_declined_when_missing(commerce: Assistant) -> None:
    answer = commerce.ask("特色商业街区什么时候完成?")
    assert (answer.kind, answer.answered, answer.direct) == (
        AnswerKind.WHEN,
        True,
        "2024年10月底前",
    )
    missing = commerce.ask("家居消费体验中心什么时候建成?")
    assert not missing.answered and "完成时限" in missing.direct
    assert missing.related and missing.related[0].item == 5


def test_follow_up_asks_the_deadline(commerce: Assistant) -> None:
    answer = commerce.ask("那什么时候完成?", ["县级物流配送中心建几个?"])
    assert answer.cited == (2,) and answer.direct == "2024年12月底前"


def test_reverse_look_ups_by_role(commerce: Assistant) -> None:
    lead = commerce.ask("市商务局牵头哪些任务?")
    assert lead.kind == AnswerKind.DEPARTMENT and lead.cited == (1, 2, 3, 5)
    assert lead.direct.startswith("市商务局牵头3项任务")
    support = commerce.ask("市财政局配合哪些工作?")
    assert support.cited == (1, 3) and "配合2项任务" in support.direct
    both = commerce.ask("市商务局负责哪些任务?")
    assert both.cited == (1, 2, 3, 5, 4, 7)
    assert [line.split("项")[0][-1] for line in both.direct.split("\n")] == ["3", "1", "2"]


def test_groups_answer_who_and_when_through_their_tasks(district: Assistant) -> None:
    who = district.ask("老旧小区改造谁牵头?")
    assert who.cited == (2,) and who.direct.startswith("牵头单位:区住建局")
    when = district.ask("老旧小区改造什么时候完成?")
    assert when.cited == (2,) and when.direct == "2024年11月底前"


def test_the_chat_shows_roles_and_deadline(commerce: Assistant) -> None:
    markdown = to_markdown(commerce.ask("外卡受理商户要新增多少户?"))
    assert "牵头单位:人民银行市分行；配合单位:市商务局、市文化和旅游局" in markdown
    assert "完成时限:2024年6月底前" in markdown


def test_the_answer_record_carries_roles_and_deadline(commerce: Assistant) -> None:
    import json

    from qa.render import to_dict

    record = json.loads(json.dumps(to_dict(commerce.ask("谁牵头打造特色商业街区?"))))
    quote = record["quotes"][0]
    assert quote["departments"] == ["市商务局", "市发改委", "市财政局"]
    assert quote["roles"] == ["lead", "support", "support"]
    assert quote["deadline"] == "2024年10月底前"


def test_an_office_must_end_a_word(commerce: Assistant) -> None:
    answer = commerce.ask("消费投诉办结这块谁牵头?")
    assert answer.answered and answer.cited == (6,)


def test_other_formats_parse_to_the_same_model() -> None:
    pdf = load_corpus(FIXTURES / "plan-pdf.pdf").documents[0]
    assert pdf.item(1).label == "一、" and pdf.item(1).title == "总体目标"  # a part's own text
    first = pdf.item(2)
    assert first.label == "1." and first.deadline is not None
    assert [u.role.value for u in first.units][:2] == ["lead", "support"]


def test_corpus_loads_each_format_side_by_side(tmp_path: Path) -> None:
    for name in ("plan-commerce.txt", "plan-pdf.pdf"):
        (tmp_path / name).write_bytes((FIXTURES / name).read_bytes())
    corpus: Corpus = load_corpus(tmp_path)
    assert [doc.doc_id for doc in corpus.documents] == ["plan-commerce", "plan-pdf"]
    assert not corpus.failures


@pytest.mark.parametrize(
    "name",
    [
        "plan-commerce.txt",
        "plan-district.txt",
        "plan-pdf.pdf",
        "plan-table.docx",
        "plan-table.xlsx",
    ],
)
def test_no_supporting_unit_is_ever_named_as_a_lead(name: str) -> None:
    from corpus.models import Role
    from qa.roles import unit_lines

    for item in load_corpus(FIXTURES / name).items():
        support = {unit.name for unit in item.units_in(Role.SUPPORT)}
        for line in unit_lines(item, (Role.LEAD,)):
            if line.startswith("牵头单位:"):
                assert not support & set(line.removeprefix("牵头单位:").split("、")), item.label


def test_the_closest_clause_is_said_to_be_such(commerce: Assistant) -> None:
    answer = commerce.ask("谁牵头打造特色商业街区?")
    assert answer.certainty == Certainty.ANSWERED and CLOSEST_NOTE not in to_markdown(answer)
    closest = dataclasses.replace(answer, certainty=Certainty.CLOSEST)
    assert to_markdown(closest).split("\n\n")[0] == f"⚠️ _{CLOSEST_NOTE}_"
    assert to_text(closest).split("\n")[0] == CLOSEST_NOTE
    assert to_dict(closest)["certainty"] == "closest" and to_dict(closest)["answered"]
    declined = commerce.ask("今年5G基站要建多少个?")
    assert to_dict(declined)["certainty"] == "declined" and not declined.answered
