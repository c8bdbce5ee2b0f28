"""Answering: turn a question into an answer record that quotes the plan.

Load once, then ask::

    import qa
    qa.load()
    answer = qa.ask("谁负责厕所革命?")
"""

from qa.assistant import Assistant
from qa.errors import NotLoadedError, QuestionError
from qa.loader import ask, load
from qa.models import Answer, AnswerKind, Quote
from qa.question import clean_question

__all__ = [
    "Answer",
    "AnswerKind",
    "Assistant",
    "NotLoadedError",
    "QuestionError",
    "Quote",
    "ask",
    "clean_question",
    "load",
]
