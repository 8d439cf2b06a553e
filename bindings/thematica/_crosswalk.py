"""Codebook crosswalk between groups: suggested correspondences between two
codebooks (``thematica.crosswalk``) and recoding a project onto the other
codebook (``Project.apply_crosswalk``)."""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

import pandas as pd  # type: ignore[import-untyped]

from . import _core
from ._core import Project

_COLUMNS = ["code_a", "code_b", "relation", "evidence", "score", "id_a", "id_b"]
_WORD = re.compile(r"\w+", re.UNICODE)


def _as_project(source: Any, what: str) -> Project:
    if isinstance(source, Project):
        return source
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        ext = os.path.splitext(path)[1].lower()
        from . import _refi
        if ext == ".qdc":
            return _refi.read_qdc(path).project
        if ext == ".qdpx":
            return _refi.read_qdpx(path).project
        if ext == ".csv":
            return _refi.read_codebook_csv(path)
        return _core.load(path)
    raise _core.InvalidArgumentError(
        f"{what}: expected a Project or a path (.thematica, .json, .qdpx, .qdc, .csv), "
        f"not {type(source).__name__}")


def _norm(name: str) -> str:
    return " ".join(_WORD.findall(name.casefold()))


def _words(text: str) -> set:
    return {w for w in _WORD.findall(text.casefold()) if len(w) > 2}


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _name_similarity(a: str, b: str) -> float:
    na, nb = _norm(a), _norm(b)
    if not na or not nb:
        return 0.0
    if na == nb:
        return 1.0
    return difflib.SequenceMatcher(None, na, nb).ratio()


def _definition(code: Any) -> str:
    return " ".join(x for x in (code.description, code.inclusion, code.example) if x)


def _document_keys(p: Project) -> Dict[str, str]:
    """Document id → a key shared by the same text in another project."""
    return {d.id: hashlib.sha256(d.text.encode("utf-8")).hexdigest() for d in p.documents}


