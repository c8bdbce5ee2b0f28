"""The Gradio interface: the chat (full page and compact embed view) and its tabs."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import gradio as gr

from eval.feedback_store import FeedbackStore
from qa import QuestionError
from qa.question import printable
from qa.render import escape_markdown, to_dict, to_markdown, unescape_markdown
from web.api import MAX_HISTORY
from web.config import Settings
from web.replies import Reply, ReplyLog, hidden_id
from web.service import AssistantService
from web.tabs import responsibility_tab

logger = logging.getLogger(__name__)

TITLE = "政策问答"
EXAMPLES = [
    "谁负责厕所革命?",
    "农村卫生厕所改造要完成多少座?",
    "市卫健委负责哪些任务?",
    "第三部分包括哪些任务?",
]
PLACEHOLDER = "输入问题,例如:谁负责厕所革命?"
ALL_PLANS = "全部计划"
EMPTY_CHAT = (
    "### 您好!请就计划内容提问\n"
    "回答逐字引用计划原文并注明出处,不作任何编写。可以追问,例如先问“谁负责厕所革命?”,"
    "再问“要完成多少座?”。"
)
CSS = """
.qa-chart { font-size: 14px; }
.qa-chart-title { font-weight: 600; margin-bottom: 8px; }
.qa-bar-row { display: flex; align-items: center; gap: 8px; margin: 4px 0; }
.qa-bar-label { flex: 0 0 9em; }
.qa-bar-track { flex: 1; background: #eee; height: 16px; border-radius: 4px; }
.qa-bar { display: block; height: 100%; background: #c81e1e; border-radius: 4px; }
.qa-bar-value { flex: 0 0 4em; text-align: right; }
@media (max-width: 640px) { .qa-bar-label { flex-basis: 6em; } }
.qa-download { display: inline-block; margin: 4px 8px 4px 0; padding: 6px 14px;
  border: 1px solid #c81e1e; border-radius: 6px; color: #c81e1e; text-decoration: none; }
"""
# Gradio translates its own labels (清空对话, 重试, 复制…) by the browser's language; staff with
# an English browser should still see Chinese, so the page reports zh-CN before Gradio loads.
HEAD = (
    "<script>try{Object.defineProperty(Navigator.prototype,'language',{get:()=>'zh-CN'});"
    "Object.defineProperty(Navigator.prototype,'languages',{get:()=>['zh-CN','zh']});}"
    "catch(e){}</script>"
)
EMBED_CSS = """
.gradio-container { padding: 4px !important; }
footer { display: none !important; }
"""


def text_chatbot(**kwargs: Any) -> gr.Chatbot:
    """A Chatbot that shows the user's messages as plain text, never as HTML or Markdown.

    Replies are Markdown made by ``qa.render`` (which escapes the plan text); a question
    such as ``<img src=x onerror=alert(1)>`` must appear as typed. User messages are
    escaped on the way to the browser and unescaped on the way back, so handlers always
    see the text as typed. (The instance's methods are wrapped rather than subclassed:
    Gradio writes a ``.pyi`` file next to the module of every Component subclass.)
    """
    chatbot = gr.Chatbot(**kwargs)
    postprocess, preprocess = chatbot.postprocess, chatbot.preprocess
    chatbot.postprocess = lambda value: _escape_user_messages(postprocess(value))  # type: ignore[method-assign]
    chatbot.preprocess = lambda payload: _unescape_user_messages(preprocess(payload))  # type: ignore[method-assign]
    return chatbot


def _escape_user_messages(data: Any) -> Any:
    """Escape the text parts of user messages in Gradio's postprocessed chat data."""
    for message in data.root:
        if message.role != "user":
            continue
        for part in message.content:
            if getattr(part, "type", None) == "text":
                part.text = escape_markdown(printable(part.text))
    return data


def _unescape_user_messages(messages: Any) -> Any:
    """Undo :func:`_escape_user_messages` on the messages a handler receives."""
    for message in messages:
        if message.get("role") != "user":
            continue
        for part in message.get("content") or ():
            if isinstance(part, dict) and part.get("type") == "text":
                part["text"] = unescape_markdown(part["text"])
    return messages


def message_text(content: Any) -> str:
    """The text of a chat message's content (a string or Gradio's list of parts)."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return str(content.get("text") or "")
    if isinstance(content, list):
        return "".join(message_text(part) for part in content)
    return ""


def user_questions(history: Sequence[dict[str, Any]]) -> list[str]:
    """The user's earlier questions in a Gradio chat history, oldest first."""
    return [message_text(m.get("content")) for m in history if m.get("role") == "user"]


class ChatHandlers:
    """Event handlers of one chat view, sharing the live assistant and the feedback store."""

    def __init__(
        self, service: AssistantService, store: FeedbackStore, replies: ReplyLog, source: str
    ) -> None:
        self.service = service
        self.store = store
        self.replies = replies
        self.source = source

    def reply(
        self, message: str, history: list[dict[str, Any]], plan: str | None = ALL_PLANS
    ) -> str:
        """The chat function: a question, the conversation so far and the plan chosen in.

        ``plan`` is a plan's title from the selector, or :data:`ALL_PLANS`.
        """
        # The assistant reads only the last few (each checked like a question); keeping
        # these bounds what a reply's record holds, whatever the client sent.
        earlier = user_questions(history)[-MAX_HISTORY:]
        doc = plan if plan and plan != ALL_PLANS else None
        try:
            answer = self.service.ask(message, earlier, doc)
        except QuestionError as error:
            return f"⚠️ {error}"
        reply = Reply(message, tuple(earlier), to_markdown(answer), to_dict(answer))
        return self.replies.add(reply)

    def feedback(self, history: list[dict[str, Any]], data: gr.LikeData) -> tuple[int | None, str]:
        """Store a 👍/👎 with what the server said: question, reply and answer record."""
        index = data.index if isinstance(data.index, int) else data.index[0]
        if data.liked not in (True, False) or not 0 <= index < len(history):
            return None, "已取消评价。"
        shown = message_text(history[index].get("content"))
        reply = self.replies.find(shown)
        if reply is None:
            return None, "这条回答已过期或不是本服务给出的,无法评价。"
        feedback_id = self.store.add(
            vote="up" if data.liked else "down",
            question=reply.question,
            history=reply.history,
            reply=reply.text,
            record=reply.record,
            source=self.source,
            reply_key=hidden_id(shown),  # a changed vote replaces the first, never adds
        )
        thanks = "感谢肯定!" if data.liked else "已记录,我们会改进。"
        return feedback_id, f"{thanks}可在下方补充意见(可选)。"

    def comment(self, feedback_id: int | None, comment: str) -> tuple[str, str]:
        """Attach the optional comment to the last vote of this session."""
        if not comment.strip():
            return "请先填写意见。", comment
        if feedback_id is None or not self.store.set_comment(feedback_id, comment.strip()):
            return "请先点 👍 或 👎 评价一条回答,再提交意见。", comment
        return "意见已提交,谢谢!", ""


def plan_choices(service: AssistantService) -> list[str]:
    """The plan selector's choices: all plans, then each plan's title."""
    return [ALL_PLANS, *(doc.title for doc in service.assistant.corpus.documents)]


def chat_view(handlers: ChatHandlers, settings: Settings, *, compact: bool) -> gr.ChatInterface:
    """A chat with examples, a plan selector, 👍/👎 feedback and an optional comment box."""
    chatbot = text_chatbot(
        label="对话",
        show_label=False,
        # The widget's panel is an iframe: keep the input box and feedback inside it.
        height="calc(100vh - 190px)" if compact else "62vh",
        min_height=200,
        buttons=["copy", "copy_all"],
        placeholder=EMPTY_CHAT,
        feedback_options=("Like", "Dislike"),
        # "$…$" in a question or a plan is text, not a formula
        latex_delimiters=[],
        elem_id="qa-chatbot",
    )
    textbox = gr.Textbox(
        placeholder=PLACEHOLDER,
        show_label=False,
        lines=1,
        max_lines=4,
        submit_btn="发送",
        stop_btn=False,
        elem_id="qa-input",
    )
    plan = gr.Dropdown(
        plan_choices(handlers.service), value=ALL_PLANS, label="只在这份计划中查找", scale=1
    )
    interface = gr.ChatInterface(
        handlers.reply,
        chatbot=chatbot,
        textbox=textbox,
        additional_inputs=[plan],
        additional_inputs_accordion=gr.Accordion("选择计划", open=False),
        examples=[[example, ALL_PLANS] for example in EXAMPLES],
        examples_label="示例问题",
        concurrency_limit=settings.concurrency,
        api_name="chat",
        flagging_mode="never",
        fill_height=compact,
        autofocus=not compact,
    )
    feedback_id = gr.State(None)
    with gr.Accordion("补充反馈意见(可选)", open=False):
        comment = gr.Textbox(label="意见", placeholder="点 👍/👎 后,可在此说明原因", lines=2)
        send = gr.Button("提交意见", size="sm")
    status = gr.Markdown(elem_id="qa-feedback-status")
    # The library may change after a rebuild: each page shows the plans live now.
    interface.load(
        lambda: gr.update(choices=plan_choices(handlers.service)),
        None,
        plan,
        api_visibility="private",
    )
    chatbot.like(handlers.feedback, [chatbot], [feedback_id, status], api_visibility="private")
    send.click(
        handlers.comment, [feedback_id, comment], [status, comment], api_visibility="private"
    )
    return interface


def build_main(service: AssistantService, store: FeedbackStore, settings: Settings) -> gr.Blocks:
    """The full page: chat, 任务分工, 评测 and (with a password set) a link to 文档管理."""
    demo = gr.Blocks(title=TITLE)
    admin_link = "  [文档管理](/admin/)" if settings.admin_password else ""
    with demo:
        gr.Markdown(f"# {TITLE}\n就计划提问,回答逐字引用计划原文,并列出责任单位。{admin_link}")
        with gr.Tabs():
            with gr.Tab("智能问答", id="chat"):
                chat_view(
                    ChatHandlers(service, store, ReplyLog(settings.session_seconds), "chat"),
                    settings,
                    compact=False,
                )
            with gr.Tab("任务分工", id="matrix"):
                responsibility_tab(service, demo, settings.exports_dir)
    return demo


def build_embed(service: AssistantService, store: FeedbackStore, settings: Settings) -> gr.Blocks:
    """The compact chat shown in the widget's panel."""
    demo = gr.Blocks(title=TITLE, fill_height=True)
    with demo:
        handlers = ChatHandlers(service, store, ReplyLog(settings.session_seconds), "widget")
        chat_view(handlers, settings, compact=True)
    return demo
