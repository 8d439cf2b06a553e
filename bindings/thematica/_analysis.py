"""Analysis methods of Project returning DataFrames (the bodies of the
Project methods bound in bindings/py_frames.cc)."""

from __future__ import annotations

from typing import Any, Iterable, Optional, Sequence, Union

import numbers

import numpy as np
import pandas as pd  # type: ignore[import-untyped]

from ._core import InvalidArgumentError, Project, _Analysis, english_stopwords


def _analysis(project: Project) -> _Analysis:
    # One index per project object; it rebuilds itself when the project changes.
    cached = project.__dict__.get("_thematica_analysis")
    if cached is None:
        cached = _Analysis(project)
        project.__dict__["_thematica_analysis"] = cached
    return cached


def _code_ids(project: Project, codes: Optional[Iterable[Any]]) -> list:
    return [] if codes is None else [project.codebook.find(c).id for c in codes]


def _folders(project: Project) -> set:
    """Paths of the non-codable codes (folders that only group others)."""
    return {project.codebook.path(c) for c in project.codebook.codes if not c.codable}


def cooccurrence(self: Project, unit: str = "excerpts", measure: str = "count",
                 codes: Optional[Sequence[Any]] = None, include_folders: bool = False) -> pd.DataFrame:
    """Code × code co-occurrence (codes as row and column labels, by path).

    unit "excerpts": overlapping coding pairs (touching ranges do not overlap;
    codes of one excerpt do); "documents" / "cases": units holding both codes.
    measure "count", "jaccard" (|A∩B|/|A∪B| for documents and cases; for
    excerpts the share of both codes' codings that meet the other code) or "c"
    (ATLAS.ti's c-coefficient n12/(n1 + n2 − n12)). The diagonal holds each
    code's own count (1 for the coefficients). Non-codable folder codes are left
    out unless named in `codes` or include_folders=True."""
    ids, values = _analysis(self).cooccurrence(unit, measure, _code_ids(self, codes))
    labels = [self.codebook.path(c) for c in ids]
    data = np.asarray(values, dtype=float).reshape(len(ids), len(ids))
    if measure == "count":
        data = data.astype(np.int64)
    frame = pd.DataFrame(data, index=pd.Index(labels, name="code"), columns=labels)
    if codes is None and not include_folders:
        keep = [label for label in labels if label not in _folders(self)]
        frame = frame.loc[keep, keep]
    return frame


def crosstab(self: Project, attribute: Any, unit: str = "cases",
             include_descendants: bool = False, totals: bool = False,
             include_folders: bool = False) -> pd.DataFrame:
    """Codes × values of a case attribute (matrix coding): how many cases
    (or documents, or codings) of each value were coded with each code.
    Cases without a value are counted under "(missing)". The number of units
    in each column is in ``frame.attrs["totals"]``; totals=True also puts it in
    the column labels as papers print them ("patient (n=6)"). Non-codable
    folder codes are left out unless include_folders=True (or
    include_descendants=True, where a folder's row sums its subtree)."""
    attribute_id = self.attribute(attribute).id
    ids, columns, counts, counts_per_column = _analysis(self).crosstab(attribute_id, unit,
                                                                      include_descendants)
    frame = pd.DataFrame(np.asarray(counts, dtype=np.int64).reshape(len(ids), len(columns)),
                         index=pd.Index([self.codebook.path(c) for c in ids], name="code"),
                         columns=pd.Index(columns, name=self.attribute(attribute).name))
    if not include_folders and not include_descendants:
        frame = frame.loc[[label for label in frame.index if label not in _folders(self)]]
    frame.attrs["totals"] = dict(zip(columns, counts_per_column))
    if totals:
        frame.columns = pd.Index([f"{c} (n={n})" for c, n in zip(columns, counts_per_column)],
                                 name=frame.columns.name)
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


def word_frequency_arguments(stopwords: Union[None, str, Iterable[str]], top: Optional[int]) -> list:
    """The stop words word_frequencies means ("english", None or a list of
    words), after checking `top`; shared with thematica.dask."""
    if stopwords is None:
        stop: list = []
    elif isinstance(stopwords, str):
        if stopwords != "english":
            raise ValueError(f'unknown stop-word list "{stopwords}" (use "english", None or a list)')
        stop = english_stopwords()
    else:
        stop = list(stopwords)
    if top is not None and (isinstance(top, bool) or not isinstance(top, numbers.Integral) or top < 0):
        raise InvalidArgumentError(f"top must be a non-negative int or None, not {top!r}")
    return stop