def _coded_points(p: Project) -> Dict[str, Dict[str, List[Tuple[int, int]]]]:
    """Code id → text hash → merged [start, end) ranges the code (or a
    descendant) covers: the code points it was applied to."""
    keys = _document_keys(p)
    ranges: Dict[str, Dict[str, List[Tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    ancestors: Dict[str, List[str]] = {}
    for code in p.codebook.codes:
        chain, parent = [code.id], code.parent_id
        while parent:
            chain.append(parent)
            parent = p.codebook[parent].parent_id
        ancestors[code.id] = chain
    for e in p.excerpts():
        key = keys[e.document_id]
        for code_id in e.code_ids:
            for c in ancestors.get(code_id, [code_id]):
                ranges[c][key].append((e.start, e.end))
    merged: Dict[str, Dict[str, List[Tuple[int, int]]]] = {}
    for c, by_doc in ranges.items():
        merged[c] = {}
        for key, spans in by_doc.items():
            spans.sort()
            out: List[Tuple[int, int]] = []
            for s, t in spans:
                if out and s <= out[-1][1]:
                    out[-1] = (out[-1][0], max(out[-1][1], t))
                else:
                    out.append((s, t))
            merged[c][key] = out
    return merged


def _length(spans: Iterable[Tuple[int, int]]) -> int:
    return sum(t - s for s, t in spans)


def _intersection(a: Sequence[Tuple[int, int]], b: Sequence[Tuple[int, int]]) -> int:
    i = j = total = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if lo < hi:
            total += hi - lo
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


def crosswalk(a: Any, b: Any, min_score: float = 0.5) -> pd.DataFrame:
    """Suggested correspondences between the codebooks of `a` and `b`
    (Projects, or paths to a project, a ``.qdpx``, a ``.qdc`` codebook or a
    codebook ``.csv``), one row per pair scoring at least `min_score`:
    code_a, code_b (paths, "/"-separated), relation (``same`` | ``broader``
    (code_a is broader than code_b) | ``narrower`` | ``related``), evidence
    (what the suggestion rests on), score (0..1), id_a, id_b.

    Evidence: name and path similarity (casefolded, difflib ratio), definition
    similarity (word Jaccard over description, inclusion and example), and —
    when both projects coded the same documents (matched by a hash of their
    text) — the overlap of their codings: Jaccard on code points, and how much
    of each code's points the other covers (a code that covers ≥ 80 % of the
    other's points but not the reverse is broader)."""
    pa, pb = _as_project(a, "a"), _as_project(b, "b")
    codes_a, codes_b = list(pa.codebook.codes), list(pb.codebook.codes)
    points_a, points_b = _coded_points(pa), _coded_points(pb)
    shared_docs = set(_document_keys(pa).values()) & set(_document_keys(pb).values())
    paths_a = {c.id: pa.codebook.path(c.id, separator="/") for c in codes_a}
    paths_b = {c.id: pb.codebook.path(c.id, separator="/") for c in codes_b}
    words_a = {c.id: _words(_definition(c)) for c in codes_a}
    words_b = {c.id: _words(_definition(c)) for c in codes_b}
    names_b_norm = {_norm(c.name) for c in codes_b}
    rows = []
    for ca in codes_a:
        parent_a = pa.codebook[ca.parent_id].name if ca.parent_id else ""
        for cb in codes_b:
            parent_b = pb.codebook[cb.parent_id].name if cb.parent_id else ""
            evidence: List[str] = []
            name = _name_similarity(ca.name, cb.name)
            path = _name_similarity(paths_a[ca.id], paths_b[cb.id])
            signals: List[Tuple[float, float]] = [(max(name, 0.9 * path), 0.5)]
            if name >= 0.6:
                evidence.append(f"name {name:.2f}")
            if path >= 0.6 and path > name:
                evidence.append(f"path {path:.2f}")
            relation = "same" if name >= 0.85 else "related"
            if words_a[ca.id] and words_b[cb.id]:
                definition = _jaccard(words_a[ca.id], words_b[cb.id])
                signals.append((definition, 0.3))
                if definition >= 0.2:
                    evidence.append(f"definition {definition:.2f}")
            # Hierarchy by name: B's code sits under a code named like A's.
            if parent_b and _name_similarity(parent_b, ca.name) >= 0.85 and _norm(cb.name) not in {
                    _norm(c.name) for c in codes_a}:
                relation = "broader"
                signals.append((0.8, 0.5))
                evidence.append(f"B's \"{cb.name}\" sits under \"{parent_b}\"")
            elif parent_a and _name_similarity(parent_a, cb.name) >= 0.85 and _norm(ca.name) not in names_b_norm:
                relation = "narrower"
                signals.append((0.8, 0.5))
                evidence.append(f"A's \"{ca.name}\" sits under \"{parent_a}\"")
            da, db = points_a.get(ca.id, {}), points_b.get(cb.id, {})
            docs = shared_docs & (set(da) | set(db))
            if docs and da and db:
                inter = sum(_intersection(da.get(k, []), db.get(k, [])) for k in docs)
                len_a = sum(_length(da.get(k, [])) for k in docs)
                len_b = sum(_length(db.get(k, [])) for k in docs)
                union = len_a + len_b - inter
                jac = inter / union if union else 0.0
                cover_b = inter / len_b if len_b else 0.0  # Share of B's points inside A's.
                cover_a = inter / len_a if len_a else 0.0
                if inter:
                    evidence.append(f"codings overlap J={jac:.2f} (A covers {cover_b:.0%} of B, "
                                    f"B covers {cover_a:.0%} of A)")
                signals.append((max(jac, 0.8 * max(cover_a, cover_b)), 1.0))
                if jac >= 0.7:
                    relation = "same"
                elif cover_b >= 0.8 and cover_a < 0.8:
                    relation = "broader"
                elif cover_a >= 0.8 and cover_b < 0.8:
                    relation = "narrower"
                elif jac >= 0.1 and relation not in ("broader", "narrower"):
                    relation = "related" if name < 0.85 else "same"
            weight = sum(w for _, w in signals)
            score = sum(s * w for s, w in signals) / weight
            score = max(score, name if name >= 0.85 else 0.0)
            if score >= min_score and evidence:
                rows.append((paths_a[ca.id], paths_b[cb.id], relation, "; ".join(evidence),
                             round(score, 4), ca.id, cb.id))
    frame = pd.DataFrame(rows, columns=_COLUMNS)
    return frame.sort_values(["code_a", "score"], ascending=[True, False], kind="stable",
                             ignore_index=True)


@dataclass
class CrosswalkReport:
    """What ``Project.apply_crosswalk`` did: codes created (paths), excerpts
    recoded, and what it could not map (codes with no target, targets it
    could not create)."""

    created_codes: List[str] = field(default_factory=list)
    recoded_excerpts: int = 0
    removed_codes: List[str] = field(default_factory=list)
    unmapped: List[str] = field(default_factory=list)
    split: List[str] = field(default_factory=list)

    def frame(self) -> pd.DataFrame:
        rows = [("created", c) for c in self.created_codes]
        rows += [("removed", c) for c in self.removed_codes]
        rows += [("unmapped", c) for c in self.unmapped]
        rows += [("split", c) for c in self.split]
        return pd.DataFrame(rows, columns=["what", "code"])


def _mapping_pairs(project: Project, mapping: Any) -> Dict[str, List[str]]:
    """Old code id → target paths, from a crosswalk frame or a dict."""
    pairs: Dict[str, List[str]] = defaultdict(list)
    if isinstance(mapping, pd.DataFrame):
        if "code_a" not in mapping.columns or "code_b" not in mapping.columns:
            raise _core.InvalidArgumentError("a crosswalk frame needs columns code_a and code_b")
        items: List[Tuple[Any, Any]] = []
        for row in mapping.itertuples(index=False):
            old = getattr(row, "id_a", None) if "id_a" in mapping.columns else None
            items.append((old if old and old in project.codebook else row.code_a, row.code_b))
    elif isinstance(mapping, Mapping):
        items = list(mapping.items())
    else:
        raise _core.InvalidArgumentError(
            f"mapping: expected a crosswalk DataFrame or a dict, not {type(mapping).__name__}")
    for old, new in items:
        code = project.codebook.find(old if isinstance(old, str) else old.id)
        targets = [new] if isinstance(new, str) else list(new)
        for t in targets:
            if not isinstance(t, str) or not t.strip():
                raise _core.InvalidArgumentError(f"mapping of {old!r}: target {t!r} is not a code path")
            if t not in pairs[code.id]:
                pairs[code.id].append(t)
    return pairs


def _find(project: Project, path: str) -> Optional[str]:
    """The id of the code at `path` ("/"-separated names from the root), or None."""
    parent = ""
    for part in path.split("/"):
        match = [c for c in project.codebook.children(parent or None) if c.name == part]
        if not match:
            return None
        parent = match[0].id
    return parent or None


def _ensure_path(project: Project, path: str, created: List[str]) -> str:
    found = _find(project, path)
    if found:
        return found
    parent = None
    parts = [x for x in path.split("/") if x]
    for i, part in enumerate(parts):
        sub = "/".join(parts[: i + 1])
        here = _find(project, sub)
        if here:
            parent = here
        else:
            parent = project.codebook.add_code(part, parent=parent).id
            created.append(sub)
    assert parent is not None
    return parent


def apply_crosswalk(self: Project, mapping: Any, remove_old: bool = True) -> CrosswalkReport:
    """Recodes the project onto another codebook. `mapping`: a frame from
    ``thematica.crosswalk`` (rows code_a → code_b; filter it first to the rows
    you accept) or a dict old → new, where old is a code (path, id or Code)
    and new a code path ("/"-separated) or a list of paths. Several old codes
    mapped to one new code merge; one old code mapped to several new codes
    splits (its excerpts get every target, listed under ``split`` for review).
    Target codes missing from the project are created. With `remove_old`,
    mapped codes no longer used and not themselves targets are removed.
    Codes still used that the mapping does not name are reported in
    ``unmapped`` and kept. The whole recoding is one step of the change log.
    Bad mappings raise before anything changes."""
    pairs = _mapping_pairs(self, mapping)
    report = CrosswalkReport()
    # Codes whose ids are themselves targets (already on the new codebook).
    with _Step(self):
        targets: Dict[str, List[str]] = {
            old: [_ensure_path(self, t, report.created_codes) for t in paths]
            for old, paths in pairs.items()}
        for old, ids in targets.items():
            if len(ids) > 1:
                report.split.append(self.codebook.path(old, separator="/"))
        target_ids = {t for ids in targets.values() for t in ids}
        used = set()
        for e in list(self.excerpts()):
            new_codes: List[str] = []
            for c in e.code_ids:
                for t in targets.get(c, [c]):
                    if t not in new_codes:
                        new_codes.append(t)
            used.update(e.code_ids)
            if new_codes != list(e.code_ids):
                self.update_excerpt(e, codes=new_codes)
                report.recoded_excerpts += 1
        for c in sorted(used - set(targets) - target_ids):
            report.unmapped.append(self.codebook.path(c, separator="/"))
        if remove_old:
            for old in targets:
                if old in target_ids or old not in self.codebook:
                    continue
                if self.codebook.children(old):
                    continue
                report.removed_codes.append(self.codebook.path(old, separator="/"))
                self.codebook.remove(old, cascade=True)
    return report


class _Step:
    """Groups the edits made inside it into one change-log step."""

    def __init__(self, project: Project) -> None:
        self.project = project

    def __enter__(self) -> "_Step":
        self.last = self.project._last_seq
        self.project._begin_change("apply_crosswalk")
        return self

    def __exit__(self, kind: Any, *exc: Any) -> None:
        self.project._end_change()
        # A failure half-way leaves the project as it was.
        if kind is not None and self.project._last_seq != self.last and self.project.can_undo:
            self.project.undo()


def main(argv: Optional[Sequence[str]] = None) -> int:
    """`python -m thematica._crosswalk A B [--csv] [--min-score S]`, what
    `thematica crosswalk` runs: the suggested correspondences as an aligned
    table, or CSV."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="thematica crosswalk")
    parser.add_argument("a")
    parser.add_argument("b")
    parser.add_argument("--csv", action="store_true")
    parser.add_argument("--min-score", type=float, default=0.5)
    args = parser.parse_args(argv)
    try:
        frame = crosswalk(args.a, args.b, min_score=args.min_score)
    except (OSError, ValueError, KeyError, _core.Error) as e:
        print(f"thematica crosswalk: {e}", file=sys.stderr)
        return 1
    frame = frame.drop(columns=[c for c in ("id_a", "id_b") if c in frame.columns])
    if args.csv:
        sys.stdout.write(frame.to_csv(index=False))
    elif frame.empty:
        print("no correspondences scored at least", args.min_score)
    else:
        print(frame.to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
