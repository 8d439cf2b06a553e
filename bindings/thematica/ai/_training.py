"""Making a suggestion run (Project.suggest): the units of the documents,
the passages people coded to learn from, and each method's scores."""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, NamedTuple, Optional, Sequence, Tuple

from .._core import ConflictError, InvalidArgumentError, Project
from . import _units
from ._runs import SuggestionRun, _require_ai

METHODS = ("learned", "embedding", "llm")


def _training_spans(p: Project, code_ids: Sequence[str], coders: Optional[Sequence[Any]],
                    documents: Optional[set]) -> Dict[str, Dict[str, List[Tuple[int, int]]]]:
    """document id → code id → spans people coded (provenance "human")."""
    wanted_coders = None if coders is None else {p.coder(c).id for c in coders}
    out: Dict[str, Dict[str, List[Tuple[int, int]]]] = {}
    for e in p.excerpts(provenance="human"):
        if wanted_coders is not None and e.coder_id not in wanted_coders:
            continue
        if documents is not None and e.document_id not in documents:
            continue
        for c in e.code_ids:
            if c in code_ids:
                out.setdefault(e.document_id, {}).setdefault(c, []).append((e.start, e.end))
    return out


def _labels(units: List[Tuple[str, int, int]], coded: Dict[str, Dict[str, List[Tuple[int, int]]]],
            code: str) -> List[int]:
    return [int(any(_units.covers((s, e), span) for span in coded.get(d, {}).get(code, [])))
            for d, s, e in units]


def _doc_units(p: Project, doc_ids: Iterable[str], unit: str) -> List[Tuple[str, int, int]]:
    return [(d, s, e) for d in doc_ids for s, e in _units.units(p.document(d), unit)]


def _param_text(v: Any) -> str:
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, (list, tuple)):
        return ",".join(_param_text(x) for x in v)
    return str(v)

class _Found(NamedTuple):
    """What a method found, with what the run records about how."""
    suggestions: List[Tuple[str, int, int, str, float, str]]
    params: Dict[str, str]
    metadata: Dict[str, str]
    model: str
    model_sha: str
    endpoint: str


def _llm_suggestions(p: Project, code_objs: List[Any], doc_ids: List[str], seed: int,
                     options: Dict[str, Any]) -> _Found:
    """Method "llm": the exact quotes an OpenAI-compatible chat endpoint gave."""
    import os

    from . import _llm
    endpoint = options.pop("endpoint", None) or ""
    model = options.pop("model", None) or ""
    if not endpoint or not model:
        raise InvalidArgumentError('method="llm" needs endpoint= (an OpenAI-compatible URL) and model=')
    api_key = options.pop("api_key", None) or os.environ.get("THEMATICA_LLM_API_KEY")
    known = {"timeout", "retries", "backoff", "temperature"}
    bad = set(options) - known
    if bad:
        raise InvalidArgumentError(f"unknown llm options {sorted(bad)} (expected {sorted(known)})")
    params = {k: _param_text(v) for k, v in sorted(options.items())}
    suggestions, counts = _llm.run(endpoint, model, code_objs, [p.document(d) for d in doc_ids],
                                   seed, api_key=api_key, **options)
    metadata = {f"llm:{k}": str(v) for k, v in counts.items()}
    return _Found(suggestions, params, metadata, model, "", endpoint)


def _learned_scores(p: Project, code_ids: List[str], coded: Dict[str, Dict[str, List[Tuple[int, int]]]],
                    unit: str, target_texts: List[str], seed: int, C: float) -> Tuple[Any, Any, str, str]:
    """Method "learned": per code, each target's probability from a classifier
    trained on the units people coded. Returns scores, why, model SHA, model."""
    from . import _learned
    train_units = _doc_units(p, [d.id for d in p.documents if d.id in coded], unit)
    if not train_units:
        raise ConflictError("no passage was coded by a person with these codes: "
                            "nothing to learn from (code some first)")
    labels = {c: _labels(train_units, coded, c) for c in code_ids}
    train_texts = [p.document(d).text[s:e] for d, s, e in train_units]
    scores, why, model_sha = _learned.run(train_texts, labels, target_texts, seed, C=C)
    return scores, why, model_sha, _learned.describe()


def _embedding_scores(p: Project, code_objs: List[Any], coded: Dict[str, Dict[str, List[Tuple[int, int]]]],
                      target_texts: List[str], seed: int) -> Tuple[Any, Any, str, str]:
    """Method "embedding": per code, each target's similarity to the code's
    definition, inclusion criteria, example and coded passages."""
    from . import _embedding
    queries: Dict[str, List[str]] = {}
    for c in code_objs:
        texts = [t for t in (c.description, c.inclusion, c.example) if t]
        for d, spans in sorted(coded.items()):
            text = p.document(d).text
            texts += [text[s:e] for s, e in spans.get(c.id, [])]
        queries[c.id] = texts
    scores, why, model_sha = _embedding.run(queries, target_texts, seed)
    return scores, why, model_sha, _embedding.MODEL_NAME


