"""Project-level agreement as DataFrames (the bodies of the
Project methods bound in bindings/py_frames.cc, through thematica.ai for runs)."""

from __future__ import annotations

import dataclasses
from typing import Any, Dict, List, Optional, Sequence, Tuple

import pandas as pd  # type: ignore[import-untyped]

from ._core import Project
from .agreement import UnitizedAlphaResult


ALL_DOCUMENTS = "(all documents)"


def _coder_ids(project: Project, side: Any) -> List[str]:
    members = side if isinstance(side, (list, tuple, set, frozenset)) else [side]
    return [project.coder(m).id for m in members]


def _code_ids(project: Project, codes: Optional[Sequence[Any]]) -> List[str]:
    return [] if codes is None else [project.codebook.find(c).id for c in codes]


def agreement(self: Project, coders: Sequence[Any], method: str = "nvivo",
              codes: Optional[Sequence[Any]] = None, min_overlap: float = 0.9,
              per_document: bool = False, documents: str = "double-coded") -> pd.DataFrame:
    """Agreement of two coders (or coder groups: give a list for a group) per code.

    method "nvivo": character-level percent agreement and Cohen's kappa (columns
    both, only_a, only_b, neither, total, percent, kappa); "segment": MAXQDA's
    segment agreement with `min_overlap` (segments_a, segments_b, agreed_a,
    agreed_b, percent, kappa). One row per code pooled over documents, or with
    per_document=True one row per code and document either side coded (plus the
    pooled rows, whose document is "(all documents)"). The pooled nvivo figures
    cover, by default, only the documents both sides coded (documents=
    "double-coded"; a document one side never looked at would count as
    agreement on "not coded"); documents="all" pools over every document. The
    frame's ``attrs["documents"]`` names the documents covered (see
    `pooled_agreement` for one figure across codes)."""
    if len(coders) != 2:
        raise ValueError("agreement compares two coders or coder groups: coders=[a, b]")
    a, b = (_coder_ids(self, side) for side in coders)
    ids = _code_ids(self, codes)
    if method == "nvivo":
        columns = self._character_agreement(a, b, ids, documents)
    elif method == "segment":
        columns = self._segment_agreement(a, b, min_overlap, ids)
    else:
        raise ValueError(f'unknown method "{method}" (expected nvivo or segment)')
    frame = pd.DataFrame(columns)
    frame.insert(0, "code", [self.codebook.path(c) for c in frame["code_id"]])
    frame.insert(1, "document", [self.document(d).name if d else ALL_DOCUMENTS for d in frame["document_id"]])
    frame = frame.drop(columns=["code_id", "document_id"])
    if method == "nvivo":
        covered = self._pooled_agreement(a, b, ids, documents)["document_ids"]
        covered_names = [self.document(d).name for d in covered]
    else:
        covered_names = [d.name for d in self.documents]
    if not per_document:
        frame = frame[frame["document"] == ALL_DOCUMENTS].drop(columns=["document"]).set_index("code")
    else:
        frame = frame.set_index(["code", "document"])
    frame.attrs["documents"] = covered_names
    return frame


@dataclasses.dataclass(frozen=True)
class PooledAgreementResult:
    """One agreement figure across codes: the character tables of every
    compared code in every covered document summed (a character counts once
    per code). ``documents`` names the documents covered, ``scope`` says how
    they were chosen ("double-coded" or "all")."""

    percent: float
    kappa: float
    alpha: float
    scope: str
    documents: List[str]
    characters: int
    codes: int
    both: int
    only_a: int
    only_b: int
    neither: int

    def frame(self) -> pd.DataFrame:
        """One row: percent, kappa, alpha, documents (count), characters, codes."""
        return pd.DataFrame([{"percent": self.percent, "kappa": self.kappa, "alpha": self.alpha,
                              "documents": len(self.documents), "characters": self.characters,
                              "codes": self.codes}])

    def __str__(self) -> str:
        return (f"percent agreement {self.percent:.3f}, kappa {self.kappa:.3f}, alpha {self.alpha:.3f} "
                f"over {self.codes} code{'s' if self.codes != 1 else ''} in {len(self.documents)} "
                f"{self.scope} document{'s' if len(self.documents) != 1 else ''}")


def pooled_agreement(self: Project, coders: Sequence[Any], codes: Optional[Sequence[Any]] = None,
                     documents: str = "double-coded") -> PooledAgreementResult:
    """One figure across codes as papers report it: character-level percent
    agreement, Cohen's kappa and Krippendorff's alpha of the pooled tables.
    documents="double-coded" (the default) covers only documents both sides
    coded; "all" every document of the project."""
    if len(coders) != 2:
        raise ValueError("agreement compares two coders or coder groups: coders=[a, b]")
    a, b = (_coder_ids(self, side) for side in coders)
    r = self._pooled_agreement(a, b, _code_ids(self, codes), documents)
    return PooledAgreementResult(
        percent=r["percent"], kappa=r["kappa"], alpha=r["alpha"], scope=documents,
        documents=[self.document(d).name for d in r["document_ids"]], characters=r["characters"],
        codes=r["codes"], both=r["both"], only_a=r["only_a"], only_b=r["only_b"], neither=r["neither"])


def _side_name(project: Project, side: Any) -> str:
    return "+".join(project.coder(c).name for c in _coder_ids(project, side))


