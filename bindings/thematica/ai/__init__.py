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

import hashlib
import math
import random
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

import pandas as pd  # type: ignore[import-untyped]

from .. import _agreement_frames, _core
from .._core import ConflictError, InvalidArgumentError, Project, Suggestion
from . import _units

__all__ = ["SuggestionRun", "Suggestion", "ai_enabled", "ai_disabled_reason", "METHODS"]

METHODS = ("learned", "embedding", "llm")


def ai_enabled() -> bool:
    """Whether AI-assisted coding is available (built in, and THEMATICA_AI is not off)."""
    return bool(_core.ai_enabled())


def ai_disabled_reason() -> str:
    return str(_core.ai_disabled_reason())


def _require_ai() -> None:
    if not _core.ai_enabled():
        raise ConflictError(_core.ai_disabled_reason())


class SuggestionRun:
    """A handle on one suggestion run of a project: it looks the run up on
    each access, so it always shows the run as it is now."""

    def __init__(self, project: Project, run_id: str) -> None:
        self._project = project
        self.id = run_id

    def _run(self) -> Any:
        return self._project._suggestion_run(self.id)

    def __getattr__(self, name: str) -> Any:
        if name in ("method", "unit", "model", "model_sha256", "parameters", "seed", "code_ids",
                    "codebook_sha256", "documents", "started_by", "created", "endpoint", "metadata"):
            return getattr(self._run(), name)
        raise AttributeError(name)

    @property
    def suggestions(self) -> List[Suggestion]:
        return list(self._run().suggestions)

    def frame(self) -> pd.DataFrame:
        """One row per suggestion: document, start, end, text, code (path),
        score, rationale, status (pending/accepted/rejected), excerpt_id, id."""
        p = self._project
        rows = []
        for s in self._run().suggestions:
            doc = p.document(s.document_id)
            rows.append({"document": doc.name, "start": s.start, "end": s.end,
                         "text": doc.text[s.start:s.end], "code": p.codebook.path(s.code_id),
                         "score": s.score, "rationale": s.rationale, "status": s.status,
                         "excerpt_id": s.excerpt_id, "id": s.id})
        return pd.DataFrame(rows, columns=["document", "start", "end", "text", "code", "score",
                                           "rationale", "status", "excerpt_id", "id"])

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SuggestionRun) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    def __repr__(self) -> str:
        r = self._run()
        return f"<SuggestionRun {r.method} {self.id[:8]} {len(r.suggestions)} suggestions>"


# ------------------------------------------------------------------ helpers ---

def _run_id(project: Project, run: Any) -> str:
    rid = run.id if isinstance(run, SuggestionRun) else str(run)
    project._suggestion_run(rid)  # NotFoundError when unknown.
    return rid


def _is_run(project: Project, x: Any) -> bool:
    if isinstance(x, SuggestionRun):
        return True
    if isinstance(x, str):
        return any(r.id == x for r in project._suggestion_runs())
    return False


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


# ------------------------------------------------------------------ suggest ---

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
    import os

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
    params: Dict[str, str] = {}
    metadata: Dict[str, str] = {}
    model = model_sha = endpoint = ""
    suggestions: List[Tuple[str, int, int, str, float, str]] = []
    if method == "llm":
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
        suggestions, counts = _llm.run(endpoint, model, code_objs, [self.document(d) for d in doc_ids],
                                       seed, api_key=api_key, **options)
        metadata = {f"llm:{k}": str(v) for k, v in counts.items()}
        unit = "quote"
    else:
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
            params["coders"] = ",".join(self.coder(c).name for c in coders)
        train_ids = None if train_docs is None else {self.document(d).id for d in train_docs}
        coded = _training_spans(self, code_ids, coders, train_ids)
        targets = _doc_units(self, doc_ids, unit)
        target_texts = [self.document(d).text[s:e] for d, s, e in targets]
        if method == "learned":
            from . import _learned
            params["C"] = repr(C)
            train_units = _doc_units(self, [d.id for d in self.documents if d.id in coded], unit)
            if not train_units:
                raise ConflictError("no passage was coded by a person with these codes: "
                                    "nothing to learn from (code some first)")
            labels = {c: _labels(train_units, coded, c) for c in code_ids}
            train_texts = [self.document(d).text[s:e] for d, s, e in train_units]
            scores, why, model_sha = _learned.run(train_texts, labels, target_texts, seed, C=C)
            model = _learned.describe()
        else:
            from . import _embedding
            queries: Dict[str, List[str]] = {}
            for c in code_objs:
                texts = [t for t in (c.description, c.inclusion, c.example) if t]
                for d, spans in sorted(coded.items()):
                    text = self.document(d).text
                    texts += [text[s:e] for s, e in spans.get(c.id, [])]
                queries[c.id] = texts
            scores, why, model_sha = _embedding.run(queries, target_texts, seed)
            model = _embedding.MODEL_NAME
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
    rid = self._add_suggestion_run(method, unit, model, model_sha, params, int(seed), code_ids,
                                   doc_ids, started, endpoint, suggestions, metadata)
    return SuggestionRun(self, rid)


