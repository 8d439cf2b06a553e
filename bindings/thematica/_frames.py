"""pandas DataFrames of a project's objects (the bodies of the Project
methods bound in bindings/py_frames.cc)."""

from __future__ import annotations

from typing import Any, Optional

import pandas as pd  # type: ignore[import-untyped]

from . import _retrieval
from ._core import Project


def _names(project: Project) -> dict:
    return {
        "documents": {d.id: d.name for d in project.documents},
        "cases": {c.id: c.name for c in project.cases},
        "codes": {c.id: c.name for c in project.codebook.codes},
        "coders": {c.id: c.name for c in project.coders},
    }


def excerpts_frame(self: Project, code: Any = None, document: Any = None, case: Any = None,
                   coder: Any = None, include_descendants: bool = False,
                   theme: Any = None, provenance: Optional[str] = None) -> pd.DataFrame:
    """Excerpts (filtered as in ``Project.excerpts``), one row each: document,
    case (the cases it speaks for, joined by ", "), start, end, text, codes (list of
    names), coder, and the excerpt's id last. `code` and `theme` may be lists: an
    excerpt with any of the codes (or any code of the themes and their
    sub-themes) is kept. ``provenance`` and ``provenance_detail`` say how each
    excerpt came to be ("human", "rule", "import", "model"; e.g. 'rule "trust"
    (sentence)', 'import from MAXQDA 2024 (project.qde)', 'model run 1f2e…');
    ``provenance="rule"`` keeps only those."""
    names = _names(self)
    rows = []
    several = isinstance(code, (list, tuple, set, frozenset)) or theme is not None
    wanted: Optional[set] = None
    if several:
        wanted = set()
        if code is not None:
            wanted |= _retrieval.code_ids(self, code, include_descendants)
        if theme is not None:
            wanted |= _retrieval.theme_code_ids(self, theme)
    for e in self.excerpts(code=None if several else code, document=document, case=case, coder=coder,
                           include_descendants=include_descendants, provenance=provenance):
        if wanted is not None and not wanted.intersection(e.code_ids):
            continue
        rows.append({
            "id": e.id,
            "document": names["documents"][e.document_id],
            "case": ", ".join(c.name for c in self.excerpt_cases(e)) or None,
            "start": e.start,
            "end": e.end,
            "text": e.text,
            "codes": [names["codes"][c] for c in e.code_ids],
            "coder": names["coders"].get(e.coder_id) if e.coder_id else None,
            "provenance": e.provenance["kind"],
            "provenance_detail": provenance_detail(e.provenance, names["coders"]),
        })
    return pd.DataFrame(rows, columns=["document", "case", "start", "end", "text",
                                       "codes", "coder", "provenance", "provenance_detail", "id"])


def provenance_detail(p: dict, coder_names: Optional[dict] = None) -> Optional[str]:
    """A short human-readable account of an excerpt's provenance dict, or None
    for a person's coding without details."""
    kind = p["kind"]
    if kind == "rule":
        return f'rule "{p.get("rule", "")}"' + (f' ({p["scope"]})' if p.get("scope") else "")
    if kind == "import":
        where = f' ({p["file"]})' if p.get("file") else ""
        return f'import from {p.get("tool") or "another tool"}{where}'
    if kind == "model":
        who = p.get("coder_id")
        who_name = (coder_names or {}).get(who, who) if who else None
        return f'model run {p.get("run_id", "")}' + (f", accepted by {who_name}" if who_name else "")
    return None


def codes_frame(self: Project, include_descendants: bool = False) -> pd.DataFrame:
    """The codebook indexed by code path ("Parent/Child"), one row per code:
    name, parent, depth, definition fields, colour, counts of excerpts,
    documents and cases, and the code's id last."""
    book = self.codebook
    counts = {c.code_id: c for c in self.code_counts(include_descendants=include_descendants)}
    rows = []
    for c in book.codes:
        n = counts[c.id]
        rows.append({
            "id": c.id, "name": c.name, "path": book.path(c),
            "parent": book[c.parent_id].name if c.parent_id else None,
            "depth": book.depth(c), "description": c.description, "inclusion": c.inclusion,
            "exclusion": c.exclusion, "example": c.example, "color": c.color,
            "codable": c.codable, "excerpts": n.excerpts, "documents": n.documents,
            "cases": n.cases,
        })
    return pd.DataFrame(rows, columns=["path", "name", "parent", "depth", "description",
                                       "inclusion", "exclusion", "example", "color", "codable",
                                       "excerpts", "documents", "cases", "id"]).set_index("path")


def cases_frame(self: Project) -> pd.DataFrame:
    """Cases indexed by name, with one column per declared attribute (missing
    values are None), then description and the case's id."""
    attributes = [a.name for a in self.attributes]
    rows = []
    for c in self.cases:
        row: dict = {"name": c.name}
        values = c.attributes
        for a in attributes:
            row[a] = values.get(a)
        row.update({"description": c.description, "id": c.id})
        rows.append(row)
    frame = pd.DataFrame(rows, columns=["name", *attributes, "description", "id"])
    return frame.set_index("name")


def documents_frame(self: Project) -> pd.DataFrame:
    """Documents indexed by name: case, length (code points), excerpts, and the
    document's id."""
    names = _names(self)
    per_document: dict = {}
    for e in self.excerpts():
        per_document[e.document_id] = per_document.get(e.document_id, 0) + 1
    rows = [{"name": d.name,
             "case": names["cases"].get(d.case_id) if d.case_id else None,
             "length": len(d), "excerpts": per_document.get(d.id, 0), "id": d.id} for d in self.documents]
    return pd.DataFrame(rows, columns=["name", "case", "length", "excerpts", "id"]).set_index("name")


def themes_frame(self: Project) -> pd.DataFrame:
    """Themes in hierarchy order, indexed by path ("Theme/Sub-theme"): name,
    parent, depth, description, codes (names, sub-themes' included), and the
    theme's id last."""
    names = _names(self)
    rows = []

    stack = [(t, t.name) for t in reversed(self.subthemes(None))]
    while stack:  # Depth first, in order, without recursion.
        t, path = stack.pop()
        rows.append({
            "path": path, "name": t.name,
            "parent": self.theme(t.parent_id).name if t.parent_id else None,
            "depth": self.theme_depth(t), "description": t.description,
            "codes": [names["codes"][c.id] for c in self.theme_codes(t)], "id": t.id,
        })
        stack.extend((s, f"{path}/{s.name}") for s in reversed(self.subthemes(t)))
    return pd.DataFrame(rows, columns=["path", "name", "parent", "depth", "description", "codes",
                                       "id"]).set_index("path")
