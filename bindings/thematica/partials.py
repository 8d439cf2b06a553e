"""Partial results: analyses of one part of a corpus as small, additive,
protobuf-serialised bytes (``thematica.v1.Partial``) that merge into exactly
what one Project holding every document answers.

Split a corpus by document into parts, one Project each with the same
codebook; aggregate each part where it lives, move the bytes, merge them in
any order or tree shape, finalise once::

    import thematica as tm
    from thematica import partials
    parts = [partials.cooccurrence(p) for p in projects]   # bytes each
    total = partials.merge(parts)
    codes, values = partials.finalize_cooccurrence(total, "cases", "jaccard")

Codes are keyed by path ("Parent/Child"), word groups by document or case
name. ``thematica.dask`` is built on these; Spark or Ray adapters would be too.
Bytes that are not a valid partial raise FormatError (a ValueError).
"""

from __future__ import annotations

from typing import Iterable, List, Optional, Sequence, Tuple

from ._core import Project, _partials

__all__ = [
    "agreement", "autocode", "check", "cooccurrence", "crosstab", "finalize_agreement",
    "finalize_cooccurrence", "finalize_crosstab", "finalize_hits", "finalize_words", "merge",
    "search", "words",
]


def cooccurrence(project: Project, codes: Optional[Sequence[str]] = None) -> bytes:
    """Co-occurrence counts of every unit (excerpts, documents, cases) for the
    codes (ids; every code when None)."""
    return _partials.aggregate_cooccurrence(project, list(codes or []))


def crosstab(project: Project, attribute: str, include_descendants: bool = False) -> bytes:
    """Codes × values of a case attribute (id or name) for every unit."""
    return _partials.aggregate_crosstab(project, attribute, include_descendants)


def words(project: Project, by: str = "project", stopwords: Sequence[str] = (), part: int = 0) -> bytes:
    """Word counts per group ("project", "document", "case" or "code"); `part`
    numbers the part in corpus order (it orders documents and cases)."""
    return _partials.aggregate_words(project, by, list(stopwords), part)


def search(project: Project, label: str, pattern: str, rank: int = 0, regex: bool = False,
           case_sensitive: bool = False, accent_sensitive: bool = True) -> bytes:
    """Hits of `pattern` and the documents holding them, counted under `label`."""
    return _partials.aggregate_search(project, label, rank, pattern, regex, case_sensitive,
                                      accent_sensitive)


def autocode(project: Project, code_id: str, result: dict) -> bytes:
    """What ``project.autocode(..., code)`` just did (its returned dict)."""
    return _partials.aggregate_autocode(project, code_id, [e.id for e in result["excerpts"]],
                                        result["already_coded"], result["outside_turns"])


def agreement(project: Project, a: Sequence[str], b: Sequence[str], codes: Sequence[str] = (),
              documents: str = "double-coded") -> bytes:
    """Character-level agreement tables of two coder sets (coder ids)."""
    return _partials.aggregate_agreement(project, list(a), list(b), list(codes), documents)


def merge(parts: Iterable[bytes]) -> bytes:
    """One partial from several (b"" or an empty list: the empty partial)."""
    return _partials.merge(list(parts))


def check(data: bytes) -> bytes:
    """The partial after validation; FormatError for bytes that are not one."""
    return _partials.check(data)


def finalize_hits(data: bytes) -> List[Tuple[str, int, int, int, int, int]]:
    """(label, hits, documents, excerpts, already_coded, outside_turns) per rule."""
    return _partials.finalize_hits(data)


def finalize_cooccurrence(data: bytes, unit: str = "excerpts",
                          measure: str = "count") -> Tuple[List[str], List[float]]:
    """(code paths, row-major values) as Project.cooccurrence computes them."""
    return _partials.finalize_cooccurrence(data, unit, measure)


def finalize_crosstab(data: bytes, unit: str = "cases") -> Tuple[List[str], List[str], List[int], List[int]]:
    """(code paths, columns, row-major counts, column totals)."""
    return _partials.finalize_crosstab(data, unit)


def finalize_words(data: bytes, top: int = 0) -> List[Tuple[str, str, int]]:
    """(group, word, count) rows, most frequent first per group."""
    return _partials.finalize_words(data, top)


def finalize_agreement(data: bytes) -> Tuple[List[dict], dict]:
    """(per-code pooled rows, the pooled figure across codes)."""
    return _partials.finalize_agreement(data)
