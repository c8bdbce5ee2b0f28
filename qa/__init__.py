"""Answering: turn a question into an answer record that quotes the plan."""
