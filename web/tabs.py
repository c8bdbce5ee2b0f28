"""The 任务分工, 评测 and 文档管理 tabs (Gradio components wired to the work modules)."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Any

import gradio as gr

from web.config import Settings
from web.documents import add_to_library, library_files, password_ok, preview_upload
from web.evaluation import chart_html, run_eval, shipped_set, shipped_sets
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
from web.service import AssistantService, RebuildBusyError
from web.uploads import UPLOAD_SUFFIXES, UploadError

logger = logging.getLogger(__name__)

WRONG_PASSWORD = "❌ 密码不正确"


# --- 任务分工 -----------------------------------------------------------------------------


def responsibility_tab(service: AssistantService, page: gr.Blocks) -> None:
    """Tasks × departments by role, filterable by department and role, as CSV and .xlsx."""

    def refresh(department: str | None, role: str | None) -> tuple[Any, ...]:
        corpus = service.assistant.corpus
        choices = department_choices(corpus)
        department = department if department in choices else ALL_DEPARTMENTS
        role = role if role in ROLE_CHOICES else ALL_ROLES
        matrix = build_matrix(corpus, department, role)
        folder = Path(tempfile.mkdtemp(prefix="policy-qa-export-"))
        name = "任务分工" if department == ALL_DEPARTMENTS else f"任务分工-{department}"
        name += "" if role == ALL_ROLES else f"-{role}"
        csv_path = write_csv(matrix, folder / f"{name}.csv")
        xlsx_path = write_xlsx(matrix, folder / f"{name}.xlsx")
        table = {"headers": list(matrix.headers), "data": [list(row) for row in matrix.rows]}
        count = f"共 {len(matrix.rows)} 项任务({LEGEND})"
        return (
            gr.update(choices=choices, value=department),
            table,
            count,
            str(csv_path),
            str(xlsx_path),
        )

    gr.Markdown("计划中每项任务的牵头、配合单位和完成时限。可按部门和角色筛选。")
    with gr.Row():
        department = gr.Dropdown(
            label="按部门筛选", choices=[ALL_DEPARTMENTS], value=ALL_DEPARTMENTS, scale=3
        )
        role = gr.Dropdown(label="按角色筛选", choices=list(ROLE_CHOICES), value=ALL_ROLES, scale=1)
        csv_button = gr.DownloadButton("下载 CSV", scale=1)
        xlsx_button = gr.DownloadButton("下载 Excel(.xlsx)", scale=1)
    count = gr.Markdown()
    table = gr.Dataframe(label="任务分工表", interactive=False, wrap=True, max_height=600)
    outputs = [department, table, count, csv_button, xlsx_button]
    for control in (department, role):
        control.input(refresh, [department, role], outputs, api_visibility="private")
    # Filled when a page opens, so it always shows the index that is live now.
    page.load(refresh, [department, role], outputs, api_visibility="private")


# --- 评测 ---------------------------------------------------------------------------------


def evaluation_tab(service: AssistantService) -> None:
    """Runs a shipped eval set on demand; report plus a chart of accuracy per kind."""

    def run(name: str) -> tuple[str, str]:
        try:
            path = shipped_set(name)
        except ValueError as error:
            return "", f"❌ {error}"
        outcome = run_eval(service.assistant, path)
        return chart_html(outcome.scores), outcome.report

    gr.Markdown(
        "用随附的标注问题集(eval/ 目录)评测当前索引:每题提问一次,"
        "按问题类别统计回答准确率。每个问题集约需一分钟。"
    )
    choices = shipped_sets()
    chosen = gr.Dropdown(choices, value=choices[0], label="问题集")
    button = gr.Button("运行评测", variant="primary")
    chart = gr.HTML()
    report = gr.Code(label="评测报告", language=None, interactive=False)
    button.click(run, chosen, [chart, report], concurrency_limit=1, api_visibility="private")


# --- 文档管理 -----------------------------------------------------------------------------


class DocumentHandlers:
    """Handlers of the 文档管理 tab; each checks the password itself (the API can call them)."""

    def __init__(self, service: AssistantService, settings: Settings) -> None:
        self.service = service
        self.settings = settings

    def login(self, password: str) -> tuple[Any, str, str]:
        """Show the panel when the password is right."""
        if not password_ok(self.settings, password):
            return gr.update(visible=False), WRONG_PASSWORD, ""
        return gr.update(visible=True), "✅ 已进入文档管理", _library(self.settings)

    def check(self, password: str, upload: str | None) -> tuple[str | None, str, str, str]:
        """Validate and parse an upload: (staged path, summary, parse table, cleaning report)."""
        if not password_ok(self.settings, password):
            return None, WRONG_PASSWORD, "", ""
        if not upload:
            return None, "请先选择文件。", "", ""
        try:
            preview = preview_upload(self.settings, Path(upload), Path(upload).name)
        except UploadError as error:
            return None, f"❌ {error}", "", ""
        return str(preview.staged), f"✅ {preview.summary}", preview.parse, preview.cleaning

    def add(self, password: str, staged: str | None) -> tuple[None, str, str]:
        """Move the checked upload into the library and rebuild the index."""
        if not password_ok(self.settings, password):
            return None, WRONG_PASSWORD, ""
        try:
            target = add_to_library(self.settings, Path(staged or ""))
        except UploadError as error:
            return None, f"❌ {error}", _library(self.settings)
        return None, f"已加入 {target.name}。" + _rebuild(self.service), _library(self.settings)

    def rebuild(self, password: str) -> tuple[str, str]:
        """Rebuild the index from the library as it is."""
        if not password_ok(self.settings, password):
            return WRONG_PASSWORD, ""
        return _rebuild(self.service), _library(self.settings)


def documents_tab(service: AssistantService, settings: Settings) -> None:
    """Password-protected: upload a plan, see how it parses, add it and rebuild the index."""
    handlers = DocumentHandlers(service, settings)
    password = gr.Textbox(label="管理员密码", type="password", max_lines=1)
    login_button = gr.Button("进入", variant="primary")
    login_status = gr.Markdown()
    with gr.Column(visible=False) as panel:
        library = gr.Markdown()
        upload = gr.File(
            label=(
                "上传计划文件(.txt / .docx / .pdf / .xlsx / .csv,"
                f"不超过 {settings.max_upload_bytes >> 20} MB)"
            ),
            file_types=list(UPLOAD_SUFFIXES),
            type="filepath",
        )
        check_button = gr.Button("检查文件")
        summary = gr.Markdown()
        with gr.Accordion("解析结果", open=True):
            parse = gr.Code(language=None, interactive=False, show_label=False)
        with gr.Accordion("清洗报告", open=False):
            cleaning = gr.Code(language=None, interactive=False, show_label=False)
        staged = gr.State(None)
        with gr.Row():
            add_button = gr.Button("加入文档库并重建索引", variant="primary")
            rebuild_button = gr.Button("仅重建索引")
        status = gr.Markdown()
    private: dict[str, Any] = {"api_visibility": "private"}
    for trigger in (login_button.click, password.submit):
        trigger(handlers.login, [password], [panel, login_status, library], **private)
    check_button.click(
        handlers.check, [password, upload], [staged, summary, parse, cleaning], **private
    )
    admin: dict[str, Any] = {"concurrency_limit": 1, "concurrency_id": "admin", **private}
    add_button.click(handlers.add, [password, staged], [staged, status, library], **admin)
    rebuild_button.click(handlers.rebuild, [password], [status, library], **admin)


def _library(settings: Settings) -> str:
    names = "\n".join(f"- {path.name}" for path in library_files(settings))
    return f"**当前文档库:**\n{names}"


def _rebuild(service: AssistantService) -> str:
    try:
        result = service.rebuild()
    except RebuildBusyError as error:
        return f"⏳ {error}"
    except Exception:
        logger.exception("index rebuild failed")
        return "❌ 重建失败,仍在使用原索引。详情见服务器日志。"
    return (
        f"✅ 索引已重建:{result.documents} 个文件、{result.items} 个条目,"
        f"用时 {result.seconds:.1f} 秒。问答已切换到新索引。"
    )
