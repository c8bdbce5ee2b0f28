"""Exceptions of the answering layer; the shells turn them into user messages."""


class QuestionError(ValueError):
    """The question cannot be answered as given (empty, too long); the message says why."""


class NotLoadedError(RuntimeError):
    """``qa.ask`` was called before ``qa.load``."""
