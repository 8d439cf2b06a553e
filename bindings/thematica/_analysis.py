"""Analysis methods of Project returning DataFrames (attached to Project)."""

from __future__ import annotations

from typing import Any, Iterable, Optional, Sequence, Union

import numpy as np
import pandas as pd  # type: ignore[import-untyped]

from ._core import Project, _Analysis, english_stopwords


def _analysis(project: Project) -> _Analysis:
    # One index per project object; it rebuilds itself when the project changes.
    cached = project.__dict__.get("_thematica_analysis")
    if cached is None:
        cached = _Analysis(project)
        project.__dict__["_thematica_analysis"] = cached
    return cached


def _code_ids(project: Project, codes: Optional[Iterable[Any]]) -> list:
    return [] if codes is None else [project.codebook.find(c).id for c in codes]


def cooccurrence(self: Project, unit: str = "excerpts", measure: str = "count",
                 codes: Optional[Sequence[Any]] = None) -> pd.DataFrame:
    """Code × code co-occurrence (codes as row and column labels, by path).

    unit "excerpts": overlapping coding pairs (touching ranges do not overlap;
    codes of one excerpt do); "documents" / "cases": units holding both codes.
    measure "count", "jaccard" (|A∩B|/|A∪B| for documents and cases; for
    excerpts the share of both codes' codings that meet the other code) or "c"
    (ATLAS.ti's c-coefficient n12/(n1 + n2 − n12)). The diagonal holds each
    code's own count (1 for the coefficients)."""
    ids, values = _analysis(self).cooccurrence(unit, measure, _code_ids(self, codes))
    labels = [self.codebook.path(c) for c in ids]
    data = np.asarray(values, dtype=float).reshape(len(ids), len(ids))
    if measure == "count":
        data = data.astype(np.int64)
    return pd.DataFrame(data, index=pd.Index(labels, name="code"), columns=labels)


def crosstab(self: Project, attribute: Any, unit: str = "cases",
             include_descendants: bool = False) -> pd.DataFrame:
    """Codes × values of a case attribute (matrix coding): how many cases
    (or documents, or codings) of each value were coded with each code.
    Cases without a value are counted under "(missing)". The number of units
    in each column is in ``frame.attrs["totals"]``."""
    attribute_id = self.attribute(attribute).id
    ids, columns, counts, totals = _analysis(self).crosstab(attribute_id, unit, include_descendants)
    frame = pd.DataFrame(np.asarray(counts, dtype=np.int64).reshape(len(ids), len(columns)),
                         index=pd.Index([self.codebook.path(c) for c in ids], name="code"),
                         columns=pd.Index(columns, name=self.attribute(attribute).name))
    frame.attrs["totals"] = dict(zip(columns, totals))
    return frame


def saturation(self: Project, order: Optional[Sequence[Any]] = None) -> pd.DataFrame:
    """In the given document order (documents or ids or names; project order
    by default): the codes each document introduced, how many, and the
    cumulative number of codes seen."""
    ids = [] if order is None else [self.document(d).id for d in order]
    rows = _analysis(self).saturation(ids)
    return pd.DataFrame(
        [{"document": self.document(d).name, "new_codes": [self.codebook.path(c) for c in new],
          "new": len(new), "cumulative": total} for d, new, total in rows],
        columns=["document", "new_codes", "new", "cumulative"])


def word_frequencies(self: Project, by: str = "project",
                     stopwords: Union[None, str, Iterable[str]] = "english",
                     top: Optional[int] = None) -> pd.DataFrame:
    """Word counts (Unicode-aware words, lower-cased; apostrophes inside words
    kept) for the whole project or per document, case or code, most frequent
    first. stopwords: "english" (the default list), None, or your own words."""
    if stopwords is None:
        stop: list = []
    elif isinstance(stopwords, str):
        if stopwords != "english":
            raise ValueError(f'unknown stop-word list "{stopwords}" (use "english", None or a list)')
        stop = english_stopwords()
    else:
        stop = list(stopwords)
    rows = _analysis(self).word_frequencies(by, stop, top or 0)

    def name(group: str) -> Optional[str]:
        if by == "document":
            return self.document(group).name
        if by == "case":
            return self.case(group).name
        if by == "code":
            return self.codebook.path(group)
        return None

    frame = pd.DataFrame([{"group": name(g), "word": w, "count": n} for g, w, n in rows],
                         columns=["group", "word", "count"])
    return frame.drop(columns=["group"]) if by == "project" else frame


Project.cooccurrence = cooccurrence  # type: ignore[method-assign]
Project.crosstab = crosstab  # type: ignore[method-assign]
Project.saturation = saturation  # type: ignore[method-assign]
Project.word_frequencies = word_frequencies  # type: ignore[method-assign]
