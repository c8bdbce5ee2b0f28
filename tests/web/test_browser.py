"""The app in a real Chromium (Debian's /usr/bin/chromium driven by Playwright).

Never skipped: without Chromium the set-up fails (``scripts/test.sh`` installs it).
Screenshots for the README and docs are saved to ``docs/screenshots/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from eval.feedback_store import FeedbackStore
from tests.web.conftest import ADMIN_PASSWORD, ROOT, LiveApp

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INPUT = 'textarea[data-testid="textbox"]'
BOT = '[data-testid="bot"]'
USER = '[data-testid="user"]'
TIMEOUT_MS = 20_000


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run scripts/test.sh, or "
            "apt-get install -y chromium chromium-driver fonts-wqy-microhei"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Tab:
    """A browser page that records requests leaving the loopback interface and dialogs."""

    def __init__(
        self, browser: Any, width: int = 1280, height: int = 900, locale: str = "zh-CN"
    ) -> None:
        self.context = browser.new_context(
            locale=locale, viewport={"width": width, "height": height}
        )
        self.context.set_default_timeout(TIMEOUT_MS)
        self.page = self.context.new_page()
        self.outside: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", self._request)
        self.page.on("dialog", self._dialog)

    def _request(self, request: Any) -> None:
        host = urlparse(request.url).hostname
        if request.url.startswith(("http:", "https:", "ws:", "wss:")) and host != "127.0.0.1":
            self.outside.append(request.url)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def tab(browser: Any) -> Iterator[Tab]:
    opened = Tab(browser)
    yield opened
    assert opened.outside == [], "requests left the machine"
    opened.close()


def open_chat(tab: Tab, url: str) -> Any:
    tab.page.goto(url, wait_until="load")
    tab.page.locator(INPUT).first.wait_for()
    return tab.page


def send(scope: Any, question: str, replies_before: int) -> Any:
    """Type a question, press Enter and wait for the next bot reply; return it."""
    box = scope.locator(INPUT).first
    box.fill(question)
    box.press("Enter")
    reply = scope.locator(BOT).nth(replies_before)
    reply.wait_for()
    reply.locator("details, p").first.wait_for()
    return reply


def test_chat_answers_with_departments_and_quote(live_app: LiveApp, tab: Tab) -> None:
    page = open_chat(tab, live_app.url)
    assert page.get_by_role("tab", name="任务分工").is_visible()
    reply = send(page, "谁负责厕所革命?", 0)
    assert "责任单位:市农业农村局、市卫健委、市住建局" in reply.inner_text()
    assert "reply:" not in reply.inner_text()  # the reply's id stays hidden
    summary = reply.locator("summary").first
    assert summary.inner_text() == "〔三、(九) 分类推进厕所革命〕"
    summary.click()
    highlighted = reply.locator("details strong").first
    highlighted.wait_for()
    assert highlighted.inner_text().startswith("持续推进农村“厕所革命”")
    assert "完成卫生厕所改造1.4万座以上" in reply.locator("details").inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "chat.png"))


def test_follow_up_uses_the_conversation(live_app: LiveApp, tab: Tab) -> None:
    page = open_chat(tab, live_app.url)
    send(page, "谁负责厕所革命?", 0)
    reply = send(page, "要完成多少座?", 1)
    assert "目标:1.4万座以上" in reply.inner_text()


def test_html_in_a_question_is_shown_as_text(live_app: LiveApp, tab: Tab) -> None:
    page = open_chat(tab, live_app.url)
    question = "<img src=x onerror=alert(1)><script>window.__xss=1</script>"
    send(page, question, 0)
    bubble = page.locator(USER).first
    assert bubble.inner_text().strip() == question
    assert bubble.locator("img, script").count() == 0
    page.wait_for_timeout(500)
    assert tab.dialogs == []
    assert page.evaluate("window.__xss") is None


def test_latex_and_backslashes_in_a_question_are_shown_as_typed(
    live_app: LiveApp, tab: Tab
) -> None:
    page = open_chat(tab, live_app.url)
    question = r"补贴是$5$元还是$$x^2$$元? \alpha \(y\)"
    send(page, question, 0)
    bubble = page.locator(USER).first
    assert bubble.inner_text().strip() == question
    assert page.locator(".katex").count() == 0


def test_thumbs_down_is_stored(live_app: LiveApp, tab: Tab) -> None:
    page = open_chat(tab, live_app.url)
    question = "市卫健委负责哪些任务?"
    send(page, question, 0)
    page.locator('button[aria-label="踩"], button[aria-label="Dislike"]').first.click()
    status = page.locator("#qa-feedback-status")
    status.get_by_text("已记录").wait_for()
    store = FeedbackStore(live_app.settings.stack.feedback_db)
    entry = [e for e in store.entries("down") if e.question == question][-1]
    assert entry.record["kind"] == "department" and "市卫健委" in entry.reply
    page.get_by_text("补充反馈意见(可选)").click()
    page.get_by_label("意见").fill("想看到具体时间")
    page.get_by_role("button", name="提交意见").click()
    status.get_by_text("意见已提交").wait_for()
    assert store.entries("down")[-1].comment == "想看到具体时间"


def test_phone_width(live_app: LiveApp, browser: Any) -> None:
    phone = Tab(browser, width=390, height=844)
    try:
        page = open_chat(phone, live_app.url)
        reply = send(page, "谁负责厕所革命?", 0)
        assert reply.is_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        assert phone.outside == []
    finally:
        phone.close()


def test_chinese_even_in_an_english_browser(live_app: LiveApp, browser: Any) -> None:
    english = Tab(browser, locale="en-US")
    try:
        page = open_chat(english, live_app.url)
        send(page, "谁负责厕所革命?", 0)
        assert page.locator('button[aria-label="清空对话"]').count() == 1
        assert page.locator('button[aria-label="Clear"]').count() == 0
        assert page.get_by_text("通过 API 使用").count() == 1
    finally:
        english.close()


def test_widget_on_an_allowed_origin(live_app: LiveApp, tab: Tab) -> None:
    page = tab.page
    page.goto(live_app.allowed.url, wait_until="load")
    page.locator("#policy-qa-button").click()
    frame = page.frame_locator("#policy-qa-frame")
    frame.locator(INPUT).first.wait_for()
    reply = send(frame, "谁负责厕所革命?", 0)
    assert "市农业农村局、市卫健委、市住建局" in reply.inner_text()
    api = page.evaluate(
        """url => fetch(url, {method: 'POST', headers: {'Content-Type': 'application/json'},
                 body: JSON.stringify({question: '谁负责厕所革命?'})})
                 .then(r => r.json()).then(d => d.departments.join('、'), e => 'blocked')""",
        f"{live_app.url}/api/ask",
    )
    assert api == "市农业农村局、市卫健委、市住建局"
    reply.locator("summary").first.click()
    reply.locator("details strong").first.wait_for()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "widget.png"))


def test_widget_refused_on_other_origins(live_app: LiveApp, tab: Tab) -> None:
    page = tab.page
    page.goto(live_app.refused.url, wait_until="load")
    page.locator("#policy-qa-button").click()
    page.locator("#policy-qa-frame").wait_for()
    page.wait_for_timeout(2000)
    frame = next(f for f in page.frames if f != page.main_frame)
    assert not re.match(r"https?://127\.0\.0\.1", frame.url) or frame.locator(INPUT).count() == 0
    api = page.evaluate(
        """url => fetch(url, {method: 'POST', headers: {'Content-Type': 'application/json'},
                 body: JSON.stringify({question: '谁负责厕所革命?'})})
                 .then(r => 'answered', e => 'blocked')""",
        f"{live_app.url}/api/ask",
    )
    assert api == "blocked"


def test_responsibility_tab(live_app: LiveApp, tab: Tab) -> None:
    page = open_chat(tab, live_app.url)
    page.get_by_role("tab", name="任务分工").click()
    page.get_by_text("分类推进厕所革命").first.wait_for()
    assert page.get_by_text(re.compile(r"共 1\d 项任务")).first.is_visible()
    link = page.get_by_role("link", name=re.compile("下载 CSV"))
    assert link.is_visible()
    href = link.get_attribute("href") or ""
    assert href.startswith("/exports/") and str(live_app.settings.stack.data_dir) not in href
    csv = page.evaluate("url => fetch(url).then(r => r.text())", href)
    assert "分类推进厕所革命" in csv


def test_admin_page_needs_a_login(live_app: LiveApp, tab: Tab) -> None:
    page = open_chat(tab, live_app.url)
    link = page.get_by_role("link", name="文档管理")
    assert link.get_attribute("href") == "/admin/"
    page.goto(f"{live_app.url}/admin/")
    page.wait_for_url(re.compile(r"/admin/login$"))
    password = page.get_by_label("管理员密码")
    password.fill("wrong")
    page.get_by_role("button", name="登录").click()
    page.get_by_text("密码不正确").wait_for()
    page.get_by_label("管理员密码").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_test_id("cell-0-0").get_by_text("plan-2022.txt").wait_for()
    assert ADMIN_PASSWORD not in page.content()
    assert (
        "/work/" not in page.locator("table").first.inner_text()
    )  # no server paths  # the page never holds the password
    cookies = {c["name"]: c for c in tab.context.cookies()}
    assert cookies["policy_qa_admin"]["httpOnly"]
    page.locator('input[type="file"][accept*=".docx"]').set_input_files(
        str(ROOT / "tests" / "fixtures" / "plan-elderly.txt")
    )
    page.get_by_role("button", name="检查文件").click()
    page.get_by_text(re.compile(r"项任务,清洗修改")).wait_for()
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_url(re.compile(r"/admin/login$"))
    page.goto(f"{live_app.url}/admin/")
    page.wait_for_url(re.compile(r"/admin/login$"))
