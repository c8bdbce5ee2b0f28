"""Page-aware cleaning: the fixture PDF's pages become the plan's paragraphs again."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections import Counter
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.cleaning import clean_text, cleaning_report
from corpus.loading import read_text
from corpus.models import CleanText
from corpus.pages import continues, is_page_number, page_edits

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PLAN_PDF = FIXTURES / "plan-pdf.pdf"
HEADER = "临江区城市更新行动方案"


class _Paragraphs(HTMLParser):
    """The source's paragraphs in order, a page's ``cont`` paragraph joined to the last."""

    def __init__(self) -> None:
        super().__init__()
        self.paragraphs: list[str] = []
        self._open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h1", "h2", "p"):
            self._open = True
            if dict(attrs).get("class") != "cont":
                self.paragraphs.append("")

    def handle_endtag(self, tag: str) -> None:
        self._open = self._open and tag not in ("h1", "h2", "p")

    def handle_data(self, data: str) -> None:
        if self._open:
            self.paragraphs[-1] += data


@pytest.fixture(scope="module")
def clean() -> CleanText:
    return clean_text(read_text(PLAN_PDF))


def source_paragraphs() -> list[str]:
    parser = _Paragraphs()
    parser.feed((FIXTURES / "src" / "plan-pdf.html").read_text(encoding="utf-8"))
    return parser.paragraphs


def test_cleaned_lines_are_the_source_paragraphs(clean: CleanText) -> None:
    paragraphs = source_paragraphs()
    assert len(paragraphs) == 33
    assert clean.text.splitlines() == paragraphs
    for whole in ("区城管局", "各街道办事处", "区统计局", "1.4万户", "38.5%以上", "新建公厕20座"):
        assert whole in clean.text


def test_page_numbers_header_and_form_feeds_are_gone(clean: CleanText) -> None:
    assert "\f" not in clean.text
    assert HEADER not in clean.text
    assert not re.search(r"— \d —", clean.text)
    kinds = Counter(edit.kind for edit in clean.edits)
    assert kinds == {"page_number": 3, "running_header": 3, "page_break": 3, "line_join": 34}
    removed = {(edit.kind, edit.before.strip()) for edit in clean.edits}
    assert {("page_number", f"— {n} —") for n in (1, 2, 3)} <= removed
    assert ("running_header", HEADER) in removed


def test_task_across_the_page_break_is_one_paragraph(clean: CleanText) -> None:
    task = next(line for line in clean.text.splitlines() if line.startswith("2.补齐"))
    assert task.endswith("群众如厕更加便利、管理更加规范。")
    cut = clean.text.index("管理更加规范") + len("管理更")
    raw_gap = clean.raw[clean.raw_offsets[cut - 1] + 1 : clean.raw_offsets[cut]]
    assert raw_gap == f"\n{HEADER}\n— 1 —\n\f\n"


def test_every_cleaned_character_maps_back_to_itself(clean: CleanText) -> None:
    offsets = clean.raw_offsets
    assert len(offsets) == len(clean.text) + 1 and offsets[-1] == len(clean.raw)
    assert all(a < b for a, b in pairwise(offsets))
    assert all(clean.text[i] == clean.raw[offsets[i]] for i in range(len(clean.text)))


def test_each_edit_records_its_raw_place(clean: CleanText) -> None:
    for edit in clean.edits:
        assert clean.raw[edit.raw_start : edit.raw_end] == edit.before
        assert edit.raw_line == clean.raw.count("\n", 0, edit.raw_start) + 1
    spans = sorted((edit.raw_start, edit.raw_end) for edit in clean.edits)
    assert all(end <= start for (_, end), (start, _) in pairwise(spans))


def test_report_lists_page_furniture_and_counts_line_joins(clean: CleanText) -> None:
    report = cleaning_report("plan-pdf.pdf", clean).splitlines()
    assert report[0] == "plan-pdf.pdf: 43 changes"
    assert "plan-pdf.pdf:26: page_number at raw [644,650): '— 1 —\\\\n' removed" in report
    assert sum(": running_header at raw" in line for line in report) == 3
    assert sum(": page_break at raw" in line for line in report) == 3
    assert not any(": line_join at raw" in line for line in report)
    assert report[-1] == "plan-pdf.pdf: line_join: 34 line breaks inside sentences removed"


# clean_text(plan) before page-aware cleaning existed: text, offsets and edits, hashed.
UNCHANGED = {
    "corpus/documents/plan-2022.txt": "9063f387e923251ce81729b21245e95db62d8f7bc2322a0bfbf178197ec3ff87",
    "tests/fixtures/plan-county.txt": "a197a58db6dc00d73363d6ed58c059e808719ad0c49a3ad42bee2cf65b43cf64",
    "tests/fixtures/plan-elderly.txt": "f2602b1284f7f990669c9646eff502c2987ec13d762a3f0eccea002d5800273b",
}


@pytest.mark.parametrize("name", list(UNCHANGED))
def test_text_without_form_feeds_cleans_as_before(name: str) -> None:
    clean = clean_text((ROOT / name).read_text(encoding="utf-8"))
    edits = [list(dataclasses.astuple(edit)) for edit in clean.edits]
    blob = json.dumps([clean.text, list(clean.raw_offsets), edits], ensure_ascii=False)
    assert hashlib.sha256(blob.encode()).hexdigest() == UNCHANGED[name]


@pytest.mark.parametrize(
    "number",
    ["— 3 —", "- 3 -", "－3－", "3", "第3页", "第 3 页", "第 3 页 共 10 页", "3/10", "3 / 10"],
)
def test_page_number_forms(number: str) -> None:
    assert is_page_number(number, page_count=10)
    body = "为推进工作，制定本方案。"
    raw = f"{body}\n{number}\n\f\n{number}\n{body}\n\f\n"
    assert clean_text(raw).text == f"{body}\n{body}\n"


@pytest.mark.parametrize("line", ["2024", "36", "第三页", "3.5", "— 附件 —"])
def test_what_is_not_a_page_number(line: str) -> None:
    assert not is_page_number(line, page_count=10)


def test_header_on_top_and_footer_repeating_with_digits() -> None:
    pages = [
        "关于城市更新的实施方案\n一、目标任务。\n第1页 共3页",
        "关于城市更新的实施方案\n二、保障措施。\n区住建局 2024年3月\n第2页 共3页",
        "关于城市更新的实施方案\n三、工作要求。\n区住建局 2024年4月\n第3页 共3页",
    ]
    clean = clean_text("".join(page + "\n\f\n" for page in pages))
    assert clean.text == "一、目标任务。\n二、保障措施。\n三、工作要求。\n"
    kinds = Counter(edit.kind for edit in clean.edits)
    assert kinds == {"running_header": 5, "page_number": 3, "page_break": 3}


def test_repeated_body_lines_at_page_ends_are_kept() -> None:
    pages = [
        f"{n}.第{n}项任务。\n责任单位：区住建局\n完成时限：长期坚持\n— {n} —" for n in (1, 2, 3)
    ]
    clean = clean_text("".join(page + "\n\f\n" for page in pages))
    assert clean.text.count("完成时限：长期坚持") == 3
    assert clean.text.count("责任单位：区住建局") == 3


FULL = "推进老旧小区改造，统筹推进水电气暖、道路、消防等基础"  # a line as wide as any


@pytest.mark.parametrize(
    ("following", "joined"),
    [
        ("类改造。", True),
        ("1.4万户居民受益。", True),
        ("一、总体目标", False),
        ("（一）优化布局。", False),
        ("(一)优化布局。", False),
        ("1.加快改造。", False),
        ("1、加快改造。", False),
        ("1．加快改造。", False),
        ("（1）新建公厕。", False),
        ("第一条 总则", False),
        ("第一章 总则", False),
        ("责任单位：区住建局", False),
        ("牵头单位：区发改局", False),
        ("配合单位：区财政局", False),
        ("完成时限：长期坚持", False),
        ("完成时间：2024年9月底前", False),
    ],
)
def test_line_join_rules(following: str, joined: bool) -> None:
    raw = f"{FULL}\n{following}\n\f\n"
    assert clean_text(raw).text == (FULL + following if joined else f"{FULL}\n{following}") + "\n"


@pytest.mark.parametrize("ending", ["。", "！", "？", "；", "：", "”", "）", ")"])
def test_no_join_after_a_sentence_end_or_closing_bracket(ending: str) -> None:
    assert not continues(FULL + ending, "下一句继续。")


def test_no_join_after_a_short_line_or_between_latin_words() -> None:
    raw = f"临江区城市更新方案\n为推进工作制定本方案。\n{FULL}\n{FULL}\n\f\n"
    assert clean_text(raw).text.startswith("临江区城市更新方案\n为推进")
    assert not continues("推动ETC", "parking试点")
    assert continues("推动ETC", "智慧停车试点")


def test_a_blank_line_is_a_paragraph_break() -> None:
    assert clean_text(f"{FULL}\n\n{FULL}\n\f\n").text == f"{FULL}\n\n{FULL}\n"


def test_form_feed_inside_a_line_and_banner_lines() -> None:
    raw = "《方案.pdf》由会员分享\n" + FULL + "\n\f第二页的内容。\n"
    clean = clean_text(raw)
    assert clean.text == FULL + "第二页的内容。\n"
    assert [edit.kind for edit in clean.edits] == ["banner", "line_join", "page_break"]
    assert page_edits("没有换页符。\n") == []


_ALPHABET = st.sampled_from(
    [*"区住建局改造公厕。，；：”）一、（1）2.3万第页—- 责任单位完成时限", "\n", "\f"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=120).map("".join))
def test_property_cleaned_characters_map_to_raw(raw: str) -> None:
    clean = clean_text(raw)
    assert len(clean.raw_offsets) == len(clean.text) + 1
    assert all(clean.text[i] == raw[clean.raw_offsets[i]] for i in range(len(clean.text)))
    removed = sorted((edit.raw_start, edit.raw_end) for edit in clean.edits)
    assert all(end <= start for (_, end), (start, _) in pairwise(removed))
    kept = set(clean.raw_offsets[:-1])
    assert all(i in kept or any(a <= i < b for a, b in removed) for i in range(len(raw)))


def test_dashed_page_footers_end_the_pages_of_a_text_without_form_feeds() -> None:
    raw = (
        "2025年安全生产工作要点\n第一条　压实责任。每季度至少研究1次。\n\n— 1 —\n\n"
        "第二条　排查隐患。整改率达到100%。\n\n— 2 —\n"
    )
    clean = clean_text(raw)
    assert "—" not in clean.text and "第二条　排查隐患。整改率达到100%。" in clean.text
    assert [edit.kind for edit in clean.edits] == ["page_number", "page_number"]
    # one dashed number is a plan's own text, not a run of page footers
    assert page_edits("第一条　目标为— 5 —档。\n— 5 —\n") == []
    assert page_edits("甲\n— 3 —\n乙\n— 7 —\n") == []  # not counting up
