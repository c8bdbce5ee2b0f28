"""Exceptions of the retrieval layer."""


class RetrievalError(Exception):
    """Base class for retrieval errors."""


class IndexFileError(RetrievalError):
    """A saved index is missing, corrupt or was built with other settings."""
