"""``python -m corpus show`` in its three output forms."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from corpus.cli import main
from tests.conftest import FIXTURES, REAL_PLAN


def test_table_lists_preamble_parts_and_items(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(REAL_PLAN)]) == 0
    out = capsys.readouterr().out
    assert "《2022年城乡融合发展行动计划》" in out
    assert "7 部分, 19 条任务" in out
    rows = [m[1] for line in out.splitlines() if (m := re.match(r"\s*\d+\s+((?:前言|\().*)", line))]
    assert len(rows) == 20 and rows[0].startswith("前言")
    toilet = next(row for row in rows if row.startswith("(九)"))
    assert "分类推进厕所革命" in toilet and "市农业农村局、市卫健委、市住建局" in toilet
    assert "原文截断" in rows[-1]


def test_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "--json", str(REAL_PLAN)]) == 0
    data = json.loads(capsys.readouterr().out)
    items = data["documents"][0]["items"]
    assert len(items) == 20
    assert items[9]["departments"] == ["市农业农村局", "市卫健委", "市住建局"]
    assert items[9]["targets"][0]["text"] == "1.4万座以上"
    assert items[19]["truncated"] is True


def test_cleaning_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "--cleaning", str(REAL_PLAN)]) == 0
    out = capsys.readouterr().out
    assert "plan-2022.txt: 20 changes" in out
    assert "plan-2022.txt:1: banner" in out
    assert "digit_repair at raw [3567,3570): 'L98' -> '198'" in out


def test_missing_path(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["show", str(tmp_path / "nope.txt")]) == 2
    assert "nope.txt: no such file or folder" in capsys.readouterr().err


def test_only_failures_exit_non_zero(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    assert main(["show", str(tmp_path)]) == 1
    assert "无法载入" in capsys.readouterr().out


def test_cleaning_report_of_a_pdf_needs_no_parse(capsys: pytest.CaptureFixture[str]) -> None:
    pdf = Path(__file__).resolve().parent / "fixtures" / "plan-pdf.pdf"
    assert main(["show", "--cleaning", str(pdf)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "plan-pdf.pdf: 43 changes"
    assert sum(": page_number at raw" in line for line in out) == 3
    assert sum(": running_header at raw" in line for line in out) == 3
    assert out[-1] == "plan-pdf.pdf: line_join: 34 line breaks inside sentences removed"


def test_cleaning_report_names_an_unreadable_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7 truncated")
    assert main(["show", "--cleaning", str(tmp_path)]) == 1
    assert "broken.pdf: 无法读取该 PDF 文件" in capsys.readouterr().err


def test_table_shows_roles_groups_and_deadlines(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(FIXTURES / "plan-district.txt")]) == 0
    out = capsys.readouterr().out
    assert "2 部分, 6 条任务" in out
    task = next(line for line in out.splitlines() if "加快老旧小区改造" in line)
    assert "区住建局(牵头)、区财政局(配合)" in task and "2024年11月底前" in task
    assert any("（一） (组)" in line for line in out.splitlines())
