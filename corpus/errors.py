"""Exceptions raised by the corpus layer; the shells translate them into user messages."""


class CorpusError(Exception):
    """Base class: a document could not be turned into a plan."""


class DocumentReadError(CorpusError):
    """The file is missing, empty, of an unsupported type or not decodable."""


class StructureError(CorpusError):
    """The text was read but has no recognisable plan structure."""
