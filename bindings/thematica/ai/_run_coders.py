"""Suggestion runs and origins as coders: Project.agreement,
.pooled_agreement and .unitized_alpha accept a SuggestionRun (or its id) or
an origin ("human", "rule", "import", "model") wherever they take a coder, by
computing on a copy of the project in which each stands for a coder."""

from __future__ import annotations

from typing import Any, Dict, List, Sequence, Tuple

from .. import _agreement_frames
from .._core import Project
from ._runs import SuggestionRun, _is_run, _run_id


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


# The bodies of Project.agreement, .pooled_agreement and .unitized_alpha (bound
# in bindings/py_frames.cc): thematica._agreement_frames' functions, taking
# suggestion runs and origins as coders too.
_agreement = _wrap(_agreement_frames.agreement)
_pooled_agreement = _wrap(_agreement_frames.pooled_agreement)
_unitized_alpha = _wrap(_agreement_frames.unitized_alpha)
