"""The 文档管理 page (``/admin/``): its own Gradio app and queue, open only with a session.

The gate (:mod:`web.guard`) refuses every ``/admin`` request without a live session
before Gradio reads it; each handler checks the session again, so a handler reached some
other way still refuses. Admin work runs on this page's queue, one at a time, and cannot
fill the chat's queue.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import gradio as gr

from web.config import Settings
from web.documents import library_change, library_removal, preview_upload, scan_progress
from web.library import HEADERS, library_entries
from web.service import AssistantService, RebuildBusyError, RebuildResult
from web.sessions import COOKIE, NOT_LOGGED_IN, AdminSessions
from web.tabs import evaluation_tab
from web.uploads import UPLOAD_SUFFIXES, UploadError

logger = logging.getLogger(__name__)

# Gradio fills a handler's parameter whose default is a Progress with the event's bar.
_PROGRESS_BAR = gr.Progress()
LOGOUT_FORM = (
    '<form method="post" action="/admin/logout" style="text-align:right">'
    '<button type="submit">退出登录</button></form>'
)


class DocumentHandlers:
    """Handlers of the 文档管理 page; each refuses a request without a live session."""

    def __init__(
        self, service: AssistantService, settings: Settings, sessions: AdminSessions
    ) -> None:
        self.service = service
        self.settings = settings
        self.sessions = sessions

    def allowed(self, request: gr.Request | None) -> bool:
        """Whether the request carries a live admin session."""
        cookies = getattr(request, "cookies", None) or {}
        return self.sessions.valid(cookies.get(COOKIE))

    def library(self, request: gr.Request) -> tuple[Any, Any]:
        """The plans in the library (a table and the removal choices), on page load."""
        if not self.allowed(request):
            return {"headers": list(HEADERS), "data": []}, gr.update(choices=[])
        return _library(self.settings)

    def remove(self, name: str | None, request: gr.Request) -> tuple[str, Any, Any]:
        """Take a plan out of the library and rebuild; put it back if that fails."""
        if not self.allowed(request):
            return NOT_LOGGED_IN, *_library(self.settings)
        try:
            with library_removal(self.settings, name or ""):
                result = self.service.rebuild()
        except UploadError as error:
            return f"❌ {error}", *_library(self.settings)
        except RebuildBusyError as error:
            return f"⏳ {error};文件未移除。", *_library(self.settings)
        except Exception:
            logger.exception("index rebuild failed; the plan was put back")
            return "❌ 重建失败,文件已放回文档库,仍在使用原索引。", *_library(self.settings)
        return f"已移除 {name}。" + _rebuilt(result), *_library(self.settings)

    def check(
        self, upload: str | None, request: gr.Request, bar: gr.Progress = _PROGRESS_BAR
    ) -> tuple[str | None, str, str, str]:
        """Validate and parse an upload: (staged path, summary, parse table, cleaning report).

        A scan shows its OCR page by page on ``bar``.
        """
        if not self.allowed(request):
            return None, NOT_LOGGED_IN, "", ""
        if not upload:
            return None, "请先选择文件。", "", ""
        received = Path(upload)
        try:
            preview = preview_upload(
                self.settings, received, received.name, progress=scan_progress(bar)
            )
        except UploadError as error:
            return None, f"❌ {error}", "", ""
        finally:  # the staged copy is what is kept; Gradio's copy goes at once
            received.unlink(missing_ok=True)
        return str(preview.staged), f"✅ {preview.summary}", preview.parse, preview.cleaning

    def add(
        self, staged: str | None, replace: bool, request: gr.Request
    ) -> tuple[str | None, str, Any, Any]:
        """Add the checked upload to the library and rebuild; undo the add if that fails."""
        if not self.allowed(request):
            return staged, NOT_LOGGED_IN, *_library(self.settings)
        try:
            with library_change(self.settings, Path(staged or ""), replace=bool(replace)) as added:
                result = self.service.rebuild()
        except UploadError as error:
            return staged, f"❌ {error}", *_library(self.settings)
        except RebuildBusyError as error:
            return staged, f"⏳ {error};文件尚未加入,请稍后再点“加入”。", *_library(self.settings)
        except Exception:
            logger.exception("index rebuild failed; the upload was not added")
            message = "❌ 重建失败,文件未加入文档库,仍在使用原索引。详情见服务器日志。"
            return staged, message, *_library(self.settings)
        return None, f"已加入 {added.name}。" + _rebuilt(result), *_library(self.settings)

    def rebuild(self, request: gr.Request) -> tuple[str, Any, Any]:
        """Rebuild the index from the library as it is."""
        if not self.allowed(request):
            return NOT_LOGGED_IN, *_library(self.settings)
        return _rebuild(self.service), *_library(self.settings)


def build_admin(
    service: AssistantService, settings: Settings, sessions: AdminSessions
) -> gr.Blocks:
    """List the library; upload a plan, see how it parses, add, replace or remove; rebuild."""
    handlers = DocumentHandlers(service, settings, sessions)
    page = gr.Blocks(title="文档管理")
    with page:
        gr.HTML(LOGOUT_FORM)
        with gr.Tab("文档管理"):
            _documents_tab(page, handlers, settings)
        with gr.Tab("评测"):
            evaluation_tab(service, handlers.allowed)
    return page


def _documents_tab(page: gr.Blocks, handlers: DocumentHandlers, settings: Settings) -> None:
    private: dict[str, Any] = {"api_visibility": "private"}
    admin: dict[str, Any] = {"concurrency_limit": 1, "concurrency_id": "admin", **private}
    gr.Markdown("# 文档管理\n上传计划文件,检查解析结果,加入文档库并重建索引。")
    library = gr.Dataframe(headers=list(HEADERS), label="当前文档库", interactive=False, wrap=True)
    with gr.Row():
        removable = gr.Dropdown(label="移除计划", choices=[], scale=3)
        remove_button = gr.Button("移除并重建索引", scale=1)
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
    replace = gr.Checkbox(label="替换同名文件", value=False)
    with gr.Row():
        add_button = gr.Button("加入文档库并重建索引", variant="primary")
        rebuild_button = gr.Button("仅重建索引")
    status = gr.Markdown()
    shown = [library, removable]
    page.load(handlers.library, None, shown, **private)
    check_button.click(handlers.check, [upload], [staged, summary, parse, cleaning], **private)
    add_button.click(handlers.add, [staged, replace], [staged, status, *shown], **admin)
    rebuild_button.click(handlers.rebuild, None, [status, *shown], **admin)
    remove_button.click(handlers.remove, [removable], [status, *shown], **admin)


def _library(settings: Settings) -> tuple[Any, Any]:
    entries = library_entries(settings)
    table = {"headers": list(HEADERS), "data": [entry.row() for entry in entries]}
    return table, gr.update(choices=[entry.name for entry in entries], value=None)


def _rebuild(service: AssistantService) -> str:
    try:
        result = service.rebuild()
    except RebuildBusyError as error:
        return f"⏳ {error}"
    except Exception:
        logger.exception("index rebuild failed")
        return "❌ 重建失败,仍在使用原索引。详情见服务器日志。"
    return _rebuilt(result)


def _rebuilt(result: RebuildResult) -> str:
    return (
        f"✅ 索引已重建:{result.documents} 个文件、{result.items} 个条目,"
        f"用时 {result.seconds:.1f} 秒。问答已切换到新索引。"
    )
