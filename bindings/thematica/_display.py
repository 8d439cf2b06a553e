"""The thematic map object, the theme report, and compact notebook displays
(``_repr_html_``) for projects, codebooks, codes, documents, themes and
excerpts: the bodies of the methods bound on the classes of thematica._core in
bindings/py_frames.cc."""

from __future__ import annotations

import base64
import importlib.util
import pathlib
from typing import Any, List, Optional

from . import _core
from ._core import Code, Codebook, Document, Excerpt, Project, Theme

_esc = _core._html_escape


class ThematicMap:
    """The thematic map of a project: ``.dot`` (Graphviz source), ``.svg()``
    (scales to the width of its container), ``.png(path=None)``,
    ``.pdf(path=None)``, ``.save(path)`` by suffix; shows itself in Jupyter at
    the cell's width. Rendering needs Graphviz (Debian: graphviz); without it
    ``svg()`` raises a clear error."""

    def __init__(self, dot: str, engine: str = "dot") -> None:
        self.dot = dot
        self.engine = engine
        self._svg: Optional[str] = None

    def _render(self, format: str) -> bytes:
        return _core._render_dot(self.dot, format, self.engine)

    def svg(self) -> str:
        if self._svg is None:
            self._svg = _core._scalable_svg(self._render("svg").decode("utf-8"))
        return self._svg

    def png(self, path: Optional[str] = None) -> bytes:
        return self._write(self._render("png"), path)

    def pdf(self, path: Optional[str] = None) -> bytes:
        return self._write(self._render("pdf"), path)

    def save(self, path: str) -> None:
        """Writes .svg, .png, .pdf or .dot, by the file's suffix."""
        suffix = pathlib.Path(path).suffix.lower()
        if suffix == ".svg":
            self._write(self.svg().encode("utf-8"), path)
        elif suffix in (".png", ".pdf"):
            self._write(self._render(suffix[1:]), path)
        elif suffix in (".dot", ".gv"):
            self._write(self.dot.encode("utf-8"), path)
        else:
            raise ValueError(f'cannot write a map as "{path}": use .svg, .png, .pdf or .dot')

    @staticmethod
    def _write(data: bytes, path: Optional[str]) -> bytes:
        if path is not None:
            with open(path, "wb") as f:
                f.write(data)
        return data

    def _repr_svg_(self) -> str:
        return self.svg()

    def __repr__(self) -> str:
        return f"<ThematicMap {self.dot.count(' -> ')} relations>"


def thematic_map(self: Project, show_codes: bool = False, wrap: int = 24, size: str = "6.5,9",
                 ratio: str = "", rankdir: str = "LR", engine: str = "dot", font: str = "Helvetica",
                 font_size: float = 14) -> ThematicMap:
    """Themes and sub-themes as nested clusters (with excerpt and participant
    counts), relations as labelled arrows, the core theme emphasised
    (metadata core=true, else the theme with the most relations).

    Options: labels wrap at `wrap` characters (0: never); `size` "W,H" in
    inches scales a larger drawing down to fit (6.5 in: a page's text width);
    `ratio` is Graphviz's ("fill", "compress", a number; "" natural);
    `rankdir` LR (default)/TB/BT/RL; `engine` the Graphviz layout program (dot, neato,
    fdp, …); `font` and `font_size` (points before scaling)."""
    return ThematicMap(self._map_dot(show_codes, wrap, size, ratio, rankdir, font, font_size), engine)


def _quote_limit(max_quotes: int, quotes: Optional[str]) -> int:
    if quotes is None:
        if max_quotes < 1:
            raise ValueError("max_quotes must be at least 1 (or quotes=\"all\")")
        return max_quotes
    if quotes != "all":
        raise ValueError(f'unknown quotes="{quotes}" (expected "all")')
    return -1


def _report_attribute(self: Project, attribute: Optional[str]) -> str:
    """The attribute a report groups participants by (the core's rule:
    ReportAttribute in report.h)."""
    return _core._report_attribute(self, attribute)


def report(self: Project, attribute: Optional[str] = None, format: str = "markdown",
           with_map: bool = True, max_quotes: int = 3, quotes: Optional[str] = None,
           repeat_quotes: bool = False, memos: bool = True) -> str:
    """The theme report as a results section: the map as Figure 1 with a
    caption, a summary table of themes × `attribute` values, then each theme in
    hierarchy order with description, participants by `attribute` (a line and a
    table), sub-themes, codes, its 1–`max_quotes` most representative quotes
    (most of the theme's codes, distinct participants, spread over the
    attribute's values; quotes="all" for every one) attributed as papers print
    them, "(P13, peer worker)", and the memos on the theme and its codes. A
    quote appears under one theme only unless repeat_quotes=True.

    HTML is one self-contained file with the map inlined; Markdown embeds the
    map as a data: URI PNG (``write_report`` links the PNG it writes instead).
    Without Graphviz the report has no figure."""
    limit = _quote_limit(max_quotes, quotes)
    attribute = _report_attribute(self, attribute)
    svg, image = "", ""
    try:
        if with_map and format == "html":
            svg = self.thematic_map().svg()
        elif with_map and format in ("markdown", "md"):
            image = "data:image/png;base64," + base64.b64encode(self.thematic_map().png()).decode("ascii")
    except _core.Error as e:
        if "install graphviz" not in str(e):
            raise
        # Without Graphviz the report has no figure rather than no report.
    return self._report(attribute, format, svg, image, limit, repeat_quotes, memos)


def write_report(self: Project, folder: str, attribute: Optional[str] = None, max_quotes: int = 3,
                 quotes: Optional[str] = None, repeat_quotes: bool = False, memos: bool = True) -> List[str]:
    """Writes the report into `folder`: thematic_map.dot/.svg/.png/.pdf,
    report.md/.html/.docx (the .docx made by Pandoc from the Markdown),
    codebook.md/.html/.csv/.docx and codebook.xlsx (openpyxl). Graphviz and
    Pandoc are checked first; when one is missing nothing is written. Returns
    the file names written."""
    self._write_report(folder, _report_attribute(self, attribute), _quote_limit(max_quotes, quotes),
                       repeat_quotes, memos)
    names = list(_core._report_files())
    if importlib.util.find_spec("openpyxl") is not None:
        from ._retrieval import write_xlsx
        write_xlsx(codebook_frame(self), pathlib.Path(folder) / "codebook.xlsx", index=False,
                   sheet="Codebook")
        names.append("codebook.xlsx")
    return names


def codebook_frame(self: Project) -> Any:
    """The codebook as a table (the CSV codebook document read back): one row per
    code in hierarchy order; a folder's counts are those of its subtree."""
    import io

    import pandas as pd  # type: ignore[import-untyped]
    return pd.read_csv(io.StringIO(self.codebook_document("csv")), keep_default_na=False)


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


__all__ = ["ThematicMap"]
