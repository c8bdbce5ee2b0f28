"""Read a scanned PDF (page images, no text layer) with OCR, offline, on the CPU.

The engine is RapidOCR (``rapidocr-onnxruntime``): PaddleOCR's PP-OCRv4 Chinese detection
and recognition models, shipped inside its wheel and run by onnxruntime. It is loaded by
:func:`load_engine` for each scan the cache does not hold, never at import. Each page is
rendered by PDFium at :data:`DPI` dpi in grey and read line by line; the boxes of one
visual line are merged (:func:`corpus.ocrlines.merge_lines`), so a page comes back in
the shape :func:`corpus.pdf.read_pdf_pages` gives for a text layer: visual lines, ``\\n``
between them, and the usual cleaning (page numbers, running headers, line joins) applies.

Every line keeps its confidence. A page read as nothing, or as noise only, and a page
whose mean confidence is below :data:`LOW_PAGE_CONFIDENCE` are reported as warnings the
admin sees (:attr:`ScanText.warnings`, then ``Document.warnings``) and in the log.

The lines of each scan are cached by the SHA-256 of the PDF's bytes in
``$POLICY_QA_OCR_CACHE`` (default ``~/.cache/policy-qa/ocr``), so a scan is read once,
not at every start of the app. A cache file is written atomically; one that cannot be
read is ignored and written again.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import json
import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from corpus.errors import DocumentReadError
from corpus.ocrlines import OcrLine, merge_lines
from corpus.pdf import _PDFIUM_LOCK

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], object]  # (pages done, pages in all)

DPI = 150
# A longer scan is refused: at 2-7 s a page on 2 cores, 200 pages is already a long wait.
MAX_OCR_PAGES = 200
# A page is rendered at DPI but never longer than this on its longest side (A3 at 150 dpi).
MAX_RENDER_SIDE = 2480
# A page longer than this many times its width (or wider) is padded with white to this
# shape: the detector scales a page's short side up to 736 px, and a strip of a page would
# become an image of tens of megapixels (gigabytes of activations).
MAX_ASPECT = 3
# A line read with less confidence than this is noise (RapidOCR's own default cut).
MIN_LINE_CONFIDENCE = 0.5
# A page whose character-weighted mean confidence is below this is flagged for checking:
# a clean 150 dpi print reads at 0.99, a slightly blurred, noisy one at 0.97 (a few slips:
# 贵任 for 责任), a badly degraded one at 0.58-0.65, where most lines are wrong.
LOW_PAGE_CONFIDENCE = 0.9
# Fewer visible characters than this and a page has no text (a lone page number).
MIN_PAGE_CHARS = 5
DEFAULT_THREADS = 2
CACHE_ENV = "POLICY_QA_OCR_CACHE"
DEFAULT_CACHE = Path("~/.cache/policy-qa/ocr")
# Bump when what is cached changes (the merging of boxes into lines, the rendering).
CACHE_FORMAT = 1
ENGINE_PACKAGE = "rapidocr-onnxruntime"

_PROGRESS: ContextVar[Progress | None] = ContextVar("ocr_progress", default=None)


class OcrUnavailable(Exception):
    """The OCR engine is not installed or cannot load."""


@dataclass(frozen=True)
class OcrPage:
    """The lines read from one page, top to bottom; ``noise``: lines dropped as unreadable."""

    lines: tuple[OcrLine, ...]
    noise: int = 0

    @property
    def text(self) -> str:
        """The page as a text layer reads: lines joined by ``\\n``."""
        return "\n".join(line.text for line in self.lines)

    @property
    def visible(self) -> int:
        """Visible characters on the page."""
        return sum(len("".join(line.text.split())) for line in self.lines)

    @property
    def confidence(self) -> float | None:
        """Mean confidence per character, ``None`` for a page without text."""
        total = sum(len(line.text) for line in self.lines)
        if not total:
            return None
        return sum(len(line.text) * line.confidence for line in self.lines) / total


@dataclass(frozen=True)
class ScanText:
    """A scan's pages as read, the warnings for the admin, and whether the cache gave them."""

    pages: tuple[OcrPage, ...]
    warnings: tuple[str, ...]
    cached: bool

    @property
    def texts(self) -> list[str]:
        """Each page's text."""
        return [page.text for page in self.pages]


def ocr_pages(path: Path, data: bytes, progress: Progress | None = None) -> list[str]:
    """Each page's text, as :func:`corpus.pdf.read_pdf_pages` returns a text layer's.

    Raises:
        DocumentReadError: The scan has more than :data:`MAX_OCR_PAGES` pages or cannot be
            rendered.
        OcrUnavailable: The engine is not installed.
    """
    return read_scan(path, data, progress).texts