# ----------------------------------------------------------- accept / reject ---

def _suggestion_refs(p: Project, items: Any, min_score: Optional[float]) -> List[Tuple[str, str]]:
    """(run id, suggestion id) pairs from a run, a Suggestion, an id, or a list of them."""
    index: Dict[str, str] = {}
    for r in p._suggestion_runs():
        for s in r.suggestions:
            index[s.id] = r.id
    if isinstance(items, (SuggestionRun, Suggestion, str)):
        items = [items]
    out: List[Tuple[str, str]] = []
    for x in items:
        if isinstance(x, SuggestionRun) or (isinstance(x, str) and x not in index and _is_run(p, x)):
            rid = _run_id(p, x)
            for s in p._suggestion_run(rid).suggestions:
                if s.status == "pending" and (min_score is None or s.score >= min_score):
                    out.append((rid, s.id))
            continue
        sid = x.id if isinstance(x, Suggestion) else str(x)
        if sid not in index:
            raise _core.NotFoundError(f"suggestion {sid} not found")
        out.append((index[sid], sid))
    return out


def accept(self: Project, suggestions: Any, min_score: Optional[float] = None,
           coder: Any = None) -> list:
    """Accepts suggestions — a run (its pending suggestions, those scoring at
    least `min_score` when given), Suggestions, ids, or a list — making each
    an excerpt whose provenance is the run (and whose coder is `coder`, the
    person accepting). All or nothing. Returns the new Excerpts."""
    _require_ai()
    coder_id = "" if coder is None else self.coder(coder).id
    made = self._accept_suggestions(_suggestion_refs(self, suggestions, min_score), coder_id)
    return [self.excerpt(x) for x in made]


def reject(self: Project, suggestions: Any, max_score: Optional[float] = None) -> int:
    """Marks suggestions rejected (a run: its pending ones, those scoring at
    most `max_score` when given). Returns how many."""
    _require_ai()
    refs = _suggestion_refs(self, suggestions, None)
    if max_score is not None:
        scores = {s.id: s.score for r in self._suggestion_runs() for s in r.suggestions}
        refs = [(r, s) for r, s in refs if scores[s] <= max_score]
    for rid, sid in refs:
        self._reject_suggestion(rid, sid)
    return len(refs)


def edit_and_accept(self: Project, suggestion: Any, start: Optional[int] = None,
                    end: Optional[int] = None, coder: Any = None) -> Any:
    """Accepts one suggestion over [start, end) instead of its own range."""
    _require_ai()
    [(rid, sid)] = _suggestion_refs(self, [suggestion], None)
    coder_id = "" if coder is None else self.coder(coder).id
    return self.excerpt(self._accept_suggestion(rid, sid, start, end, coder_id))


def remove_run(self: Project, run: Any, remove_accepted: bool = False) -> dict:
    """Removes a run and its suggestions; with remove_accepted=True also the
    excerpts accepted from it (otherwise they stay, their provenance still
    naming the run). Returns what went."""
    return self._remove_suggestion_run(_run_id(self, run), remove_accepted)


def runs(self: Project) -> List[SuggestionRun]:
    """The project's suggestion runs, oldest first."""
    return [SuggestionRun(self, r.id) for r in self._suggestion_runs()]


