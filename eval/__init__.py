"""Evaluation: the labelled question set, the metrics runner and the benchmark."""