def _segment_pairs(self: Project, a: Any, b: Any, codes: Optional[Sequence[Any]]) -> pd.DataFrame:
    side_of = {c: 0 for c in _coder_ids(self, a)}
    for c in _coder_ids(self, b):
        if c in side_of:
            raise ValueError(f'coder "{self.coder(c).name}" is on both sides of the comparison')
        side_of[c] = 1
    wanted = None if codes is None else set(_code_ids(self, codes))
    names = (_side_name(self, a), _side_name(self, b))
    # Per (document, code): each side's coded ranges, merged where they overlap.
    spans: Dict[Tuple[str, str], Tuple[List[List[int]], List[List[int]]]] = {}
    for e in self.excerpts():
        side = side_of.get(e.coder_id or "")
        if side is None:
            continue
        for code in e.code_ids:
            if wanted is None or code in wanted:
                spans.setdefault((e.document_id, code), ([], []))[side].append([e.start, e.end])
    documents = {d.id: i for i, d in enumerate(self.documents)}
    code_order = {c.id: i for i, c in enumerate(self.codebook.codes)}
    rows = []
    for (doc, code), sides in sorted(spans.items(), key=lambda kv: (documents[kv[0][0]], code_order[kv[0][1]])):
        text = self.document(doc).text
        tagged = sorted((lo, hi, side) for side in (0, 1) for lo, hi in _merge(sides[side]))
        # Connected groups of overlapping ranges across the two sides.
        groups: List[List[Tuple[int, int, int]]] = []
        reach = -1
        for lo, hi, side in tagged:
            if groups and lo < reach:
                groups[-1].append((lo, hi, side))
                reach = max(reach, hi)
            else:
                groups.append([(lo, hi, side)])
                reach = hi
        for group in groups:
            mine = [[(lo, hi) for lo, hi, side in group if side == k] for k in (0, 1)]
            if mine[0] == mine[1]:
                continue
            row: Dict[str, Any] = {"document": self.document(doc).name, "code": self.codebook.path(code)}
            quoted = []
            for k, prefix in ((0, "a"), (1, "b")):
                ranges = mine[k]
                row[f"{prefix}_start"] = ranges[0][0] if ranges else None
                row[f"{prefix}_end"] = ranges[-1][1] if ranges else None
                row[f"{prefix}_text"] = " … ".join(text[s:e] for s, e in ranges) if ranges else None
                quoted.append(f"{names[k]}: " + (f"“{row[f'{prefix}_text']}”" if ranges else "(not coded)"))
            row["pair"] = " / ".join(quoted)
            rows.append(row)
    columns = ["document", "code", "a_start", "a_end", "a_text", "b_start", "b_end", "b_text", "pair"]
    frame = pd.DataFrame(rows, columns=columns)
    for col in ("a_start", "a_end", "b_start", "b_end"):
        frame[col] = frame[col].astype("Int64")
    frame.attrs["sides"] = names
    return frame


def _merge(ranges: List[List[int]]) -> List[Tuple[int, int]]:
    out: List[List[int]] = []
    for s, e in sorted(ranges):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def disagreements(self: Project, a: Any, b: Any, codes: Optional[Sequence[Any]] = None,
                  by: str = "segment") -> pd.DataFrame:
    """Where two coders (or groups: give a list) disagree, in document order.

    by="segment" (the default): one row per code and group of overlapping coded
    segments that differ — what a team discusses: document, code (path),
    a_start, a_end, a_text, b_start, b_end, b_text (empty on the side that did
    not code it; several segments of one side joined with " … ") and pair, e.g.
    'Ana: “I was lost” / Ben: “I was lost at first”'.
    by="stretch": the elementary stretches where the sides' sets of codes
    differ: document, start, end, text, codes_a, codes_b (code paths)."""
    if by == "segment":
        return _segment_pairs(self, a, b, codes)
    if by != "stretch":
        raise ValueError(f'unknown by="{by}" (expected "segment" or "stretch")')
    rows = self._disagreements(_coder_ids(self, a), _coder_ids(self, b), _code_ids(self, codes))
    return pd.DataFrame(
        [{"document": self.document(d).name, "start": s, "end": e, "text": t,
          "codes_a": [self.codebook.path(c) for c in ca],
          "codes_b": [self.codebook.path(c) for c in cb]} for d, s, e, t, ca, cb in rows],
        columns=["document", "start", "end", "text", "codes_a", "codes_b"])


@dataclasses.dataclass(frozen=True)
class ProjectUnitizedAlpha(UnitizedAlphaResult):
    """`UnitizedAlphaResult` of a project's codes, with ``per_code``: (k)uα and
    coverage per code path (also what ``.frame()`` returns)."""

    per_code: pd.DataFrame = dataclasses.field(default=None, compare=False)  # type: ignore[assignment]

    def frame(self) -> pd.DataFrame:
        return self.per_code


def unitized_alpha(self: Project, coders: Sequence[Any], codes: Sequence[Any]) -> ProjectUnitizedAlpha:
    """Krippendorff's unitized alphas of `coders` (two or more) on `codes` (a
    semantic domain: codes that exclude each other), the documents taken as one
    continuum of code points: a typed result with u_alpha, binary_alpha,
    cu_alpha, cu_coverage, per_value {code path: (alpha, coverage)} and
    per_code (a DataFrame of (k)uα and coverage per code; also ``.frame()``);
    readable as a dict too. cu_alpha and a code's alpha are None where undefined."""
    coder_ids = [self.coder(c).id for c in coders]
    code_ids = _code_ids(self, codes)
    r = self._unitized_alpha(coder_ids, code_ids)
    paths = [self.codebook.path(c) for c in code_ids]
    per_value = dict(zip(paths, r["per_value"]))
    per_code = pd.DataFrame([{"code": p, "alpha": a, "coverage": cov} for p, (a, cov) in per_value.items()],
                            columns=["code", "alpha", "coverage"]).set_index("code")
    return ProjectUnitizedAlpha(u_alpha=r["u_alpha"], binary_alpha=r["binary_alpha"],
                                cu_alpha=r["cu_alpha"], cu_coverage=r["cu_coverage"],
                                per_value=per_value, per_code=per_code)
