"""Retrieval a notebook needs: quotes with their attribution, memos, and the
framework matrix (the bodies of Project methods bound in bindings/py_frames.cc)."""

from __future__ import annotations

import html
import pathlib
from typing import Any, Dict, Iterable, List, Optional, Sequence, Set, Union

import pandas as pd  # type: ignore[import-untyped]

from ._core import Project

FRAMEWORK_PREFIX = "Framework: "


def _as_list(x: Any) -> List[Any]:
    if x is None:
        return []
    if isinstance(x, (list, tuple, set, frozenset)):
        return list(x)
    return [x]


def theme_code_ids(project: Project, themes: Any) -> Set[str]:
    """The codes of the named themes and of their sub-themes."""
    out: Set[str] = set()
    for t in _as_list(themes):
        out.update(c.id for c in project.theme_codes(project.theme(t), include_subthemes=True))
    return out


def code_ids(project: Project, codes: Any, include_descendants: bool) -> Set[str]:
    out: Set[str] = set()
    for c in _as_list(codes):
        code = project.codebook.find(c)
        out.add(code.id)
        if include_descendants:
            out.update(d.id for d in project.codebook.descendants(code))
    return out


def attribution(project: Project, cases: Sequence[Any], attribute: Optional[str]) -> str:
    """As papers print it: "(P13, peer worker)", "(P13)" without an attribute,
    "(unattributed)" without a case."""
    if not cases:
        return "(unattributed)"
    parts = []
    for c in cases:
        value = c.attributes.get(attribute) if attribute else None
        parts.append(f"{c.name}, {value}" if value not in (None, "") else c.name)
    return "(" + "; ".join(parts) + ")"


def select_excerpts(project: Project, theme: Any = None, code: Any = None, cases: Any = None,
                    include_descendants: bool = True) -> List[Any]:
    """Excerpts carrying a code of `theme` (and of `code`, when both are given),
    speaking for one of `cases` when given, in project order."""
    wanted_theme = theme_code_ids(project, theme) if theme is not None else None
    wanted_code = code_ids(project, code, include_descendants) if code is not None else None
    wanted_cases = {project.case(c).id for c in _as_list(cases)} if cases is not None else None
    out = []
    for e in project.excerpts():
        codes = set(e.code_ids)
        if wanted_theme is not None and not codes & wanted_theme:
            continue
        if wanted_code is not None and not codes & wanted_code:
            continue
        if wanted_cases is not None and not {c.id for c in project.excerpt_cases(e)} & wanted_cases:
            continue
        out.append(e)
    return out


def quotes(self: Project, theme: Any = None, code: Any = None, attribute: Any = None,
           cases: Any = None, include_descendants: bool = True) -> pd.DataFrame:
    """Quotes ready for a paper: one row per excerpt with text, attribution as
    papers print it ("(P13, peer worker)"), case, the attribute value, document,
    codes (paths), coder and origin (document and code-point range).

    theme / code: a name, path, object or a list of them; a theme stands for
    its codes and its sub-themes' codes, a code for its subtree unless
    include_descendants=False; given both, an excerpt needs one of each.
    attribute: the case attribute shown in the attribution and as a column
    ("role"), or {"role": "patient"} to keep only cases with that value.
    cases: keep only excerpts speaking for these cases."""
    wanted_values: Optional[Dict[str, str]] = None
    if isinstance(attribute, dict):
        if len(attribute) != 1:
            raise ValueError('attribute= takes one attribute: "role" or {"role": "patient"}')
        wanted_values = {str(k): str(v) for k, v in attribute.items()}
        attribute = next(iter(attribute))
    name = self.attribute(attribute).name if attribute is not None else None
    book = self.codebook
    coders = {c.id: c.name for c in self.coders}
    documents = {d.id: d.name for d in self.documents}
    rows = []
    for e in select_excerpts(self, theme, code, cases, include_descendants):
        its_cases = self.excerpt_cases(e)
        values = [c.attributes.get(name) for c in its_cases] if name else []
        if wanted_values is not None and wanted_values[str(name)] not in {str(v) for v in values}:
            continue
        row = {"text": e.text, "attribution": attribution(self, its_cases, name),
               "case": ", ".join(c.name for c in its_cases) or None}
        if name:
            shown = [str(v) for v in values if v not in (None, "")]
            row[name] = ", ".join(dict.fromkeys(shown)) or None
        row.update({"document": documents[e.document_id],
                    "codes": [book.path(c) for c in e.code_ids],
                    "coder": coders.get(e.coder_id) if e.coder_id else None,
                    "origin": f"{documents[e.document_id]} [{e.start}, {e.end})",
                    "id": e.id})
        rows.append(row)
    columns = ["text", "attribution", "case", *([name] if name else []), "document", "codes", "coder",
               "origin", "id"]
    return pd.DataFrame(rows, columns=columns)


