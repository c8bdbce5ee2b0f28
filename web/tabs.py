"""The 任务分工 and 评测 tabs (Gradio components wired to the work modules)."""

from __future__ import annotations

import html
import logging
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import gradio as gr

from web.evaluation import BUSY, EvaluationRunner, chart_html, shipped_set, shipped_sets
from web.matrix import (
    ALL_DEPARTMENTS,
    ALL_ROLES,
    LEGEND,
    ROLE_CHOICES,
    build_matrix,
    department_choices,
    write_csv,
    write_xlsx,
)
from web.service import AssistantService
from web.sessions import NOT_LOGGED_IN

logger = logging.getLogger(__name__)

EXPORTS_ROUTE = "/exports"  # served by web.api from Settings.exports_dir, by name only
_UNSAFE_IN_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


# --- 任务分工 -----------------------------------------------------------------------------


def responsibility_tab(service: AssistantService, page: gr.Blocks, exports: Path) -> None:
    """Tasks × departments by role, filterable by department and role, as CSV and .xlsx.

    The downloads are written to ``exports`` under one name per filter, replaced
    atomically, so page loads reuse a fixed set of files instead of piling up folders.
    """

    def refresh(department: str | None, role: str | None) -> tuple[Any, ...]:
        corpus = service.assistant.corpus
        choices = department_choices(corpus)
        department = department if department in choices else ALL_DEPARTMENTS
        role = role if role in ROLE_CHOICES else ALL_ROLES
        matrix = build_matrix(corpus, department, role)
        name = "任务分工" if department == ALL_DEPARTMENTS else f"任务分工-{department}"
        name += "" if role == ALL_ROLES else f"-{role}"
        name = _UNSAFE_IN_NAME.sub("_", name)
        exports.mkdir(parents=True, exist_ok=True)
        csv_path = _replace(exports / f"{name}.csv", lambda path: write_csv(matrix, path))
        xlsx_path = _replace(exports / f"{name}.xlsx", lambda path: write_xlsx(matrix, path))
        table = {"headers": list(matrix.headers), "data": [list(row) for row in matrix.rows]}
        count = f"共 {len(matrix.rows)} 项任务({LEGEND})"
        links = download_links({"下载 CSV": csv_path.name, "下载 Excel(.xlsx)": xlsx_path.name})
        return gr.update(choices=choices, value=department), table, count, links

    gr.Markdown("计划中每项任务的牵头、配合单位和完成时限。可按部门和角色筛选。")
    with gr.Row():
        department = gr.Dropdown(
            label="按部门筛选", choices=[ALL_DEPARTMENTS], value=ALL_DEPARTMENTS, scale=3
        )
        role = gr.Dropdown(label="按角色筛选", choices=list(ROLE_CHOICES), value=ALL_ROLES, scale=1)
        downloads = gr.HTML(scale=2)
    count = gr.Markdown()
    table = gr.Dataframe(label="任务分工表", interactive=False, wrap=True, max_height=600)
    outputs = [department, table, count, downloads]
    for control in (department, role):
        control.input(refresh, [department, role], outputs, api_visibility="private")
    # Filled when a page opens, so it always shows the index that is live now.
    page.load(refresh, [department, role], outputs, api_visibility="private")


def download_links(files: dict[str, str]) -> str:
    """Links to the downloads by file name only (``/exports/NAME``): no server path shown."""
    return " ".join(
        f'<a class="qa-download" href="{EXPORTS_ROUTE}/{quote(name)}" '
        f'download="{html.escape(name)}">{html.escape(label)}</a>'
        for label, name in files.items()
    )


# --- 评测 ---------------------------------------------------------------------------------


def evaluation_tab(service: AssistantService, allowed: Callable[[gr.Request], bool]) -> None:
    """Runs a shipped eval set on demand, for an admin; report plus accuracy per kind.

    On the admin page only (an anonymous client must not start minutes of work), one
    run at a time in the whole process (:class:`~web.evaluation.EvaluationRunner`).
    """
    runner = EvaluationRunner()

    def run(name: str, request: gr.Request) -> tuple[str, str]:
        if not allowed(request):
            return "", NOT_LOGGED_IN
        try:
            path = shipped_set(name)
        except ValueError as error:
            return "", f"❌ {error}"
        outcome = runner.run(service.assistant, path)
        if outcome is None:
            return "", BUSY
        return chart_html(outcome.scores), outcome.report

    gr.Markdown(
        "用随附的标注问题集(eval/ 目录)评测当前索引:每题提问一次,"
        "按问题类别统计回答准确率。每个问题集约需一分钟,同一时间只运行一个评测。"
    )
    choices = shipped_sets()
    chosen = gr.Dropdown(choices, value=choices[0], label="问题集")
    button = gr.Button("运行评测", variant="primary")
    chart = gr.HTML()
    report = gr.Code(label="评测报告", language=None, interactive=False)
    button.click(run, chosen, [chart, report], concurrency_limit=1, api_visibility="private")


def _replace(target: Path, write: Callable[[Path], Path]) -> Path:
    """Write through a private temporary file, then swap it in: readers never see half."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=target.suffix)
    os.close(handle)
    try:
        os.replace(write(Path(temporary)), target)
    finally:
        Path(temporary).unlink(missing_ok=True)
    return target
