"""Task tables (任务分工表) in .docx, .xlsx and .csv load into the same document model.

The fixtures are built by ``scripts/make_table_fixtures.py`` from
``tests/fixtures/src/plan-table.json``; the expectations below are read from that source.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from corpus import Document, load_corpus, load_document
from corpus.headings import find_headings
from corpus.models import ItemKind, Role
from tests.conftest import FIXTURES, ROOT

SOURCE: dict[str, Any] = json.loads(
    (FIXTURES / "src" / "plan-table.json").read_text(encoding="utf-8")
)
DOCX, XLSX, CSV = (FIXTURES / f"plan-table{suffix}" for suffix in (".docx", ".xlsx", ".csv"))
ROLE_WORDS = ("牵头", "配合", "责任", "单位：", "完成时限")


def _tasks(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [task for part in plan["parts"] for task in part["tasks"]]


def _cells(plan: dict[str, Any]) -> list[str]:
    """Every cell text a sentence may be quoted from (and the docx paragraphs)."""
    cells = [*plan.get("preamble", ())]
    for task in _tasks(plan):
        cells += [task["task"], *task["measure"].split("\n")]
    return cells


@pytest.fixture(scope="module")
def docs() -> dict[str, Document]:
    return {path.suffix: load_document(path) for path in (DOCX, XLSX, CSV)}


def _expected(suffix: str) -> dict[str, Any]:
    plan: dict[str, Any] = SOURCE["docx"] if suffix == ".docx" else SOURCE["sheet"]
    return plan


@pytest.mark.parametrize("suffix", [".docx", ".xlsx", ".csv"])
def test_each_row_is_a_task_with_its_number_title_units_and_deadline(
    docs: dict[str, Document], suffix: str
) -> None:
    doc, plan = docs[suffix], _expected(suffix)
    assert doc.title == plan["title"]
    tasks = [item for item in doc.items if item.kind == ItemKind.TASK]
    expected = _tasks(plan)
    assert len(tasks) == len(expected) == (8 if suffix == ".docx" else 9)
    for item, row in zip(tasks, expected, strict=True):
        assert item.label == f"{row['number']}．"
        assert item.title == row["task"]
        assert [u.name for u in item.units_in(Role.LEAD)] == [row["lead"]]
        assert [u.name for u in item.units_in(Role.SUPPORT)] == row["support"].split("、")
        assert not item.units_in(Role.RESPONSIBLE)
        assert item.deadline is not None and item.deadline.text == row["deadline"]


@pytest.mark.parametrize("suffix", [".docx", ".xlsx", ".csv"])
def test_category_rows_are_parts(docs: dict[str, Document], suffix: str) -> None:
    doc, plan = docs[suffix], _expected(suffix)
    assert [f"{part.label}{part.title}" for part in doc.parts] == [
        part["category"] for part in plan["parts"]
    ]
    sizes = [len(part.items) for part in doc.parts]
    assert sizes == [len(part["tasks"]) for part in plan["parts"]]


@pytest.mark.parametrize("suffix", [".docx", ".xlsx", ".csv"])
def test_sentences_are_verbatim_cell_text(docs: dict[str, Document], suffix: str) -> None:
    doc, cells = docs[suffix], _cells(_expected(suffix))
    sentences = [s for item in doc.items for s in item.sentences]
    assert sentences
    for sentence in sentences:
        assert doc.text[sentence.span.start : sentence.span.end] == sentence.text
        assert any(sentence.text in cell for cell in cells), sentence.text
    names = [unit.name for item in doc.items for unit in item.units]
    assert names and not [name for name in names if any(w in name for w in ROLE_WORDS)]


def test_targets_are_found_in_the_measures(docs: dict[str, Document]) -> None:
    docx_items, sheet_items = docs[".docx"].items, docs[".xlsx"].items
    assert [t.text for t in docx_items[1].targets] == ["300个", "100%"]
    assert [t.text for t in docx_items[2].targets] == ["12万户", "5000个以上"]
    assert [t.text for t in sheet_items[1].targets] == ["1.5亿元", "8000家以上"]
    assert [t.text for t in sheet_items[7].targets] == ["3万人次", "8000人"]


def test_docx_keeps_document_order_and_merged_cells(docs: dict[str, Document]) -> None:
    doc = docs[".docx"]
    assert doc.item(0).text == SOURCE["docx"]["preamble"][0]
    # 牵头单位 merged down over tasks 2 and 3: each row keeps it.
    assert doc.item(3).units[0].name == doc.item(2).units[0].name == "市工业和信息化局"
    # A category merged across the table is one line, not six copies.
    assert doc.text.count("夯实数字基础设施") == 1


def test_a_numbered_list_inside_a_cell_stays_in_its_task(docs: dict[str, Document]) -> None:
    doc = docs[".docx"]
    first = doc.item(1)
    assert [s.text[:2] for s in first.sentences] == ["推进", "1.", "2."]
    # Found in the text alone, "2." inside task 1's measures would pass for task 2.
    inside = doc.text.index("2.推进5G")
    assert any(h.start == inside and h.label == "2." for h in find_headings(doc.text))


def test_xlsx_and_csv_layouts_give_the_same_plan(docs: dict[str, Document]) -> None:
    def summary(doc: Document) -> list[tuple[object, ...]]:
        return [
            (item.label, item.title, item.units, item.deadline, item.part, len(item.sentences))
            for item in doc.items
        ]

    assert summary(docs[".xlsx"]) == summary(docs[".csv"])


def test_csv_in_gbk_and_without_bom(tmp_path: Path, docs: dict[str, Document]) -> None:
    text = CSV.read_bytes().decode("utf-8-sig")
    for name, data in (("gbk.csv", text.encode("gbk")), ("plain.csv", text.encode("utf-8"))):
        (tmp_path / name).write_bytes(data)
        assert load_document(tmp_path / name).text == docs[".csv"].text


def _builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_table_fixtures", ROOT / "scripts" / "make_table_fixtures.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rebuilding_the_fixtures_gives_the_same_documents(
    tmp_path: Path, docs: dict[str, Document]
) -> None:
    for path in _builder().build(tmp_path):
        rebuilt, committed = load_document(path), docs[path.suffix]
        assert (rebuilt.title, rebuilt.text, rebuilt.parts, rebuilt.items) == (
            committed.title,
            committed.text,
            committed.parts,
            committed.items,
        )


def test_a_folder_of_tables_and_text(tmp_path: Path) -> None:
    for path in (DOCX, XLSX, FIXTURES / "plan-elderly.txt"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    corpus = load_corpus(tmp_path)
    assert [doc.doc_id for doc in corpus.documents] == [
        "plan-elderly",
        "plan-table",
        "plan-table-2",
    ]
    found = corpus.items_for_department("市工业和信息化局")
    assert found is not None and [item.label for item in found] == [
        "1．",
        "2．",
        "3．",
        "4．",
        "7．",
    ]