def _target_name(project: Project, target: Optional[str]) -> "tuple[str, Optional[str]]":
    if not target:
        return "project", None
    kind = project.kind_of(target)
    if kind == "code":
        return kind, project.codebook.path(target)
    if kind == "theme":
        return kind, project.theme(target).name
    if kind == "case":
        return kind, project.case(target).name
    if kind == "document":
        return kind, project.document(target).name
    if kind == "excerpt":
        e = project.excerpt(target)
        return kind, f"{project.document(e.document_id).name} [{e.start}, {e.end})"
    return kind, target


def memos_frame(self: Project, target: Any = None) -> pd.DataFrame:
    """Memos, one row each: title, text, kind (of what it is attached to:
    project, code, theme, case, document, excerpt, …), target (its name or
    path), author, created, id. target= keeps the memos of one object."""
    memos = self.memos if target is None else self.memos_for(target)
    authors = {c.id: c.name for c in self.coders}
    rows = []
    for m in memos:
        kind, name = _target_name(self, m.target_id)
        rows.append({"title": m.title, "text": m.text, "kind": kind, "target": name,
                     "author": authors.get(m.author_id) if m.author_id else None,
                     "created": m.created, "id": m.id})
    return pd.DataFrame(rows, columns=["title", "text", "kind", "target", "author", "created", "id"])


# --- Framework matrix ------------------------------------------------------------------------


def framework_summary(project: Project, case: Any, theme: Any) -> Optional[Any]:
    """The memo holding the summary of (case, theme): attached to the case,
    titled "Framework: <theme name>"."""
    title = FRAMEWORK_PREFIX + project.theme(theme).name
    for m in project.memos_for(project.case(case)):
        if m.title == title:
            return m
    return None


def set_framework_summary(self: Project, case: Any, theme: Any, text: str) -> Any:
    """Writes the researcher's summary of what `case` says about `theme` (a
    framework-matrix cell), stored as a memo on the case titled
    "Framework: <theme>"; replaces an earlier one. Returns the memo."""
    existing = framework_summary(self, case, theme)
    if existing is not None:
        return self.update_memo(existing, text=text)
    return self.add_memo(text, title=FRAMEWORK_PREFIX + self.theme(theme).name, target=self.case(case))


def _columns(project: Project, columns: str) -> List[Any]:
    if columns == "theme":
        ordered: List[Any] = []

        def visit(parent: Any) -> None:
            for t in project.subthemes(parent):
                ordered.append(t)
                visit(t)

        visit(None)
        return ordered
    if columns == "code":
        return [c for c in project.codebook.codes if c.codable]
    raise ValueError(f'unknown columns="{columns}" (expected "theme" or "code")')


def framework(self: Project, rows: str = "case", columns: str = "theme", cell: str = "summary",
              attribute: Optional[str] = None, path: Union[None, str, pathlib.Path] = None) -> pd.DataFrame:
    """The framework matrix (as NVivo and MAXQDA offer it): cases × themes (or
    codes), each cell the researcher's summary (cell="summary", stored as memos:
    see `set_framework_summary`), the number of excerpts ("count") or the
    quotes themselves ("quotes", each “…” on its own line). Rows are labelled by
    case name, with the value of `attribute` when given ("P13 (peer worker)").
    path= also writes it: .html, .md, .csv or .xlsx by the file's suffix."""
    if rows != "case":
        raise ValueError(f'unknown rows="{rows}" (expected "case")')
    if cell not in ("summary", "count", "quotes"):
        raise ValueError(f'unknown cell="{cell}" (expected "summary", "count" or "quotes")')
    heads = _columns(self, columns)
    name = self.attribute(attribute).name if attribute is not None else None
    per_column = [theme_code_ids(self, h) if columns == "theme" else {h.id} for h in heads]
    excerpts_by_case: Dict[str, List[Any]] = {}
    for e in self.excerpts():
        for c in self.excerpt_cases(e):
            excerpts_by_case.setdefault(c.id, []).append(e)
    table: Dict[str, List[Any]] = {}
    labels = []
    for case in self.cases:
        value = case.attributes.get(name) if name else None
        labels.append(f"{case.name} ({value})" if value not in (None, "") else case.name)
        mine = excerpts_by_case.get(case.id, [])
        for head, wanted in zip(heads, per_column):
            label = head.name if columns == "theme" else self.codebook.path(head)
            hits = [e for e in mine if wanted & set(e.code_ids)]
            if cell == "count":
                value_out: Any = len(hits)
            elif cell == "quotes":
                value_out = "\n".join(f"“{e.text}”" for e in hits)
            else:
                memo = framework_summary(self, case, head) if columns == "theme" else None
                value_out = memo.text if memo is not None else ""
            table.setdefault(label, []).append(value_out)
    frame = pd.DataFrame(table, index=pd.Index(labels, name="case"))
    if path is not None:
        write_table(frame, path, title=f"Framework matrix: cases × {columns}s ({cell})")
    return frame


