"""``python -m eval.calibrate policy|numbers``: measure the answering layer's settings.

``policy`` fits the decision model of :class:`qa.policy.AnswerConfig` on the dev sets
pooled (cases, holdout, paraphrase, out_of_scope, colloquial), then runs a grid over its
two cut-offs and chooses by the rule of :mod:`eval.calibrate.rule`; ``numbers`` sets
each weight of :class:`qa.numbers.NumberConfig` to 0, half and double, one at a time,
and measures the how-much answers. paraphrase_holdout is kept to confirm: only its totals
at the defaults are printed, never used to choose.

The model runs once: every search is memoized (:class:`~eval.calibrate.running.CachedRetriever`),
and each setting is a new ``Assistant`` over the same retriever.
"""
