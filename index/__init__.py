"""Retrieval: embedding encoders, dense and lexical indexes, fusion, persistence."""
