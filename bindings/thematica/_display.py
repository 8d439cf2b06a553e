"""The thematic map object, the theme report, and compact notebook displays
(``_repr_html_``) for projects, codebooks, codes, documents, themes and
excerpts. Attached to the classes of thematica._core."""

from __future__ import annotations

from typing import Any, Optional

from . import _core
from ._core import Code, Codebook, Document, Excerpt, Project, Theme

_esc = _core._html_escape


class ThematicMap:
    """The thematic map of a project: ``.dot`` (Graphviz source), ``.svg()``,
    ``.png(path=None)``; shows itself in Jupyter. Rendering needs Graphviz's
    ``dot`` (Debian: graphviz); without it ``svg()`` raises a clear error."""

    def __init__(self, dot: str) -> None:
        self.dot = dot
        self._svg: Optional[str] = None

    def svg(self) -> str:
        if self._svg is None:
            self._svg = _core._render_dot(self.dot, "svg").decode("utf-8")
        return self._svg

    def png(self, path: Optional[str] = None) -> bytes:
        data = _core._render_dot(self.dot, "png")
        if path is not None:
            with open(path, "wb") as f:
                f.write(data)
        return data

    def _repr_svg_(self) -> str:
        return self.svg()

    def __repr__(self) -> str:
        return f"<ThematicMap {self.dot.count(' -> ')} relations>"


def thematic_map(self: Project, show_codes: bool = False) -> ThematicMap:
    """Themes and sub-themes as nested clusters (with excerpt and participant
    counts), relations as labelled arrows, the core theme emphasised
    (metadata core=true, else the theme with the most relations)."""
    return ThematicMap(self._map_dot(show_codes))


def report(self: Project, attribute: str = "role", format: str = "markdown",
           with_map: bool = True) -> str:
    """The theme report: each theme in hierarchy order with description,
    sub-themes, codes, participants by `attribute`, and its quotes attributed
    as papers print them, "(P13, peer worker)". HTML is one self-contained file
    with the map inlined (when with_map and Graphviz is installed)."""
    svg = ""
    if format == "html" and with_map:
        svg = self.thematic_map().svg()
    return self._report(attribute, format, svg)


def _table(rows: list, head: list) -> str:
    cells = "".join(f"<th>{_esc(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{_esc(str(c))}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"


def _project_html(self: Project) -> str:
    counts = [("documents", len(self.documents)), ("cases", len(self.cases)),
              ("codes", len(self.codebook)), ("excerpts", len(self.excerpts())),
              ("themes", len(self.themes)), ("relations", len(self.relations)),
              ("coders", len(self.coders)), ("memos", len(self.memos))]
    return (f"<div><strong>{_esc(self.title or 'Untitled project')}</strong>"
            + _table([[n for _, n in counts]], [k for k, _ in counts]) + "</div>")


def _codebook_html(self: Codebook, limit: int = 200) -> str:
    rows = []
    for c in self.codes[:limit]:
        indent = "\u2003" * self.depth(c)
        rows.append([indent + c.name, c.description[:120]])
    more = f"<p>… and {len(self) - limit} more codes</p>" if len(self) > limit else ""
    return f"<div><strong>Codebook</strong> ({len(self)} codes)" + _table(rows, ["code", "definition"]) + more + "</div>"


def _code_html(self: Code) -> str:
    parts = [f"<strong>{_esc(self.name)}</strong>"]
    for label, value in [("Definition", self.description), ("Include", self.inclusion),
                         ("Exclude", self.exclusion), ("Example", self.example)]:
        if value:
            parts.append(f"<br><em>{label}:</em> {_esc(value)}")
    return "<div>" + "".join(parts) + "</div>"


def _theme_html(self: Theme) -> str:
    text = f"<strong>{_esc(self.name)}</strong>"
    if self.description:
        text += f"<br>{_esc(self.description)}"
    return f"<div>{text}<br><small>{len(self.code_ids)} codes</small></div>"


def _excerpt_html(self: Excerpt) -> str:
    return (f"<blockquote>“{_esc(self.text)}”<br><small>[{self.start}, {self.end})</small>"
            "</blockquote>")


def _document_html(self: Document) -> str:
    preview = self.text[:300] + ("…" if len(self.text) > 300 else "")
    return f"<div><strong>{_esc(self.name)}</strong> ({len(self)} characters)<br>{_esc(preview)}</div>"


Project.thematic_map = thematic_map  # type: ignore[method-assign]
Project.report = report  # type: ignore[method-assign]
Project._repr_html_ = _project_html  # type: ignore[attr-defined,method-assign]
Codebook._repr_html_ = _codebook_html  # type: ignore[attr-defined,method-assign]
Code._repr_html_ = _code_html  # type: ignore[attr-defined,method-assign]
Theme._repr_html_ = _theme_html  # type: ignore[attr-defined,method-assign]
Excerpt._repr_html_ = _excerpt_html  # type: ignore[attr-defined,method-assign]
Document._repr_html_ = _document_html  # type: ignore[attr-defined,method-assign]

__all__ = ["ThematicMap"]
