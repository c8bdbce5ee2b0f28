"""Measure PDF text extraction libraries on Chinese plans printed by Chromium.

``python3 scripts/measure_pdf_libraries.py [--runs N] [--keep DIR]`` builds three test
PDFs (the committed fixture ``tests/fixtures/plan-pdf.pdf``; the shipped plan flowed into
A4 pages with a running header and a "— N —" footer; a project table across pages),
extracts each with every installed candidate (pypdf, pypdfium2, pdfplumber, pdfminer.six)
and prints a Markdown table: milliseconds per page, text fidelity against the source
(whitespace removed, running header and footer left out of both), missing and extra
characters, spaces put between two Chinese characters, and where the running header lands
in the page text. A library that is not installed is skipped: the two the project does not
use come from ``pip install -r requirements-measure.txt``. Needs Chromium to print the
second and third PDF (``scripts/make_pdf_fixture.py``). Not imported by the package.
"""

from __future__ import annotations

import argparse
import difflib
import html
import logging
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from make_pdf_fixture import SOURCE, TARGET, print_to_pdf

from corpus.cleaning import clean_text

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "corpus" / "documents" / "plan-2022.txt"
HEADER = "城乡融合行动计划"  # not a substring of the body, so it can be left out
_CJK_SPACE = re.compile(r"[\u4e00-\u9fff][ \u3000]+[\u4e00-\u9fff]")
_STYLE = """
@page { size: A4; margin: 0; }
body { margin: 0; font-family: "WenQuanYi Micro Hei", sans-serif; font-size: 15pt;
       line-height: 1.75; }
.page { position: relative; box-sizing: border-box; width: 210mm; height: 296mm;
        padding: 24mm 22mm 22mm 22mm; overflow: hidden; page-break-after: always; }
.page:last-child { page-break-after: auto; }
.header { position: absolute; top: 10mm; left: 22mm; right: 22mm; text-align: center;
          font-size: 10.5pt; border-bottom: 1px solid #000; }
.footer { position: absolute; bottom: 10mm; left: 0; right: 0; text-align: center; }
p { margin: 0; text-indent: 2em; text-align: justify; }
table { border-collapse: collapse; width: 100%; font-size: 11pt; line-height: 1.5; }
td, th { border: 1px solid #000; padding: 1mm 2mm; vertical-align: top; }
"""


@dataclass(frozen=True)
class Sample:
    """A test PDF and what it should read as."""

    name: str
    pdf: Path
    body: str  # the source text in reading order, header and footers left out
    header: str


class _BodyText(HTMLParser):
    """Collect the text of an HTML page outside ``.header`` and ``.footer`` divs."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "div":
            self._depth += 1
            if self._skip or dict(attrs).get("class") in ("header", "footer"):
                self._skip += 1
        elif tag in ("style", "title"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if (tag == "div" and self._skip) or tag in ("style", "title"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _page(header: str, number: int, body: str) -> str:
    return (
        f'<div class="page"><div class="header">{header}</div>{body}'
        f'<div class="footer">— {number} —</div></div>'
    )


def _document(pages: list[str]) -> str:
    return (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>{_STYLE}'
        f"</style></head><body>{''.join(pages)}</body></html>"
    )


def _plan_pages(chars_per_page: int = 620) -> list[list[str]]:
    """The shipped plan's cleaned text in paragraphs, cut into pages mid-paragraph."""
    text = clean_text(PLAN.read_text(encoding="utf-8")).text
    starts = [
        m.start() for m in re.finditer(r"[一二三四五六七]、|\([一二三四五六七八九十]+\)", text)
    ]
    paragraphs = [text[a:b] for a, b in zip([0, *starts], [*starts, len(text)], strict=True)]
    pages: list[list[str]] = [[]]
    room = chars_per_page
    for paragraph in filter(None, paragraphs):
        rest = paragraph
        while len(rest) > room:
            pages[-1].append(rest[:room])
            pages.append([])
            rest, room = rest[room:], chars_per_page
        pages[-1].append(rest)
        room -= len(rest) + 31 - len(rest) % 31  # the paragraph's last line is full width
    return pages


def _table_rows() -> list[tuple[str, ...]]:
    units = ("区住建局", "区城管局、区财政局", "区发改局", "区交通运输局、区公安分局")
    works = (
        "实施水电气暖、道路、消防等基础类改造，同步加装电梯{0}部",
        "新建公厕{0}座，改造提升老旧公厕{1}座",
        "建设口袋公园{0}个，新增城市绿地{1}.5公顷",
        "打通断头路{0}条，新增公共停车泊位{1}个",
    )
    rows: list[tuple[str, ...]] = []
    for n in range(1, 41):
        work = works[n % 4].format(n * 3, n * 7)
        rows.append(
            (str(n), f"第{n}号城市更新项目", work, units[n % 4], f"2024年{n % 12 + 1}月底前")
        )
    return rows


