"""Titles as plans are published: in their notice, on two lines, after front matter."""

from __future__ import annotations

from corpus.cleaning import clean_text
from corpus.parsing import parse_document
from corpus.titles import find_title

NOTICE = """某市人民政府办公室文件

某政办发〔2025〕7号

某市人民政府办公室关于印发《某市城市更新
三年行动方案》的通知

各县（市、区）人民政府，市政府各部门：
《某市城市更新三年行动方案》已经市政府同意，现印发给你们，请认真贯彻执行。

某市人民政府办公室
2025年3月12日
（此件公开发布）

附件1

某市城市更新三年
行动方案

为加快推进城市更新，制定本方案。
一、重点任务
（一）改造老旧小区。改造小区45个。（责任单位：市住建局）
"""


def test_a_plan_inside_its_notice_is_titled_as_the_notice_names_it() -> None:
    doc = parse_document("plan", "plan.txt", clean_text(NOTICE))
    assert doc.title == "某市城市更新三年行动方案"


def test_the_notice_text_is_neither_preamble_nor_task() -> None:
    doc = parse_document("plan", "plan.txt", clean_text(NOTICE))
    assert doc.item(0).text == "为加快推进城市更新，制定本方案。"
    quoted = "".join(item.text for item in doc.items)
    assert "现印发给你们" not in quoted and "此件公开发布" not in quoted


def test_without_the_repeated_title_the_plan_starts_after_the_publication_note() -> None:
    text = NOTICE.replace("某市城市更新三年\n行动方案\n", "")
    title, start = find_title(text, text.index("一、"), "fallback")
    assert title == "某市城市更新三年行动方案"
    assert (
        text[start:].lstrip().startswith("为加快推进城市更新")
    )  # after "（此件公开发布）" and "附件1"


def test_a_title_set_on_two_lines_is_taken_whole() -> None:
    text = "临江区2025年农村人居环境整治提升\n行动方案\n为改善环境，制定本方案。\n一、"
    title, start = find_title(text, text.index("一、"), "fallback")
    assert title == "临江区2025年农村人居环境整治提升行动方案"
    assert text[start:].startswith("为改善环境")


def test_a_complete_title_line_does_not_swallow_the_next_line() -> None:
    text = "临江区2025年城市更新行动方案\n实施细则\n为改善环境，制定本方案。\n一、"
    title, _ = find_title(text, text.index("一、"), "fallback")
    assert title == "临江区2025年城市更新行动方案"


def test_a_portal_breadcrumb_above_the_title_is_no_title() -> None:
    text = (
        "某区人民政府门户网站 > 政务公开 > 规划计划\n某区2026年城市管理实施方案\n"
        "发布日期：2026-03-05 来源：区城管局\n为改善环境，制定本方案。\n一、"
    )
    title, start = find_title(text, text.index("一、"), "fallback")
    assert title == "某区2026年城市管理实施方案"
    assert text[start:].startswith("发布日期")
