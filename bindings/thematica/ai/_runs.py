"""Suggestion runs as Python sees them: the SuggestionRun handle, and
accepting, rejecting and removing runs' suggestions (Project.accept, .reject,
.edit_and_accept, .remove_run, .runs, .runs_frame)."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

import pandas as pd  # type: ignore[import-untyped]

from .. import _core
from .._core import ConflictError, Project, Suggestion


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


def remove_run(self: Project, run: Any, remove_accepted: bool = False) -> _core.RemovalReport:
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
