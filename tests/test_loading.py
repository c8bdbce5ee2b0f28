"""Loading, cleaning and parsing edge cases on small fixtures."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from corpus import DocumentReadError, StructureError, load_corpus, load_document
from corpus.assignments import deadline_in_text
from corpus.cleaning import clean_text, cleaning_report

ELDERLY = Path(__file__).resolve().parent / "fixtures" / "plan-elderly.txt"


def test_full_width_plan_with_title_line() -> None:
    doc = load_document(ELDERLY)
    assert doc.title == "关于推进2023年养老服务体系建设的实施方案"
    assert [item.label for item in doc.items[1:]] == ["（一）", "（二）", "（三）", "（四）"]
    assert (
        doc.item(0).text == "为积极应对人口老龄化，提升全区养老服务水平，结合本区实际，制定本方案。"
    )
    assert doc.item(1).title == "建设社区养老服务中心"
    assert "街道（乡镇）" in doc.item(1).text
    assert doc.item(2).department_mentions == ("区民政局", "区住房和城乡建设局", "各街道办事处")
    assert [p.items for p in doc.parts] == [(1, 2), (3, 4)]
    assert doc.clean.edits == ()


@pytest.mark.parametrize(
    "label", ["附件", "附件2：", "附　件 1", "渭阳市民政局文件\n\n渭民发〔2023〕7号\n"]
)
def test_an_attachment_label_or_letterhead_above_the_title_is_not_the_title(
    tmp_path: Path, label: str
) -> None:
    text = ELDERLY.read_text("utf-8")
    plan = tmp_path / "plan.txt"
    plan.write_text(f"{label}\n{text}", "utf-8")
    doc = load_document(plan)
    assert doc.title == "关于推进2023年养老服务体系建设的实施方案"
    assert doc.item(0).text.startswith("为积极应对人口老龄化")


def test_an_attachment_label_above_a_task_sheet_is_not_its_title(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["附件1"])
    sheet.append(["2024年养老服务重点任务分工方案"])
    sheet.append(["序号", "重点任务", "牵头单位", "配合单位", "完成时限"])
    sheet.append([1, "新建老年助餐点35个，覆盖全部街道。", "区民政局", "区财政局", "2024年底"])
    workbook.save(str(tmp_path / "plan-care.xlsx"))
    doc = load_document(tmp_path / "plan-care.xlsx")
    assert doc.title == "2024年养老服务重点任务分工方案"
    assert doc.items[-1].departments == ("区民政局", "区财政局")


def test_second_plan_targets_and_aliases() -> None:
    corpus = load_corpus(ELDERLY)
    doc = corpus.documents[0]
    assert [(t.text, t.qualifier) for t in doc.item(1).targets] == [
        ("1个", "至少"),
        ("500张以上", "以上"),
        ("30个", ""),
    ]
    assert [(t.text, t.qualifier) for t in doc.item(3).targets] == [
        ("100%", ""),
        ("70%以上", "以上"),
    ]
    assert [(t.text, t.qualifier) for t in doc.item(4).targets] == [("800人次", "不少于")]
    # 区卫健委 abbreviates 区卫生健康委员会; the alias file's city names apply to a district.
    assert corpus.registry.resolve("区卫健委") == "区卫生健康委员会"
    assert corpus.registry.resolve("区住建局") == "区住房和城乡建设局"
    found = corpus.items_for_department("区卫健委")
    assert found is not None and [i.number for i in found] == [3, 4]


def test_gbk_file_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "plan-gbk.txt"
    path.write_bytes(ELDERLY.read_text(encoding="utf-8").encode("gbk"))
    doc = load_document(path)
    assert doc.title == "关于推进2023年养老服务体系建设的实施方案"
    assert len(doc.items) == 5


def test_utf8_with_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    text = ELDERLY.read_text(encoding="utf-8").replace("\n", "\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    doc = load_document(path)
    assert doc.title == "关于推进2023年养老服务体系建设的实施方案"
    assert "\r" not in doc.text


def test_docx_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.docx"
    document = docx.Document()
    for line in ELDERLY.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    document.save(str(path))
    doc = load_document(path)
    assert doc.title == "关于推进2023年养老服务体系建设的实施方案"
    assert doc.item(4).department_mentions == ("区人力资源和社会保障局", "区卫生健康委员会")


def test_corrupt_docx(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(DocumentReadError, match=r"broken\.docx: not a readable \.docx"):
        load_document(path)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("  \n", encoding="utf-8")
    with pytest.raises(DocumentReadError, match=r"empty\.txt: the document is empty"):
        load_document(path)


def test_undecodable_file(tmp_path: Path) -> None:
    path = tmp_path / "binary.txt"
    path.write_bytes(bytes(range(128, 256)) * 4)
    with pytest.raises(DocumentReadError, match=r"binary\.txt: cannot decode .*UTF-8 or GB18030"):
        load_document(path)


def test_unsupported_type(tmp_path: Path) -> None:
    path = tmp_path / "plan.rtf"
    path.write_bytes(b"{\\rtf1 plan}")
    with pytest.raises(DocumentReadError, match=r"plan\.rtf: unsupported file type '\.rtf'"):
        load_document(path)


def test_file_without_items(tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    path.write_text("关于召开会议的通知\n请各单位准时参加。\n", encoding="utf-8")
    with pytest.raises(
        StructureError, match=r"notice\.txt: expected numbered task items like '\(一\)"
    ):
        load_document(path)


def test_items_without_departments(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text(
        "绿化工作要点\n一、重点任务\n(一)植树造林。新增造林2万亩。\n(二)城市绿化。新建公园3个。\n",
        encoding="utf-8",
    )
    doc = load_document(path)
    assert [item.title for item in doc.items[1:]] == ["植树造林", "城市绿化"]
    assert all(item.departments == () and not item.truncated for item in doc.items)
    assert [t.text for t in doc.item(1).targets] == ["2万亩"]


def test_a_bad_document_does_not_stop_the_others(tmp_path: Path) -> None:
    (tmp_path / "a-empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "b-plan.txt").write_text(ELDERLY.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "notes.json").write_text("ignored", encoding="utf-8")  # not a plan type
    corpus = load_corpus(tmp_path)
    assert [doc.doc_id for doc in corpus.documents] == ["b-plan"]
    assert len(corpus.failures) == 1 and "a-empty.txt" in corpus.failures[0].message


def test_numbered_lists_are_not_page_markers() -> None:
    raw = "工作安排\n1、摸清底数。\n完成调查。\n2、制定方案。\n"
    clean = clean_text(raw)
    assert clean.text == raw
    assert cleaning_report("x.txt", clean) == "x.txt: no changes"


def test_letters_are_repaired_only_inside_numbers() -> None:
    clean = clean_text("推广O2O模式,建设ETC系统,I号线,新建IOO个,改造2O0亩,A3纸。")
    assert clean.text == "推广O2O模式,建设ETC系统,I号线,新建100个,改造200亩,A3纸。"
    report = cleaning_report("x.txt", clean)
    assert "x.txt:1: digit_repair at raw [22,25): 'IOO' -> '100'" in report
    assert len(clean.edits) == 2


def test_a_deadline_written_in_brackets_is_the_task_deadline_when_it_is_the_only_one() -> None:
    found = deadline_in_text("完成老旧燃气管道更新改造48公里（2025年10月底前完成），推动…")
    assert found is not None and (found.text, found.year, found.month) == (
        "2025年10月底前",
        2025,
        10,
    )
    assert deadline_in_text("建设A（2025年6月底前完成）；建设B（2025年9月底前完成）") is None
    assert deadline_in_text("到2025年底,事故起数下降10%") is None  # a target's date, no deadline
    safety = load_document(Path(__file__).parent.parent / "eval/fixtures/more/plan-safety.txt")
    deadline = safety.item(5).deadline
    assert deadline is not None and deadline.text == "2025年10月底前"