def read_scan(path: Path, data: bytes, progress: Progress | None = None) -> ScanText:
    """Read a scanned PDF: from the cache, else with the engine (then cached).

    ``progress(done, total)`` is called after each page (by default the callback set with
    :func:`reporting_progress`, if any).

    Raises:
        DocumentReadError: As :func:`ocr_pages`.
        OcrUnavailable: As :func:`ocr_pages`.
    """
    report = progress or _PROGRESS.get() or _no_progress
    cache_file = cache_dir() / f"{hashlib.sha256(data).hexdigest()}.json"
    pages = _read_cache(cache_file)
    if pages is not None:
        logger.info("%s: 文字识别结果取自缓存 %s", path, cache_file)
        report(len(pages), len(pages))
        return ScanText(pages, scan_warnings(path, pages), cached=True)
    pages = _recognise(path, data, report)
    _write_cache(cache_file, pages)
    return ScanText(pages, scan_warnings(path, pages), cached=False)


@contextlib.contextmanager
def reporting_progress(callback: Progress) -> Iterator[None]:
    """Within the block, :func:`read_scan` reports its pages to ``callback`` by default.

    How a caller far above the PDF reader (the fence's child process) hears of each page.
    """
    token = _PROGRESS.set(callback)
    try:
        yield
    finally:
        _PROGRESS.reset(token)


def _no_progress(done: int, total: int) -> None:
    """Progress nobody asked for."""


def load_engine() -> Any:
    """A RapidOCR engine (about 0.25 s to load), for one scan.

    Not kept: a server that read a scan at its start does not hold the models' memory
    (some 200 MB) for as long as it runs. onnxruntime runs ``OMP_NUM_THREADS`` intra-op
    threads if set, else :data:`DEFAULT_THREADS`, never more than the usable CPUs.

    Raises:
        OcrUnavailable: ``rapidocr-onnxruntime`` (or onnxruntime, OpenCV) is not installed.
    """
    try:
        module = importlib.import_module("rapidocr_onnxruntime")
    except ImportError as error:
        raise OcrUnavailable(f"{ENGINE_PACKAGE} 未安装({error})") from error
    threads = engine_threads()
    engine = module.RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1, text_score=0.0)
    logger.info("OCR engine loaded (%s, %d threads)", ENGINE_PACKAGE, threads)
    return engine


