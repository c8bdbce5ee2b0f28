"""``python -m eval.bench``: build time, query latency, memory and cold start on this machine.

Every embedding backend is measured in fresh child processes (``--child``), so peak RSS
and cold start belong to that backend alone:

* ``build``: load the encoder, build the index of the shipped plan afresh in a temporary
  folder, then time ``HybridRetriever.search`` per mode over the questions of
  ``eval/cases.jsonl``;
* ``cold``: from process start to the first hybrid answer, on the index just saved;
* ``ocr`` (once, unless ``--no-ocr``): a 6-page scanned plan read with OCR, in seconds and
  seconds per page, then read again from the OCR cache (:mod:`eval.bench.ocr_scan`).

Modes are timed interleaved, question by question, with the dense query cache cleared
before each search, so every dense and hybrid figure includes encoding the question.

Unless ``--quick``, the same runs on a synthetic corpus of ``--synthetic`` items made by
recombining clauses of the shipped plan, with one backend (``--synthetic-backend``);
FAISS ``Flat`` is compared with ``HNSW32`` on the same vectors, and each other backend
only embeds a sample of the chunks (child ``rate``) to estimate its build time. The
figures are reported, never judged: nothing here fails because something is slow. Load
from other processes is reported per child, since it moves every figure.

Usage::

    python -m eval.bench --quick --json /tmp/bench-quick.json
    python -m eval.bench --synthetic 10000 --json /tmp/bench-full.json

Modules:

* :mod:`eval.bench.cli`: the flags and ``main``;
* :mod:`eval.bench.runner`: the parent process, running children and gathering figures;
* :mod:`eval.bench.children`: the measurements made inside a child process;
* :mod:`eval.bench.timing`: timing helpers and the encoder wrappers that count;
* :mod:`eval.bench.synthetic`: the synthetic corpus;
* :mod:`eval.bench.machine`: facts about the machine and the process;
* :mod:`eval.bench.ocr_scan`: the scan, the OCR child and its report lines;
* :mod:`eval.bench.report`: the printed report;
* :mod:`eval.bench.common`: the error, settings and questions they share.

Nothing is imported here, so ``import eval.bench.synthetic`` loads no more than it needs.
"""
