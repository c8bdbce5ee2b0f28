"""The README stays a five-minute read, and every link between the pages lands."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^\s*(```|~~~)")
CODE_SPAN = re.compile(r"(`+)(.+?)\1")
LINK = re.compile(r"!?\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")


def _prose(page: Path) -> Iterator[tuple[int, str]]:
    """Numbered lines outside fenced code blocks."""
    fenced = False
    for number, line in enumerate(page.read_text(encoding="utf-8").split("\n"), start=1):
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            yield number, line


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lowercase, letters/digits/-/_ kept, spaces to -."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading).replace("`", "")
    text = re.sub(r"\*\*|__|\*", "", text).strip().lower()
    kept = (c for c in text if c in " -" or unicodedata.category(c)[0] in "LMN" or c == "_")
    return "".join(kept).replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    anchors, counts = set(), dict[str, int]()
    for _, line in _prose(page):
        if match := HEADING.match(line):
            base = _slug(match.group(1))
            count = counts[base] = counts.get(base, -1) + 1
            anchors.add(base if count == 0 else f"{base}-{count}")
    return anchors


def _links(page: Path) -> Iterator[tuple[int, str]]:
    for number, line in _prose(page):
        for match in LINK.finditer(CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)):
            if not re.match(r"^[a-z][a-z0-9+.-]*:", match.group(2), re.IGNORECASE):
                yield number, match.group(2)


def test_the_readme_is_a_five_minute_read() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 250
    # its first lines are the two commands, and it points at every docs page
    assert "bash scripts/start.sh" in lines[2] and "bash scripts/test.sh" in lines[3]
    readme = "\n".join(lines)
    assert all(f"docs/{page.name}" in readme for page in PAGES[1:])
    assert len(PAGES) >= 5


def _broken_links(page: Path) -> list[str]:
    broken = []
    for number, target in _links(page):
        path, _, anchor = target.partition("#")
        destination = (page.parent / unquote(path)).resolve() if path else page
        if not destination.exists():
            broken.append(f"{page.name}:{number}: {target} (no such file)")
        elif anchor and unquote(anchor) not in _anchors(destination):
            broken.append(f"{page.name}:{number}: {target} (no such heading)")
    return broken


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_relative_link_and_anchor_lands(page: Path) -> None:
    assert not _broken_links(page), "\n".join(_broken_links(page))


def test_a_broken_link_or_anchor_is_found(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "# 标题 One\n## Two\n## Two\n[a](#标题-one) [b](#two-1) [c](page.md#two)\n"
        "[d](#three) [e](missing.md) `[f](missing.md)` [g](https://example.org/x)\n",
        encoding="utf-8",
    )
    assert [line.split(": ", 1)[1] for line in _broken_links(page)] == [
        "#three (no such heading)",
        "missing.md (no such file)",
    ]


def test_anchors_follow_githubs_rules() -> None:
    assert (
        _slug("Speed and memory (`python -m eval.bench`)") == "speed-and-memory-python--m-evalbench"
    )
    assert _slug("使用说明：提问") == "使用说明提问"
