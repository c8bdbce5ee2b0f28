"""Read plan files (.txt, .md, .docx, .pdf, .xlsx, .csv) and gather them into a Corpus."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from corpus.cleaning import clean_text
from corpus.departments import (
    DEFAULT_ALIAS_FILE,
    DepartmentRegistry,
    build_registry,
    load_alias_groups,
)
from corpus.errors import CorpusError, DocumentReadError, StructureError
from corpus.legacy import read_legacy
from corpus.markdown import read_markdown
from corpus.models import CleanText, Document, Item
from corpus.parsing import parse_document
from corpus.pdf import read_pdf_source
from corpus.pdftables import read_pdf_tables
from corpus.sourcetext import SourceText
from corpus.tablereaders import read_csv, read_docx, read_xlsx
from corpus.tasktables import unrecognised
from corpus.texttables import read_text_plan
from corpus.traditional import parse_as_simplified

logger = logging.getLogger(__name__)

DEFAULT_CORPUS_DIR = Path(__file__).with_name("documents")
TEXT_SUFFIXES = (".txt", ".md")
SUPPORTED_SUFFIXES = (*TEXT_SUFFIXES, ".docx", ".pdf", ".xlsx", ".csv")
# Read through LibreOffice (corpus/legacy.py); without it, refused with this advice.
_LEGACY_MESSAGES = {
    ".doc": "不支持旧版 Word (.doc) 格式,请在 Word/WPS 中另存为 .docx 后再上传",
    ".wps": "不支持 WPS 文字 (.wps) 格式,请在 WPS 中另存为 .docx 后再上传",
}
_ENCODINGS = ("utf-8-sig", "gb18030")
# A plan runs to thousands or tens of thousands of characters (the bundled one: 5,067), a
# long five-year plan to about a hundred thousand. Past these bounds a file is no plan, and
# parsing and indexing it would only take the server's time (the parser is linear, 2-5 s
# per million characters of hostile text): it is refused before it is read, or once its
# text is known.
MAX_FILE_BYTES = 100 << 20
MAX_PLAN_CHARS = 1_000_000


@dataclass(frozen=True)
class LoadFailure:
    """A document that could not be loaded, and why."""

    path: str
    message: str


@dataclass(frozen=True)
class Corpus:
    """All loaded plans with their department registry; failures are kept, not raised."""

    documents: tuple[Document, ...]
    registry: DepartmentRegistry
    failures: tuple[LoadFailure, ...] = ()

    def items(self) -> tuple[Item, ...]:
        """Every item of every document, preambles included."""
        return self._items

    def document(self, doc_id: str) -> Document:
        """Return the document with this id, or raise ``KeyError``."""
        try:
            return self._by_id[doc_id]
        except KeyError:
            raise KeyError(f"no document {doc_id!r}") from None

    # Read once: a library of hundreds of plans is asked about on every question.
    @functools.cached_property
    def _items(self) -> tuple[Item, ...]:
        return tuple(item for doc in self.documents for item in doc.items)

    @functools.cached_property
    def _by_id(self) -> dict[str, Document]:
        return {doc.doc_id: doc for doc in self.documents}

    @functools.cached_property
    def _by_department(self) -> dict[str, tuple[Item, ...]]:
        found: dict[str, list[Item]] = {}
        for item in self._items:
            for department in item.departments:
                found.setdefault(department, []).append(item)
        return {department: tuple(items) for department, items in found.items()}

    def only(self, doc_ids: Iterable[str]) -> Corpus:
        """The same corpus restricted to these documents (the registry is shared)."""
        wanted = frozenset(doc_ids)
        return Corpus(tuple(d for d in self.documents if d.doc_id in wanted), self.registry)

    def items_for_department(self, name: str) -> tuple[Item, ...] | None:
        """Items whose 责任单位 include this department (by any alias); ``None`` if unknown."""
        canonical = self.registry.resolve(name)
        if canonical is None:
            return None
        return self._by_department.get(canonical, ())

    def content_hash(self) -> str:
        """SHA-256 over every document's id and cleaned text: changes when the corpus does."""
        digest = hashlib.sha256()
        for doc in self.documents:
            digest.update(doc.doc_id.encode() + b"\0" + doc.text.encode() + b"\0")
        return digest.hexdigest()


def read_text(path: Path) -> str:
    """Return the raw text of a plan file, task tables rendered as plan text."""
    return read_source(path).text


