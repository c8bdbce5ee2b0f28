"""A plan's title and where its own text begins, however it is published.

Plans come as a bare title line, a title glued to the preamble, a title set on two lines,
or inside the notice that issued them: letterhead, document number,
"关于印发《X》的通知", addressees, the notice's paragraphs, signature, date,
"（此件公开发布）", an attachment label, then the plan's title again. A plan inside its
notice is titled X and its preamble starts after its own title: the notice's text is no
part of the plan.
"""

from __future__ import annotations

import re

from corpus.headings import TITLE_STOP

# The kinds of document a plan's title ends in; questions name plans by them too
# ("营商环境那个方案里", "卫生健康的分工表里").
DOCUMENT_TYPES = (
    "计划 方案 规划 意见 通知 办法 要点 纲要 措施 细则 决定 报告 安排 清单 条例 规定 "
    "分工表 任务表".split()
)
_TITLE_SUFFIXES = re.compile(f"(?:{'|'.join(DOCUMENT_TYPES)})")
_ENDS_AS_TITLE = re.compile(f"(?:{'|'.join(DOCUMENT_TYPES)})$")
_TITLE_MAX = 60
_SECOND_LINE_MAX = 30  # the rest of a title broken over two lines
# Lines above the title that name no plan: an attachment label ("附件2:"), the issuer's
# letterhead ("临江区安全生产委员会文件"), the document number ("临安委〔2025〕3号") and,
# in a page copied from a portal, its breadcrumb ("XX区人民政府门户网站 > 政务公开 > …").
_GAP = r"[ \t\u3000]*"
_FRONT_LINE = (
    f"附{_GAP}件{_GAP}[0-9一二三四五六七八九十]*[:：]?"
    r"|[\u4e00-\u9fff]{2,30}文件"
    r"|[\u4e00-\u9fff]{1,12}[〔\[［(（]\d{4}[〕\]］)）]\d{1,4}号"
    r"|[^\n>＞»›]{1,40}[>＞»›][^\n]{0,80}"
)
_FRONT_MATTER = re.compile(f"(?:{_GAP}(?:{_FRONT_LINE}){_GAP}\n(?:{_GAP}\n)*)+")
_FONT_GAP = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[0-9A-Za-z])|(?<=[0-9A-Za-z]) (?=[\u4e00-\u9fff])")
# "关于印发《X》的通知" (印发, 转发, 下发…; the title may wrap inside the 《》).
_NOTICE = re.compile(r"关于(?:印发|转发|下发|发布|颁发)《(?P<title>[^《》]{4,120})》的(?:通知|函)")
# Where a notice ends when the plan's title is not repeated after it.
_NOTICE_END = re.compile(r"[(（]?此件(?:公开发布|主动公开|依申请公开|不公开)[)）]?[^\n]*\n")


def find_title(text: str, first_heading: int, fallback: str) -> tuple[str, int]:
    """Return the plan's title and where the preamble starts.

    A title on its own first line is taken whole (with its second line when it is set on
    two); a title glued to the preamble ("…行动计划为深入贯彻…") is the longest
    unpunctuated prefix ending in a document type; a plan inside its notice is titled as
    the notice names it. A PDF's spaces around the digits of a title ("梧川县 2026 年…",
    where the font changes) are no part of its name.
    """
    title, body_start = _found_title(text, first_heading, fallback)
    return _FONT_GAP.sub("", title), body_start


def _found_title(text: str, first_heading: int, fallback: str) -> tuple[str, int]:
    """See :func:`find_title`."""
    notice = _NOTICE.search(text, 0, first_heading)
    if notice is not None:
        return _in_notice(text, notice, first_heading)
    label = _FRONT_MATTER.match(text, 0, first_heading)
    skipped = label.end() if label else 0
    head = text[skipped:first_heading]
    lines = head.split("\n", 2)
    stripped = lines[0].strip()
    if len(lines) > 1 and _is_title_line(stripped):
        second = lines[1].strip()
        if _continues_title(stripped, second):
            return stripped + second, skipped + len(lines[0]) + len(lines[1]) + 2
        return stripped, skipped + len(lines[0]) + 1
    stop = TITLE_STOP.search(head)
    prefix = head[: stop.start() if stop else len(head)][:_TITLE_MAX]
    ends = [m.end() for m in _TITLE_SUFFIXES.finditer(prefix)]
    if ends:
        return prefix[: ends[-1]].strip(), skipped + ends[-1]
    return fallback, 0


def _is_title_line(line: str) -> bool:
    return bool(line) and len(line) <= _TITLE_MAX and not TITLE_STOP.search(line)


def _continues_title(first: str, second: str) -> bool:
    """Whether ``second`` is the rest of a title broken after ``first`` ("…提升" / "行动方案")."""
    return (
        _is_title_line(second)
        and len(second) <= _SECOND_LINE_MAX
        and not _ENDS_AS_TITLE.search(first)
        and bool(_ENDS_AS_TITLE.search(second))
    )


def _in_notice(text: str, notice: re.Match[str], first_heading: int) -> tuple[str, int]:
    """The title a notice gives its plan, and where the plan's own text starts.

    The plan starts after its title's repetition below the notice (possibly broken over
    lines), else after "（此件公开发布）", else after the notice's title.
    """
    title = re.sub(r"\s+", "", notice["title"])
    spaced = r"(?:^|(?<=\n))[ \t\u3000]*" + r"\s*".join(map(re.escape, title))
    # The last repetition: the notice's own paragraphs may cite the title too.
    repeated = list(re.compile(spaced).finditer(text, notice.end(), first_heading))[-1:]
    if repeated:
        return title, _next_line(text, repeated[0].end(), first_heading)
    ending = _NOTICE_END.search(text, notice.end(), first_heading)
    if ending is None:
        return title, _next_line(text, notice.end(), first_heading)
    rest = text[ending.end() : first_heading]
    start = first_heading - len(rest.lstrip())
    label = _FRONT_MATTER.match(text, start, first_heading)  # "附件1"
    return title, label.end() if label else start


def _next_line(text: str, offset: int, limit: int) -> int:
    """The start of the line after ``offset`` (``limit`` if there is none before it)."""
    newline = text.find("\n", offset, limit)
    return limit if newline < 0 else newline + 1
