"""Plans in traditional characters, officials in charge, and plan-wide rules on who leads."""

from __future__ import annotations

from pathlib import Path

import docx

from corpus.cleaning import clean_text
from corpus.loading import load_document
from corpus.models import Document, Role
from corpus.parsing import parse_document
from corpus.traditional import is_traditional, parse_as_simplified

TRADITIONAL_TEXT = """嘉澤市2025年舊城改造工作方案
為加快舊城改造，制定本方案。排在第一位的為牽頭單位。
一、重點任務
（一）改造老舊小區。年內改造老舊小區45個，惠及居民1.2萬戶。（責任單位：市住房和城鄉建設局、市財政局；完成時限：2025年12月底前）
（二）整治背街小巷。整治街巷30條。（責任單位：市城市管理局）
"""


def _parse(text: str) -> Document:
    clean = clean_text(text)
    return parse_as_simplified(lambda shadow: parse_document("plan", "plan.txt", shadow), clean)


def test_a_traditional_plan_is_recognised_and_a_simplified_one_is_not() -> None:
    assert is_traditional(TRADITIONAL_TEXT)
    assert not is_traditional("为加快旧城改造，制定本方案。著力推进。")


def test_labels_and_units_are_read_and_named_in_simplified() -> None:
    task = _parse(TRADITIONAL_TEXT).item(1)
    assert task.departments == ("市住房和城乡建设局", "市财政局")
    assert task.deadline is not None and task.deadline.year == 2025 and task.deadline.month == 12


def test_quotes_stay_as_printed() -> None:
    doc = _parse(TRADITIONAL_TEXT)
    task = doc.item(1)
    assert doc.title == "嘉澤市2025年舊城改造工作方案"
    assert task.title == "改造老舊小區"
    assert [t.text for t in task.targets] == ["45個", "1.2萬戶"]
    for sentence in task.sentences:
        assert doc.text[sentence.span.start : sentence.span.end] == sentence.text
        assert "舊" in sentence.text or "街" in sentence.text


def test_the_plans_first_listed_rule_makes_the_first_unit_lead() -> None:
    task = _parse(TRADITIONAL_TEXT).item(1)
    assert [(u.name, u.role) for u in task.units] == [
        ("市住房和城乡建设局", Role.LEAD),
        ("市财政局", Role.RESPONSIBLE),
    ]


def test_without_a_rule_a_plain_list_stays_all_responsible() -> None:
    text = TRADITIONAL_TEXT.replace("排在第一位的為牽頭單位。", "")
    assert {u.role for u in _parse(text).item(1).units} == {Role.RESPONSIBLE}


def test_where_no_lead_is_named_the_responsible_units_lead() -> None:
    text = (
        "某市工作方案\n无牵头单位的，责任单位即为牵头单位。\n"
        "（一）建设公园。新建公园5个。（责任单位：市园林局、市财政局）\n"
        "（二）修路。修路10公里。（牵头单位：市交通局；责任单位：市财政局）\n"
    )
    doc = parse_document("plan", "plan.txt", clean_text(text))
    assert {u.role for u in doc.item(1).units} == {Role.LEAD}
    assert [(u.name, u.role) for u in doc.item(2).units] == [
        ("市交通局", Role.LEAD),
        ("市财政局", Role.RESPONSIBLE),
    ]


def _traditional_table(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("嘉澤市2025年營商環境重點任務分工方案")
    document.add_paragraph("為優化營商環境，制定本方案。")
    rows = [
        ("序號", "工作任務", "牽頭領導", "牽頭單位", "配合單位", "完成時限"),
        (
            "1",
            "推行「一網通辦」，網上可辦率達到98%。",
            "李華秘書長",
            "市政務服務管理局",
            "市財政局",
            "長期堅持",
        ),
        (
            "2",
            "壓縮審批時間至30個工作日。",
            "王明副市長",
            "市住房和城鄉建設局",
            "市自然資源局",
            "2025年6月底前",
        ),
    ]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for cells, values in zip((r.cells for r in table.rows), rows, strict=True):
        for cell, value in zip(cells, values, strict=True):
            cell.text = value
    document.save(str(path))
    return path


def test_a_traditional_word_table_is_a_task_table(tmp_path: Path) -> None:
    doc = load_document(_traditional_table(tmp_path / "plan.docx"))
    first, second = doc.item(1), doc.item(2)
    assert [(u.name, u.role) for u in first.units] == [
        ("市政务服务管理局", Role.LEAD),
        ("市财政局", Role.SUPPORT),
    ]
    assert first.deadline is not None and first.deadline.text == "長期堅持"
    assert second.deadline is not None and second.deadline.month == 6
    assert "推行「一網通辦」" in first.text


def test_officials_are_a_fact_of_their_own_never_a_department(tmp_path: Path) -> None:
    doc = load_document(_traditional_table(tmp_path / "plan.docx"))
    first = doc.item(1)
    assert first.officials == ("李华秘书长",) and first.officials_label == "牵头领导"
    assert all("秘书长" not in name and "市长" not in name for name in first.departments)


def test_an_officials_line_in_a_text_plan_is_read_apart_from_units() -> None:
    text = (
        "某市工作方案\n为推进工作，制定本方案。\n"
        "（一）建设公园。新建公园5个。\n牵头单位：市园林局\n分管领导：张三副市长\n"
    )
    item = parse_document("plan", "plan.txt", clean_text(text)).item(1)
    assert item.departments == ("市园林局",)
    assert item.officials == ("张三副市长",) and item.officials_label == "分管领导"