def read_source(path: Path) -> SourceText:
    """Read a plan file: its raw text, and the headings its task tables give.

    A .txt/.md file is decoded (UTF-8 or GB18030, detected); a .docx gives its paragraphs
    and task tables in order; a .xlsx/.csv its task table; a .pdf its pages' text layer,
    each page followed by :data:`corpus.pdf.PAGE_END` (a form feed on a line of its own),
    which :func:`corpus.cleaning.clean_text` uses to remove page numbers and running
    headers.

    Raises:
        DocumentReadError: The file is missing, of an unsupported type (.doc and .wps
            without LibreOffice: with advice to save as .docx, :mod:`corpus.legacy`),
            undecodable, damaged, encrypted, a scan or empty;
            over :data:`MAX_FILE_BYTES` or :data:`MAX_PLAN_CHARS`; a .docx/.xlsx out of
            the bounds of :mod:`corpus.packages`.
    """
    suffix = path.suffix.lower()
    if suffix in _LEGACY_MESSAGES:
        source = read_legacy(path, _read_bytes(path), _LEGACY_MESSAGES[suffix])
    elif suffix not in SUPPORTED_SUFFIXES:
        raise DocumentReadError(
            f"{path}: unsupported file type {suffix or '(none)'!r}; "
            f"expected one of {', '.join(SUPPORTED_SUFFIXES)}"
        )
    else:
        source = _read_format(path, suffix, _read_bytes(path))
    if not source.text.strip():
        raise DocumentReadError(f"{path}: the document is empty; expected the text of a plan")
    if len(source.text) > MAX_PLAN_CHARS:
        raise DocumentReadError(
            f"{path}：文本有 {len(source.text)} 个字符，超过单个计划 {MAX_PLAN_CHARS} 字符的上限"
            "（一份计划通常只有几千到几万字），这不像是一份计划；"
            "如果是几份计划合在一起，请拆分为单独的文件后再上传"
        )
    return source


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DocumentReadError(
                f"{path}：文件有 {size / 1048576:.0f} MB，超过单个计划文件 "
                f"{MAX_FILE_BYTES >> 20} MB 的上限；请只上传计划本身，或拆分为几个文件"
            )
        return path.read_bytes()
    except OSError as error:
        raise DocumentReadError(f"{path}: cannot read the file ({error.strerror})") from error


def _read_format(path: Path, suffix: str, data: bytes) -> SourceText:
    if suffix == ".pdf":
        return read_pdf_tables(path, data) or read_pdf_source(path, data)
    if suffix == ".docx":
        return read_docx(str(path), data)
    if suffix == ".xlsx":
        return read_xlsx(str(path), data)
    if suffix == ".csv":
        return read_csv(str(path), _decode(path, data))
    if suffix == ".md":
        return read_markdown(_decode(path, data))
    return read_text_plan(_decode(path, data))


def _decode(path: Path, data: bytes) -> str:
    # GB18030 is a superset of GBK and GB2312; UTF-8 is tried first because valid
    # UTF-8 Chinese is almost never valid GB18030 by accident, the reverse is common.
    for encoding in _ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # Universal newlines, as Python's text mode reads them.
        return text.replace("\r\n", "\n").replace("\r", "\n")
    raise DocumentReadError(
        f"{path}: cannot decode the text as UTF-8 or GB18030/GBK (无法按 UTF-8 或 GB18030/GBK "
        "解码); save it in one of these encodings"
    )


def load_document(path: Path, doc_id: str | None = None) -> Document:
    """Read, clean and parse one plan file."""
    source = read_source(path)
    clean = clean_text(source.text, ocr=source.ocr, tables=source.tables)

    def parse(text: CleanText) -> Document:
        return parse_document(doc_id or path.stem, str(path), text, source.headings_in(text))

    try:
        document = parse_as_simplified(parse, clean)
    except StructureError as error:
        if source.other_tables and not source.tables:
            raise unrecognised(str(path), source.other_tables, paragraphs=True) from error
        if source.tables and not source.headings:
            raise StructureError(
                f"{path}：任务分工表只有表头，没有任务行；正文也没有编号的任务段落"
            ) from error
        raise
    if source.warnings:  # what the reader wants checked (pages OCR could not read)
        document = dataclasses.replace(document, warnings=source.warnings + document.warnings)
    for warning in document.warnings:
        logger.warning(warning)
    return document


def find_documents(source: Path) -> list[Path]:
    """The plan files in a folder (sorted), or the file itself; .doc/.wps included."""
    if source.is_dir():
        suffixes = (*SUPPORTED_SUFFIXES, *_LEGACY_MESSAGES)
        return sorted(p for p in source.iterdir() if p.is_file() and p.suffix.lower() in suffixes)
    return [source]


def load_corpus(
    sources: Iterable[Path] | Path = DEFAULT_CORPUS_DIR,
    alias_file: Path = DEFAULT_ALIAS_FILE,
    load: Callable[[Path, str], Document] | None = None,
) -> Corpus:
    """Load every document; one that fails is logged and recorded, the others still load.

    ``load`` reads one file (default :func:`load_document`; ``python -m corpus`` passes the
    fenced one, :func:`corpus.fence.load_document_fenced`).
    """
    load = load or load_document
    paths = find_documents(sources) if isinstance(sources, Path) else list(sources)
    documents, failures, seen = [], [], set[str]()
    for path in paths:
        doc_id = _unique_id(path.stem, seen)
        try:
            documents.append(load(path, doc_id))
        except CorpusError as error:
            logger.error("%s", error)
            failures.append(LoadFailure(str(path), str(error)))
            continue
        seen.add(doc_id)
    mentions = [
        name for doc in documents for item in doc.items for name in item.department_mentions
    ]
    registry = build_registry(mentions, load_alias_groups(alias_file))
    documents = [_with_canonical_departments(doc, registry) for doc in documents]
    return Corpus(tuple(documents), registry, tuple(failures))


def _unique_id(stem: str, seen: set[str]) -> str:
    doc_id, counter = stem, 2
    while doc_id in seen:
        doc_id, counter = f"{stem}-{counter}", counter + 1
    return doc_id


def _with_canonical_departments(doc: Document, registry: DepartmentRegistry) -> Document:
    def canonical(item: Item) -> Item:
        units = tuple(
            dataclasses.replace(unit, canonical=registry.resolve(unit.name) or unit.name)
            for unit in item.units
        )
        return dataclasses.replace(item, units=units)

    return dataclasses.replace(doc, items=tuple(canonical(item) for item in doc.items))