# --- Table output ------------------------------------------------------------------------------


def markdown_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return text.replace("|", "&#124;").replace("\r\n", "<br>").replace("\n", "<br>")


def markdown_table(frame: pd.DataFrame, index: bool = True) -> str:
    """A pipe table (GitHub / Pandoc), cells on one line."""
    heads = ([frame.index.name or ""] if index else []) + [str(c) for c in frame.columns]
    lines = ["| " + " | ".join(markdown_cell(h) for h in heads) + " |",
             "|" + "|".join("---" for _ in heads) + "|"]
    for label, row in frame.iterrows():
        cells = ([label] if index else []) + list(row)
        lines.append("| " + " | ".join(markdown_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def html_table(frame: pd.DataFrame, index: bool = True) -> str:
    def cell(v: Any) -> str:
        return html.escape("" if v is None else str(v)).replace("\n", "<br>")

    heads = ([frame.index.name or ""] if index else []) + [str(c) for c in frame.columns]
    out = ["<table>", "<thead><tr>" + "".join(f"<th>{cell(h)}</th>" for h in heads) + "</tr></thead>",
           "<tbody>"]
    for label, row in frame.iterrows():
        cells = ([f"<th>{cell(label)}</th>"] if index else []) + [f"<td>{cell(v)}</td>" for v in row]
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


TABLE_CSS = """body{font-family:system-ui,sans-serif;margin:2em;color:#111}
table{border-collapse:collapse}th,td{border:1px solid #999;padding:.3em .5em;vertical-align:top;text-align:left}
thead th{background:#eee}"""


def write_table(frame: pd.DataFrame, path: Union[str, pathlib.Path], title: str = "",
                index: bool = True) -> None:
    """Writes a table as .html (self-contained), .md, .csv (UTF-8) or .xlsx
    (openpyxl), by the file's suffix."""
    path = pathlib.Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        frame.to_csv(path, index=index, encoding="utf-8")
    elif suffix == ".md":
        path.write_text((f"# {title}\n\n" if title else "") + markdown_table(frame, index), encoding="utf-8")
    elif suffix in (".html", ".htm"):
        path.write_text(
            f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
            f"<style>{TABLE_CSS}</style></head><body>\n"
            + (f"<h1>{html.escape(title)}</h1>\n" if title else "") + html_table(frame, index)
            + "\n</body></html>\n", encoding="utf-8")
    elif suffix == ".xlsx":
        write_xlsx(frame, path, index=index)
    else:
        raise ValueError(f'cannot write "{path}": use .html, .md, .csv or .xlsx')


def write_xlsx(frame: pd.DataFrame, path: Union[str, pathlib.Path], index: bool = True,
               sheet: str = "Sheet1") -> None:
    import openpyxl  # type: ignore[import-untyped]
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet[:31]
    heads = ([frame.index.name or ""] if index else []) + [str(c) for c in frame.columns]
    ws.append(heads)
    for c in ws[1]:
        c.font = Font(bold=True)
    for label, row in frame.iterrows():
        values = ([label] if index else []) + [v.item() if hasattr(v, "item") else v for v in row]
        ws.append([("" if v is None else v) for v in values])
    for column in ws.columns:
        width = max(min(len(str(c.value or "")), 60) for c in column)
        ws.column_dimensions[column[0].column_letter].width = max(width + 2, 8)
        for c in column:
            c.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "B2" if index else "A2"
    book.save(str(path))