def engine_threads() -> int:
    """``OMP_NUM_THREADS`` if it is a positive number, else 2; at most the usable CPUs."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    wanted = os.environ.get("OMP_NUM_THREADS", "").strip()
    threads = int(wanted) if wanted.isdigit() and int(wanted) > 0 else DEFAULT_THREADS
    return max(1, min(threads, cpus or 1))


def _recognise(path: Path, data: bytes, report: Progress) -> tuple[OcrPage, ...]:
    """Render and read every page, reporting each one."""
    import pypdfium2

    with _PDFIUM_LOCK:
        document = pypdfium2.PdfDocument(data)
    try:
        total = len(document)
        if total > MAX_OCR_PAGES:
            raise DocumentReadError(
                f"{path}: 这是扫描件,共 {total} 页,超过文字识别 {MAX_OCR_PAGES} 页的上限;"
                "请拆分为几个文件后再上传,或提供带文字的 PDF 或 Word (.docx) 文件"
            )
        engine = load_engine()
        report(0, total)
        pages, started = [], time.perf_counter()
        for index in range(total):
            pages.append(_read_page(path, engine, document, index))
            report(index + 1, total)
        logger.info("%s: 文字识别 %d 页,用时 %.1f 秒", path, total, time.perf_counter() - started)
        return tuple(pages)
    finally:
        with _PDFIUM_LOCK:
            document.close()


def _read_page(path: Path, engine: Any, document: Any, index: int) -> OcrPage:
    """Render and read one page; the engine's failure is this file's failure."""
    image = _render(path, document, index)
    try:
        return read_image(engine, image)
    except MemoryError:
        raise
    except Exception as error:  # onnxruntime, OpenCV: whatever they raise on this page
        logger.warning("%s: OCR of page %d failed: %r", path, index + 1, error)
        raise DocumentReadError(
            f"{path}: 扫描件第 {index + 1} 页文字识别失败({type(error).__name__});"
            "请重新扫描后再上传,或提供带文字的 PDF 或 Word (.docx) 文件"
        ) from error


def _render(path: Path, document: Any, index: int) -> Any:
    """One page as a grey image (a numpy array) at :data:`DPI`, bounded in size."""
    import numpy as np
    import pypdfium2

    with _PDFIUM_LOCK:
        page = document[index]
        try:
            width, height = page.get_size()
            scale = min(DPI / 72, MAX_RENDER_SIDE / max(width, height, 1.0))
            bitmap = page.render(scale=scale, grayscale=True)
            image = np.array(bitmap.to_numpy(), copy=True)
            bitmap.close()
        except pypdfium2.PdfiumError as error:
            raise DocumentReadError(
                f"{path}: 无法渲染该扫描件的第 {index + 1} 页(文件已损坏);"
                "请重新扫描或导出 PDF 后再上传"
            ) from error
        finally:
            page.close()
    return _padded(image)


def _padded(image: Any) -> Any:
    """``image`` with white added to its short side if it is thinner than :data:`MAX_ASPECT`."""
    import numpy as np

    height, width = image.shape[:2]
    tall, wide = max(0, -(-height // MAX_ASPECT) - width), max(0, -(-width // MAX_ASPECT) - height)
    if not tall and not wide:
        return image
    return np.pad(image, ((0, wide), (0, tall)), constant_values=255)


def read_image(engine: Any, image: Any) -> OcrPage:
    """The lines the engine reads in one page image, noise dropped and counted."""
    found, _ = engine(image)
    boxes = [(box, str(text).strip(), float(score)) for box, text, score in found or ()]
    kept = [box for box in boxes if box[1] and box[2] >= MIN_LINE_CONFIDENCE]
    return OcrPage(tuple(merge_lines(kept)), noise=len(boxes) - len(kept))


def scan_warnings(path: Path, pages: Sequence[OcrPage]) -> tuple[str, ...]:
    """What the admin must check: pages read as nothing or noise, pages read uncertainly."""
    warnings = [f"{path}: 扫描件,文字由文字识别(OCR)读出(共 {len(pages)} 页),请核对解析结果"]
    for number, page in enumerate(pages, 1):
        confidence = page.confidence
        if page.visible < MIN_PAGE_CHARS and page.noise:
            warnings.append(f"{path}: 第{number}页只识别出无法辨认的内容,没有读到文字,请核对原件")
        elif page.visible < MIN_PAGE_CHARS:
            warnings.append(f"{path}: 第{number}页没有识别出文字(空白页?),请核对原件")
        elif confidence is not None and confidence < LOW_PAGE_CONFIDENCE:
            warnings.append(f"{path}: 第{number}页识别置信度较低({confidence:.2f}),请核对")
    for warning in warnings[1:]:
        logger.warning("%s", warning)
    return tuple(warnings)


def cache_dir() -> Path:
    """Where read scans are kept: ``$POLICY_QA_OCR_CACHE`` or ``~/.cache/policy-qa/ocr``."""
    return Path(os.environ.get(CACHE_ENV) or DEFAULT_CACHE).expanduser()


def _cache_tag() -> str:
    """What made the cached lines: a cache of another engine version or format is stale."""
    try:
        version = metadata.version(ENGINE_PACKAGE)
    except metadata.PackageNotFoundError:
        version = "none"
    return f"{ENGINE_PACKAGE} {version}, PP-OCRv4, {DPI} dpi grey, format {CACHE_FORMAT}"


def _read_cache(file: Path) -> tuple[OcrPage, ...] | None:
    """The pages cached in ``file``; ``None`` if there are none, stale or unreadable."""
    try:
        payload = json.loads(file.read_text(encoding="utf-8"))
        if payload.get("tag") != _cache_tag():
            logger.info("%s: OCR cache of another engine or format, read again", file)
            return None
        return tuple(
            OcrPage(
                tuple(OcrLine(str(text), float(score)) for text, score in page["lines"]),
                int(page["noise"]),
            )
            for page in payload["pages"]
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as error:
        logger.warning("%s: OCR 缓存文件无法读取(%s),忽略并重新识别", file, error)
        return None


def _write_cache(file: Path, pages: Sequence[OcrPage]) -> None:
    """Write ``pages`` to ``file`` atomically (a temporary file renamed over it)."""
    payload = {
        "tag": _cache_tag(),
        "pages": [
            {"noise": page.noise, "lines": [[line.text, line.confidence] for line in page.lines]}
            for page in pages
        ],
    }
    temporary: Path | None = None
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=file.parent, suffix=".tmp", delete=False
        ) as out:
            temporary = Path(out.name)
            json.dump(payload, out, ensure_ascii=False)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, file)
    except OSError as error:
        logger.warning("%s: OCR 结果未能写入缓存(%s);下次将重新识别", file, error)
        if temporary is not None:
            temporary.unlink(missing_ok=True)
