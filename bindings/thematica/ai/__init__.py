"""AI-assisted coding: suggestion runs that a methods section can defend.

A run proposes codings; they stay apart from the excerpts (no analysis counts
them) until a person accepts them, and the run records what made them: the
method, the model and the SHA-256 of its files, parameters, seed, the codes
asked about, digests of the codebook and of every document read, who started
it and when, and the endpoint of a remote model::

    run = p.suggest(codes=["Advocacy"], method="learned", unit="sentence", seed=0)
    run.frame()                          # document, start, end, text, code, score, …
    p.accept(run, min_score=0.8)         # excerpts whose provenance is the run
    p.agreement(coders=["Ana", run])     # the run as a coder, as between people
    print(p.validation_report(run, against="Ana"))

Methods (all offline unless you name an endpoint): ``learned`` (a per-code
linear classifier on the project's own human codings; scikit-learn),
``embedding`` (nearest passages to each code in all-MiniLM-L6-v2's space; the
``thematica[ai]`` extra) and ``llm`` (an OpenAI-compatible chat endpoint).
``THEMATICA_AI=off`` in the environment, or a build configured with
``-DTHEMATICA_AI=OFF``, makes every suggestion call fail saying so.
"""

from __future__ import annotations

# The Project methods written in Python (bound in bindings/py_workflow.cc and
# py_frames.cc, which look them up here by name): runs and their suggestions
# in _runs, making a run in _training, validating one in _validation, runs and
# origins as coders in agreement in _run_coders.
from .._core import Suggestion
from ._run_coders import _agreement, _pooled_agreement, _unitized_alpha
from ._runs import (SuggestionRun, accept, ai_disabled_reason, ai_enabled, edit_and_accept, reject, remove_run,
                    runs, runs_frame)
from ._training import METHODS, suggest
from ._validation import run_metrics, validation_report, validation_sample

__all__ = ["SuggestionRun", "Suggestion", "ai_enabled", "ai_disabled_reason", "METHODS"]