def word_frequencies(self: Project, by: str = "project",
                     stopwords: Union[None, str, Iterable[str]] = "english",
                     top: Optional[int] = None) -> pd.DataFrame:
    """Word counts (Unicode-aware words, lower-cased; apostrophes inside words
    kept) for the whole project or per document, case or code, most frequent
    first. stopwords: "english" (the default list), None, or your own words."""
    stop = word_frequency_arguments(stopwords, top)
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


def search(self: Project, pattern: str, regex: bool = False, case_sensitive: bool = False,
           accent_sensitive: bool = True, context: int = 40,
           documents: Optional[Iterable[Any]] = None) -> pd.DataFrame:
    """Keyword in context: every hit of `pattern` (literal, or an RE2 regular
    expression with regex=True — linear time, no catastrophic patterns) as
    document, start, end (Python string indices), before, hit, after.
    accent_sensitive=False finds "café" for "cafe" (and the reverse)."""
    ids = [] if documents is None else [self.document(d).id for d in documents]
    rows = self._search(pattern, regex, case_sensitive, accent_sensitive, context, ids)
    return pd.DataFrame([{"document": self.document(d).name, "start": s, "end": e, "before": b,
                          "hit": h, "after": a} for d, s, e, b, h, a in rows],
                        columns=["document", "start", "end", "before", "hit", "after"])


class _Origin:
    """An origin named where a coder is expected (its id is the origin's name)."""

    def __init__(self, name: str) -> None:
        self.id = name


def query(self: Project, expression: str, include_descendants: bool = False,
          documents: Optional[Iterable[Any]] = None, cases: Optional[Iterable[Any]] = None,
          coders: Optional[Iterable[Any]] = None, attribute: Optional[dict] = None,
          context: int = 40) -> pd.DataFrame:
    """Coding query, e.g. ``'Advocacy AND (Trust OR "Rebuilding trust") NOT Stigma'``,
    ``'A NEAR/50 B'``, ``'A SAMEPARA B'``, ``'A SAMETURN B'`` (grammar and semantics in
    the README): the stretches of text that satisfy it, as document, start, end,
    before, text, after. Filters: documents, cases, coders (a coder, or an origin —
    "human", "rule", "import", "model" — for the codings of that provenance),
    attribute={"role": "patient"}."""
    ids = lambda items, find: [] if items is None else [find(x).id for x in items]
    origins = ("human", "rule", "import", "model")
    names = {c.name for c in self.coders}

    def coder_or_origin(x: Any) -> Any:
        if isinstance(x, str) and x in origins and x not in names:
            return _Origin(x)
        return self.coder(x)
    values = {} if attribute is None else {str(k): str(v) for k, v in attribute.items()}
    rows = self._query(expression, include_descendants, ids(documents, self.document),
                       ids(cases, self.case), ids(coders, coder_or_origin), values, context)
    return pd.DataFrame([{"document": self.document(d).name, "start": s, "end": e, "before": b,
                          "text": t, "after": a} for d, s, e, b, t, a in rows],
                        columns=["document", "start", "end", "before", "text", "after"])


def autocode(self: Project, pattern_or_speaker: str, code: Any, scope: str = "hit",
             coder: Any = None, regex: bool = False, case_sensitive: bool = False,
             accent_sensitive: bool = True, documents: Optional[Iterable[Any]] = None) -> dict:
    """Codes every hit of a search with `code`, widened to `scope` ("hit",
    "sentence", "paragraph" or "turn"), or with scope="speaker" every speaker
    turn of that speaker (label or case name). Several hits in one scope make
    one excerpt; ranges already coded with the code are skipped; all or
    nothing. Returns {"excerpts": [...], "already_coded": n, "outside_turns": n}."""
    code_id = self.codebook.find(code).id
    coder_id = "" if coder is None else self.coder(coder).id
    ids = [] if documents is None else [self.document(d).id for d in documents]
    made, already, outside = self._autocode(pattern_or_speaker, code_id, scope, coder_id, regex,
                                            case_sensitive, accent_sensitive, ids)
    return {"excerpts": [self.excerpt(e) for e in made], "already_coded": already,
            "outside_turns": outside}