def _plan_sample(folder: Path) -> tuple[Sample, Path]:
    pages = _plan_pages()
    source = folder / "plan-long.html"
    html_pages = [
        _page(HEADER, n, "".join(f"<p>{html.escape(p)}</p>" for p in page))
        for n, page in enumerate(pages, 1)
    ]
    source.write_text(_document(html_pages), encoding="utf-8")
    body = _squeeze("".join("".join(page) for page in pages))
    name = f"shipped plan ({len(pages)} pp.)"
    return Sample(name, folder / "plan-long.pdf", body, HEADER), source


def _table_sample(folder: Path) -> tuple[Sample, Path]:
    head = "".join(
        f"<th>{c}</th>" for c in ("序号", "项目名称", "建设内容", "责任单位", "完成时限")
    )
    rows = _table_rows()
    chunks = [rows[i : i + 14] for i in range(0, len(rows), 14)]
    html_pages = [
        _page(
            "重点项目清单",
            n,
            f"<table><tr>{head}</tr>"
            + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in chunk)
            + "</table>",
        )
        for n, chunk in enumerate(chunks, 1)
    ]
    source = folder / "table.html"
    source.write_text(_document(html_pages), encoding="utf-8")
    cells = "".join(
        "序号项目名称建设内容责任单位完成时限" + "".join("".join(r) for r in chunk)
        for chunk in chunks
    )
    name = f"table ({len(chunks)} pp.)"
    return Sample(name, folder / "table.pdf", _squeeze(cells), "重点项目清单"), source


def build_samples(folder: Path) -> list[Sample]:
    """Print the test PDFs into ``folder`` (the fixture is read as committed)."""
    parser = _BodyText()
    parser.feed(SOURCE.read_text(encoding="utf-8"))
    body = _squeeze("".join(parser.parts))
    samples = [Sample("fixture plan (3 pp.)", TARGET, body, "临江区城市更新行动方案")]
    for sample, source in (_plan_sample(folder), _table_sample(folder)):
        print_to_pdf(source, sample.pdf)
        samples.append(sample)
    return samples


def _pypdf(path: Path) -> list[str]:
    import pypdf

    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


def _pypdfium2(path: Path) -> list[str]:
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        return [page.get_textpage().get_text_range().replace("\r\n", "\n") for page in document]
    finally:
        document.close()


def _pdfplumber(path: Path) -> list[str]:
    import pdfplumber

    with pdfplumber.open(path) as document:
        return [page.extract_text() for page in document.pages]


def _pdfminer(path: Path) -> list[str]:
    from pdfminer.high_level import extract_text

    text: str = extract_text(path)
    return text.split("\f")[:-1]


LIBRARIES: dict[str, tuple[str, Callable[[Path], list[str]]]] = {
    "pypdf": ("pypdf", _pypdf),
    "pypdfium2": ("pypdfium2", _pypdfium2),
    "pdfplumber": ("pdfplumber", _pdfplumber),
    "pdfminer.six": ("pdfminer", _pdfminer),
}


@dataclass(frozen=True)
class Measure:
    """One library on one sample."""

    ms_per_page: float
    ratio: float
    missing: int
    extra: int
    cjk_spaces: int
    header_at: str


def _header_place(pages: list[str], header: str) -> str:
    """Where the running header lands in each page's text: top, bottom or elsewhere."""
    places = set()
    for page in pages:
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        if header not in lines:
            places.add("missing")
        elif header in lines[:1]:
            places.add("top")
        elif header in lines[-2:]:
            places.add("bottom")
        else:
            places.add("inside")
    return "/".join(sorted(places))


def measure(extract: Callable[[Path], list[str]], sample: Sample, runs: int) -> Measure:
    """Time ``runs`` extractions of the sample and compare the text with its source."""
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        pages = extract(sample.pdf)
        timings.append(time.perf_counter() - start)
    text = _squeeze("".join(pages)).replace(sample.header, "")
    text = re.sub(r"—\d+—", "", text)
    matcher = difflib.SequenceMatcher(None, sample.body, text, autojunk=False)
    missing = extra = 0
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag != "equal":
            missing, extra = missing + a1 - a0, extra + b1 - b0
    return Measure(
        ms_per_page=1000 * statistics.median(timings) / max(len(pages), 1),
        ratio=matcher.ratio(),
        missing=missing,
        extra=extra,
        cjk_spaces=sum(len(_CJK_SPACE.findall(page)) for page in pages),
        header_at=_header_place(pages, sample.header),
    )


def _installed(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    """Build the samples, measure each installed library and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed extractions per sample")
    parser.add_argument("--keep", type=Path, help="keep the test PDFs in this folder")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)  # pdfminer warns about every CJK font it reads
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        samples = build_samples(folder)
        rows = ["| library | PDF | ms/page | fidelity | missing | extra | CJK spaces | header |"]
        rows.append("|---|---|---:|---:|---:|---:|---:|---|")
        for name, (module, extract) in LIBRARIES.items():
            if not _installed(module):
                sys.stderr.write(f"{name}: not installed, skipped\n")
                continue
            for sample in samples:
                m = measure(extract, sample, args.runs)
                rows.append(
                    f"| {name} | {sample.name} | {m.ms_per_page:.1f} | {m.ratio:.4f} | "
                    f"{m.missing} | {m.extra} | {m.cjk_spaces} | {m.header_at} |"
                )
    sys.stdout.write("\n".join(rows) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
