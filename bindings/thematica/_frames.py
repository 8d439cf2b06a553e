"""pandas DataFrames of a project's objects (attached to Project as methods)."""

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
                   theme: Any = None) -> pd.DataFrame:
    """Excerpts (filtered as in ``Project.excerpts``), one row each: id, document,
    case (the cases it speaks for, joined by ", "), start, end, text, codes (list of
    names), coder. `code` and `theme` may be lists: an excerpt with any of the
    codes (or any code of the themes and their sub-themes) is kept."""
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
                           include_descendants=include_descendants):
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
        })
    return pd.DataFrame(rows, columns=["id", "document", "case", "start", "end", "text",
                                       "codes", "coder"])


def codes_frame(self: Project, include_descendants: bool = False) -> pd.DataFrame:
    """The codebook, one row per code: id, name, path, parent, depth, definition
    fields, colour, and counts of excerpts, documents and cases."""
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
    return pd.DataFrame(rows, columns=["id", "name", "path", "parent", "depth", "description",
                                       "inclusion", "exclusion", "example", "color", "codable",
                                       "excerpts", "documents", "cases"])


def cases_frame(self: Project) -> pd.DataFrame:
    """Cases, one row each, with one column per declared attribute (missing
    values are None)."""
    attributes = [a.name for a in self.attributes]
    rows = []
    for c in self.cases:
        row: dict = {"id": c.id, "name": c.name, "description": c.description}
        values = c.attributes
        for a in attributes:
            row[a] = values.get(a)
        rows.append(row)
    return pd.DataFrame(rows, columns=["id", "name", "description", *attributes])


def documents_frame(self: Project) -> pd.DataFrame:
    """Documents, one row each: id, name, case, length (code points), excerpts."""
    names = _names(self)
    per_document: dict = {}
    for e in self.excerpts():
        per_document[e.document_id] = per_document.get(e.document_id, 0) + 1
    rows = [{"id": d.id, "name": d.name,
             "case": names["cases"].get(d.case_id) if d.case_id else None,
             "length": len(d), "excerpts": per_document.get(d.id, 0)} for d in self.documents]
    return pd.DataFrame(rows, columns=["id", "name", "case", "length", "excerpts"])


def themes_frame(self: Project) -> pd.DataFrame:
    """Themes in hierarchy order: id, name, parent, depth, description, codes
    (names, sub-themes' included)."""
    names = _names(self)
    rows = []

    def visit(theme: Optional[Any]) -> None:
        for t in self.subthemes(theme):
            rows.append({
                "id": t.id, "name": t.name,
                "parent": self.theme(t.parent_id).name if t.parent_id else None,
                "depth": self.theme_depth(t), "description": t.description,
                "codes": [names["codes"][c.id] for c in self.theme_codes(t)],
            })
            visit(t)

    visit(None)
    return pd.DataFrame(rows, columns=["id", "name", "parent", "depth", "description", "codes"])


Project.excerpts_frame = excerpts_frame  # type: ignore[method-assign]
Project.codes_frame = codes_frame  # type: ignore[method-assign]
Project.cases_frame = cases_frame  # type: ignore[method-assign]
Project.documents_frame = documents_frame  # type: ignore[method-assign]
Project.themes_frame = themes_frame  # type: ignore[method-assign]