def runs_frame(self: Project) -> pd.DataFrame:
    rows = []
    for r in self._suggestion_runs():
        counts = {k: sum(s.status == k for s in r.suggestions) for k in ("pending", "accepted", "rejected")}
        rows.append({"id": r.id, "method": r.method, "unit": r.unit, "model": r.model,
                     "created": r.created, "codes": [self.codebook.path(c) for c in r.code_ids],
                     "suggestions": len(r.suggestions), **counts})
    return pd.DataFrame(rows, columns=["id", "method", "unit", "model", "created", "codes",
                                       "suggestions", "pending", "accepted", "rejected"])


# ---------------------------------------------------------------- validation ---

def validation_sample(self: Project, run: Any, n: int = 100, stratify: str = "code",
                      seed: int = 0) -> pd.DataFrame:
    """Draws passages (the run's units in the documents it read) for a person
    to code blind: per code (stratify="code") about n / codes passages, half
    among those the run suggested and half among those it did not (fewer when
    there are not enough), shuffled. Columns: document, start, end, text,
    code; which were suggested is kept apart in ``frame.attrs["suggested"]``
    (a list of booleans, row by row) so the coder does not see it."""
    if stratify not in ("code", "none"):
        raise InvalidArgumentError('stratify must be "code" or "none"')
    rid = _run_id(self, run)
    r = self._suggestion_run(rid)
    unit = r.unit if r.unit in _units.UNITS else "sentence"
    docs = [d for d, _ in r.documents if d in {x.id for x in self.documents}]
    units = _doc_units(self, docs, unit)
    rng = random.Random(seed)
    rows = []
    codes = list(r.code_ids)
    per_code = [n // len(codes) + (1 if i < n % len(codes) else 0) for i in range(len(codes))] \
        if stratify == "code" else None
    pool_all = []
    for k, c in enumerate(codes):
        spans = [(s.document_id, s.start, s.end) for s in r.suggestions if s.code_id == c]
        yes = [u for u in units if any(u[0] == d and _units.covers((u[1], u[2]), (s, e)) for d, s, e in spans)]
        yes_set = set(yes)
        no = [u for u in units if u not in yes_set]
        if per_code is None:
            pool_all += [(u, c, True) for u in yes] + [(u, c, False) for u in no]
            continue
        want = per_code[k]
        take_yes = min(len(yes), (want + 1) // 2)
        take_no = min(len(no), want - take_yes)
        take_yes = min(len(yes), want - take_no)
        rows += [(u, c, True) for u in rng.sample(yes, take_yes)]
        rows += [(u, c, False) for u in rng.sample(no, take_no)]
    if per_code is None:
        rows = rng.sample(pool_all, min(n, len(pool_all)))
    rng.shuffle(rows)
    frame = pd.DataFrame(
        [{"document": self.document(d).name, "start": s, "end": e, "text": self.document(d).text[s:e],
          "code": self.codebook.path(c)} for (d, s, e), c, _ in rows],
        columns=["document", "start", "end", "text", "code"])
    frame.attrs["suggested"] = [flag for _, _, flag in rows]
    frame.attrs["run"] = rid
    return frame


def _virtual_copy(p: Project, sides: Sequence[Any]) -> Tuple[Project, List[Any]]:
    """A copy of `p` in which each run named among `sides` is a coder whose
    excerpts are the run's suggestions (every suggestion, whatever its
    status: the model's own output), and each origin ("human", "rule",
    "import", "model") a coder whose excerpts are those of that provenance.
    Returns the copy and the sides with those members replaced by the new
    coders' names. Names that are coders of the project stay coders."""
    q = p.copy()
    q.permission = "full"
    mapped: List[Any] = []
    made: Dict[str, str] = {}

    def member(x: Any) -> Any:
        if not isinstance(x, SuggestionRun) and isinstance(x, str):
            try:
                return p.coder(x).name
            except KeyError:
                pass
        key = x.id if isinstance(x, SuggestionRun) else x
        if key in made:
            return made[key]
        if _is_run(p, x):
            rid = _run_id(p, x)
            r = p._suggestion_run(rid)
            name = f"run {rid[:8]} ({r.method})"
            q.add_coder(name)
            for s in r.suggestions:
                q.add_excerpt(s.document_id, s.start, s.end, codes=[s.code_id], coder=name)
        elif isinstance(x, str) and x in ("human", "rule", "import", "model"):
            name = f"origin {x}"
            q.add_coder(name)
            for e in p.excerpts(provenance=x):
                q.add_excerpt(e.document_id, e.start, e.end, codes=e.code_ids, coder=name)
        else:
            return p.coder(x).name
        made[key] = name
        return name

    for side in sides:
        if isinstance(side, (list, tuple, set, frozenset)):
            mapped.append([member(m) for m in side])
        else:
            mapped.append(member(side))
    return q, mapped


def _needs_virtual(p: Project, sides: Sequence[Any]) -> bool:
    def virtual(x: Any) -> bool:
        if isinstance(x, SuggestionRun):
            return True
        if isinstance(x, str):
            try:
                p.coder(x)
                return False
            except KeyError:
                return x in ("human", "rule", "import", "model") or _is_run(p, x)
        return False
    return any(virtual(m) for side in sides
               for m in (side if isinstance(side, (list, tuple, set, frozenset)) else [side]))


def _wrap(original: Any) -> Any:
    import functools

    @functools.wraps(original)
    def wrapped(self: Project, coders: Sequence[Any], *args: Any, **kwargs: Any) -> Any:
        if _needs_virtual(self, coders):
            q, mapped = _virtual_copy(self, coders)
            return original(q, mapped, *args, **kwargs)
        return original(self, coders, *args, **kwargs)
    wrapped.__doc__ = (original.__doc__ or "") + (
        "\n\n    A member of `coders` may also be a SuggestionRun (or its id) — its "
        "suggestions, whatever their status, coded by a coder standing for the run — or an "
        'origin, "human", "rule", "import" or "model": the excerpts of that provenance.')
    return wrapped


def _wilson(k: int, n: int, z: float = 1.959964) -> Tuple[Optional[float], Optional[float]]:
    if n == 0:
        return None, None
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return max(0.0, c - h), min(1.0, c + h)


def _kappa(tp: int, fp: int, fn: int, tn: int) -> Optional[float]:
    n = tp + fp + fn + tn
    if n == 0:
        return None
    po = (tp + tn) / n
    pe = ((tp + fp) * (tp + fn) + (fn + tn) * (fp + tn)) / (n * n)
    return None if pe == 1 else (po - pe) / (1 - pe)


def _run_time(r: Any) -> Optional[Any]:
    import datetime
    import re

    if not r.created:
        return None
    text = re.sub(r"(\.\d{6})\d+", r"\1", r.created).replace("Z", "+00:00")
    return datetime.datetime.fromisoformat(text)


def _trained_on(p: Project, r: Any) -> set:
    """Documents holding people's codings of the run's codes made before the
    run: what a learned or embedding run learned from, so not a fair test."""
    when = _run_time(r)
    if when is None:
        return set()
    codes = set(r.code_ids)
    return {e.document_id for e in p.excerpts(provenance="human")
            if e.created is not None and e.created < when and codes.intersection(e.code_ids)}


def run_metrics(self: Project, run: Any, against: Any, documents: Optional[Sequence[Any]] = None,
                bootstrap: int = 1000, seed: int = 0) -> pd.DataFrame:
    """Per code of the run, its suggestions (every suggestion, whatever its
    status) against a person or a consensus (a list of coders: a passage
    counts as coded when all of them coded it), unit by unit over
    `documents` — by default the documents the run read, less those holding
    people's codings of its codes made before the run (what it learned from;
    ``frame.attrs["documents"]`` names those compared): tp, fp, fn, tn, precision,
    recall, f1, kappa (Cohen's, units as items) with 95% intervals —
    Wilson for precision and recall, percentile bootstrap over units
    (`bootstrap` resamples, `seed`) for f1 and kappa."""
    import numpy as np

    rid = _run_id(self, run)
    r = self._suggestion_run(rid)
    unit = r.unit if r.unit in _units.UNITS else "sentence"
    people = against if isinstance(against, (list, tuple)) else [against]
    people_ids = [self.coder(c).id for c in people]
    if documents is None:
        trained = _trained_on(self, r) if r.method in ("learned", "embedding") else set()
        existing = {d.id for d in self.documents}
        docs = [d for d, _ in r.documents if d in existing and d not in trained]
    else:
        docs = [self.document(d).id for d in documents]
    units = _doc_units(self, docs, unit)
    rows = []
    rng = np.random.default_rng(seed)
    for c in r.code_ids:
        per_person = []
        for pid in people_ids:
            coded = _training_spans(self, [c], [pid], set(docs))
            per_person.append(_labels(units, coded, c))
        human = [int(all(v)) for v in zip(*per_person)] if per_person else []
        spans: Dict[str, List[Tuple[int, int]]] = {}
        for s in r.suggestions:
            if s.code_id == c:
                spans.setdefault(s.document_id, []).append((s.start, s.end))
        model = [int(any(_units.covers((s, e), x) for x in spans.get(d, []))) for d, s, e in units]
        h = np.asarray(human, dtype=int)
        m = np.asarray(model, dtype=int)
        tp = int(((h == 1) & (m == 1)).sum())
        fp = int(((h == 0) & (m == 1)).sum())
        fn = int(((h == 1) & (m == 0)).sum())
        tn = int(((h == 0) & (m == 0)).sum())
        precision = tp / (tp + fp) if tp + fp else None
        recall = tp / (tp + fn) if tp + fn else None
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else (0.0 if fp + fn else None)
        kappa = _kappa(tp, fp, fn, tn)
        f1_ci: Tuple[Optional[float], Optional[float]] = (None, None)
        k_ci: Tuple[Optional[float], Optional[float]] = (None, None)
        if bootstrap and len(units):
            f1s, ks = [], []
            for _ in range(bootstrap):
                idx = rng.integers(0, len(units), len(units))
                hh, mm = h[idx], m[idx]
                a = int(((hh == 1) & (mm == 1)).sum())
                b = int(((hh == 0) & (mm == 1)).sum())
                d_ = int(((hh == 1) & (mm == 0)).sum())
                e_ = len(idx) - a - b - d_
                if 2 * a + b + d_:
                    f1s.append(2 * a / (2 * a + b + d_))
                kv = _kappa(a, b, d_, e_)
                if kv is not None:
                    ks.append(kv)
            if f1s:
                f1_ci = (float(np.percentile(f1s, 2.5)), float(np.percentile(f1s, 97.5)))
            if ks:
                k_ci = (float(np.percentile(ks, 2.5)), float(np.percentile(ks, 97.5)))
        p_ci = _wilson(tp, tp + fp)
        r_ci = _wilson(tp, tp + fn)
        rows.append({"code": self.codebook.path(c), "units": len(units), "tp": tp, "fp": fp, "fn": fn,
                     "tn": tn, "precision": precision, "precision_low": p_ci[0], "precision_high": p_ci[1],
                     "recall": recall, "recall_low": r_ci[0], "recall_high": r_ci[1],
                     "f1": f1, "f1_low": f1_ci[0], "f1_high": f1_ci[1],
                     "kappa": kappa, "kappa_low": k_ci[0], "kappa_high": k_ci[1]})
    frame = pd.DataFrame(rows).set_index("code") if rows else pd.DataFrame()
    frame.attrs["against"] = [self.coder(c).name for c in people_ids]
    frame.attrs["unit"] = unit
    frame.attrs["documents"] = [self.document(d).name for d in docs]
    return frame


def _fmt(x: Any, digits: int = 2) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    return f"{x:.{digits}f}"


def validation_report(self: Project, run: Any, against: Any, format: str = "markdown",
                      sample: Optional[pd.DataFrame] = None, bootstrap: int = 1000, seed: int = 0) -> str:
    """A validation report of one run against a person or a consensus
    (Markdown, or format="html"): method, model and its SHA-256, parameters
    and seed, codebook and corpus digests, who started it and when, the
    sample (a `validation_sample` frame when given), and per code precision,
    recall, F1 and Cohen's kappa with 95% intervals (`run_metrics`) — ending
    in a paragraph to adapt for a methods section."""
    if format not in ("markdown", "html"):
        raise InvalidArgumentError('format must be "markdown" or "html"')
    rid = _run_id(self, run)
    r = self._suggestion_run(rid)
    m = run_metrics(self, rid, against, bootstrap=bootstrap, seed=seed)
    who = " and ".join(m.attrs["against"]) + (" (consensus)" if len(m.attrs["against"]) > 1 else "")
    starter = self.coder(r.started_by).name if r.started_by else "not recorded"
    params = ", ".join(f"{k}={v}" for k, v in sorted(r.parameters.items())) or "none"
    corpus = hashlib.sha256("".join(f"{d}:{h}\n" for d, h in r.documents).encode()).hexdigest()
    lines = [f"# Validation of suggestion run {rid}", "",
             f"- Method: {r.method} (unit: {r.unit})",
             f"- Model: {r.model or 'none'}",
             f"- Model SHA-256: {r.model_sha256 or 'n/a'}",
             f"- Parameters: {params}; seed {r.seed}",
             f"- Endpoint: {r.endpoint or 'none (offline)'}",
             f"- Codes: {', '.join(self.codebook.path(c) for c in r.code_ids)}",
             f"- Codebook SHA-256: {r.codebook_sha256}",
             f"- Documents read: {len(r.documents)} (SHA-256 of their digests: {corpus})",
             f"- Started by {starter} at {r.created}",
             f"- Suggestions: {len(r.suggestions)}",
             f"- Compared with: {who}, {m.attrs['unit']} by {m.attrs['unit']}, in "
             f"{len(m.attrs['documents'])} documents the run did not learn from"]
    if sample is not None:
        flags = sample.attrs.get("suggested", [])
        lines.append(f"- Validation sample: {len(sample)} passages ({sum(flags)} suggested, "
                     f"{len(flags) - sum(flags)} not), drawn blind")
    lines += ["", "| Code | Units | Precision (95% CI) | Recall (95% CI) | F1 (95% CI) | Kappa (95% CI) |",
              "|---|---|---|---|---|---|"]
    for code, row in m.iterrows():
        def ci(name: str) -> str:
            return f"{_fmt(row[name])} ({_fmt(row[name + '_low'])}–{_fmt(row[name + '_high'])})"
        lines.append(f"| {code} | {int(row['units'])} | {ci('precision')} | {ci('recall')} | {ci('f1')} | {ci('kappa')} |")
    kappas = ", ".join(f"{code} κ = {_fmt(row['kappa'])} [{_fmt(row['kappa_low'])}, {_fmt(row['kappa_high'])}]"
                       for code, row in m.iterrows())
    lines += ["", "## For the methods section", "",
              f"Suggestions were generated with Thematica's {r.method} method"
              + (f" ({r.model}; model SHA-256 {r.model_sha256[:12]}…)" if r.model_sha256 else
                 (f" ({r.model})" if r.model else ""))
              + f" with parameters {params} and seed {r.seed}, over {len(r.documents)} documents "
              f"(codebook SHA-256 {r.codebook_sha256[:12]}…). Suggestions were kept apart from the "
              f"human coding until reviewed. Against {who}, agreement per {m.attrs['unit']} was: "
              f"{kappas} (Cohen's kappa, 95% percentile bootstrap intervals over {bootstrap} "
              f"resamples, seed {seed}); precision and recall intervals are Wilson score intervals."]
    text = "\n".join(lines) + "\n"
    if format == "markdown":
        return text
    import html
    out = ["<article class=\"thematica-validation\">"]
    in_table = False
    for line in lines:
        if line.startswith("# "):
            out.append(f"<h1>{html.escape(line[2:])}</h1>")
        elif line.startswith("## "):
            out.append(f"<h2>{html.escape(line[3:])}</h2>")
        elif line.startswith("- "):
            out.append(f"<p>{html.escape(line[2:])}</p>")
        elif line.startswith("|---"):
            continue
        elif line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            tag = "th" if not in_table else "td"
            if not in_table:
                out.append("<table>")
                in_table = True
            out.append("<tr>" + "".join(f"<{tag}>{html.escape(c)}</{tag}>" for c in cells) + "</tr>")
        elif line:
            out.append(f"<p>{html.escape(line)}</p>")
        elif in_table:
            out.append("</table>")
            in_table = False
    out.append("</article>")
    return "\n".join(out) + "\n"


# The bodies of Project.agreement, .pooled_agreement and .unitized_alpha (bound
# in bindings/py_frames.cc): thematica._agreement_frames' functions, taking
# suggestion runs and origins as coders too.
_agreement = _wrap(_agreement_frames.agreement)
_pooled_agreement = _wrap(_agreement_frames.pooled_agreement)
_unitized_alpha = _wrap(_agreement_frames.unitized_alpha)
