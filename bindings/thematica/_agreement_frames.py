"""Project-level agreement as DataFrames (attached to Project as methods)."""

from __future__ import annotations

from typing import Any, List, Optional, Sequence

import pandas as pd  # type: ignore[import-untyped]

from ._core import Project


ALL_DOCUMENTS = "(all documents)"


def _coder_ids(project: Project, side: Any) -> List[str]:
    members = side if isinstance(side, (list, tuple, set, frozenset)) else [side]
    return [project.coder(m).id for m in members]


def _code_ids(project: Project, codes: Optional[Sequence[Any]]) -> List[str]:
    return [] if codes is None else [project.codebook.find(c).id for c in codes]


def agreement(self: Project, coders: Sequence[Any], method: str = "nvivo",
              codes: Optional[Sequence[Any]] = None, min_overlap: float = 0.9,
              per_document: bool = False) -> pd.DataFrame:
    """Agreement of two coders (or coder groups: give a list for a group) per code.

    method "nvivo": character-level percent agreement and Cohen's kappa (columns
    both, only_a, only_b, neither, total, percent, kappa); "segment": MAXQDA's
    segment agreement with `min_overlap` (segments_a, segments_b, agreed_a,
    agreed_b, percent, kappa). One row per code pooled over documents, or with
    per_document=True one row per code and document either side coded (plus the
    pooled rows, whose document is "(all documents)")."""
    if len(coders) != 2:
        raise ValueError("agreement compares two coders or coder groups: coders=[a, b]")
    a, b = (_coder_ids(self, side) for side in coders)
    ids = _code_ids(self, codes)
    if method == "nvivo":
        columns = self._character_agreement(a, b, ids)
    elif method == "segment":
        columns = self._segment_agreement(a, b, min_overlap, ids)
    else:
        raise ValueError(f'unknown method "{method}" (expected nvivo or segment)')
    frame = pd.DataFrame(columns)
    frame.insert(0, "code", [self.codebook.path(c) for c in frame["code_id"]])
    frame.insert(1, "document", [self.document(d).name if d else ALL_DOCUMENTS for d in frame["document_id"]])
    frame = frame.drop(columns=["code_id", "document_id"])
    if not per_document:
        return frame[frame["document"] == ALL_DOCUMENTS].drop(columns=["document"]).set_index("code")
    return frame.set_index(["code", "document"])


def disagreements(self: Project, a: Any, b: Any, codes: Optional[Sequence[Any]] = None) -> pd.DataFrame:
    """Where two coders (or groups) applied different codes: document, start, end,
    text, codes_a, codes_b (code paths), in document order — the list a team goes
    through to resolve disagreements."""
    rows = self._disagreements(_coder_ids(self, a), _coder_ids(self, b), _code_ids(self, codes))
    return pd.DataFrame(
        [{"document": self.document(d).name, "start": s, "end": e, "text": t,
          "codes_a": [self.codebook.path(c) for c in ca],
          "codes_b": [self.codebook.path(c) for c in cb]} for d, s, e, t, ca, cb in rows],
        columns=["document", "start", "end", "text", "codes_a", "codes_b"])


def unitized_alpha(self: Project, coders: Sequence[Any], codes: Sequence[Any]) -> dict:
    """Krippendorff's unitized alphas of `coders` (two or more) on `codes` (a
    semantic domain: codes that exclude each other), the documents taken as one
    continuum of code points: {"u_alpha", "binary_alpha", "cu_alpha",
    "cu_coverage", "per_code": DataFrame of (k)uα and coverage per code}.
    cu_alpha and a code's alpha are None where undefined."""
    coder_ids = [self.coder(c).id for c in coders]
    code_ids = _code_ids(self, codes)
    result = dict(self._unitized_alpha(coder_ids, code_ids))
    result["per_code"] = pd.DataFrame(
        [{"code": self.codebook.path(c), "alpha": a, "coverage": cov}
         for c, (a, cov) in zip(code_ids, result.pop("per_value"))],
        columns=["code", "alpha", "coverage"]).set_index("code")
    return result


Project.unitized_alpha = unitized_alpha  # type: ignore[method-assign]
Project.agreement = agreement  # type: ignore[method-assign]
Project.disagreements = disagreements  # type: ignore[method-assign]