def _chosen(targets: List[Tuple[str, int, int]], coded: Dict[str, Dict[str, List[Tuple[int, int]]]],
            code_ids: List[str], scores: Any, why: Any, strategy: str, threshold: float,
            n: int) -> List[Tuple[str, int, int, str, float, str]]:
    """The suggestions among the targets not already coded: those scoring at
    least `threshold`, or (strategy "uncertain") the `n` nearest 0.5."""
    suggestions: List[Tuple[str, int, int, str, float, str]] = []
    for cid in code_ids:
        already = _labels(targets, coded, cid)
        candidates = [i for i in range(len(targets)) if not already[i]]
        if strategy == "uncertain":
            candidates.sort(key=lambda i: (abs(scores[cid][i] - 0.5), i))
            chosen = sorted(candidates[:n])
            for i in chosen:
                d, s, e = targets[i]
                suggestions.append((d, s, e, cid, scores[cid][i],
                                    f"uncertain (p={scores[cid][i]:.3f}): code this passage next"))
        else:
            for i in candidates:
                if scores[cid][i] >= threshold:
                    d, s, e = targets[i]
                    suggestions.append((d, s, e, cid, scores[cid][i], why(cid, i)))
    return suggestions


def _scored_suggestions(p: Project, method: str, code_objs: List[Any], doc_ids: List[str], unit: str,
                        seed: int, options: Dict[str, Any]) -> _Found:
    """Methods "learned" and "embedding": every `unit` of the documents scored
    per code, then chosen by threshold or uncertainty."""
    code_ids = [c.id for c in code_objs]
    strategy = options.pop("strategy", "threshold")
    threshold = float(options.pop("threshold", 0.5))
    n = int(options.pop("n", 20))
    coders = options.pop("coders", None)
    train_docs = options.pop("train_documents", None)
    C = float(options.pop("C", 1.0))
    if options:
        raise InvalidArgumentError(f"unknown options {sorted(options)} for method {method!r}")
    if strategy not in ("threshold", "uncertain"):
        raise InvalidArgumentError(f'unknown strategy "{strategy}" (expected threshold or uncertain)')
    params = {"strategy": strategy, "threshold": repr(threshold)}
    if strategy == "uncertain":
        params["n"] = str(n)
    if coders is not None:
        params["coders"] = ",".join(p.coder(c).name for c in coders)
    train_ids = None if train_docs is None else {p.document(d).id for d in train_docs}
    coded = _training_spans(p, code_ids, coders, train_ids)
    targets = _doc_units(p, doc_ids, unit)
    target_texts = [p.document(d).text[s:e] for d, s, e in targets]
    if method == "learned":
        params["C"] = repr(C)
        scores, why, model_sha, model = _learned_scores(p, code_ids, coded, unit, target_texts, seed, C)
    else:
        scores, why, model_sha, model = _embedding_scores(p, code_objs, coded, target_texts, seed)
    suggestions = _chosen(targets, coded, code_ids, scores, why, strategy, threshold, n)
    return _Found(suggestions, params, {}, model, model_sha, "")


def suggest(self: Project, codes: Sequence[Any], documents: Optional[Sequence[Any]] = None,
            method: str = "learned", unit: str = "sentence", seed: int = 0, *,
            started_by: Any = None, **options: Any) -> SuggestionRun:
    """Runs `method` for `codes` over `documents` (default: all) and records
    the run with its suggestions (not excerpts). Returns the run.

    learned: trains on the passages people coded (provenance "human"; options
    ``coders=[...]`` to learn from some coders only, ``train_documents=[...]``,
    ``threshold=0.5``, ``C=1.0``); suggests each `unit` not already coded
    with the code whose probability reaches the threshold. With
    ``strategy="uncertain"`` it instead proposes, per code, the ``n=20``
    uncoded passages the classifier is least sure of (probability nearest
    0.5): the ones a person should code next (active learning).
    embedding: each unit's cosine similarity to the code's definition,
    inclusion criteria, example and coded passages (``threshold=0.5``).
    llm: ``endpoint=`` (an OpenAI-compatible base URL), ``model=``,
    ``api_key=`` (default $THEMATICA_LLM_API_KEY), ``timeout=60``,
    ``retries=3``, ``backoff=1.0``; suggestions cover the exact quotes the
    model gave (quotes not found verbatim are dropped and counted in the
    run's metadata). Same inputs and seed give the same suggestions."""
    _require_ai()
    if method not in METHODS:
        raise InvalidArgumentError(f'unknown method "{method}" (expected learned, embedding or llm)')
    if unit not in _units.UNITS:
        raise InvalidArgumentError(f'unknown unit "{unit}" (expected sentence, paragraph or turn)')
    code_objs = [self.codebook.find(c) for c in ([codes] if isinstance(codes, str) else codes)]
    if not code_objs:
        raise InvalidArgumentError("suggest needs at least one code")
    code_ids = [c.id for c in code_objs]
    doc_ids = [d.id for d in self.documents] if documents is None else [self.document(d).id for d in documents]
    started = "" if started_by is None else self.coder(started_by).id
    if method == "llm":
        found = _llm_suggestions(self, code_objs, doc_ids, seed, options)
        unit = "quote"
    else:
        found = _scored_suggestions(self, method, code_objs, doc_ids, unit, seed, options)
    rid = self._add_suggestion_run(method, unit, found.model, found.model_sha, found.params, int(seed), code_ids,
                                   doc_ids, started, found.endpoint, found.suggestions, found.metadata)
    return SuggestionRun(self, rid)
