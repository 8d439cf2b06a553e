"""Getting data in and coding it without offsets (attached to Project).

    doc = p.import_file("P4.docx")                  # turns "P4: …" → case P4
    p.code(doc, "be my voice", codes=["Advocacy"])  # by phrase, not offset
    p.code_turns(speaker="P4", codes=["Patient voice"])
    p.import_table("survey.csv", text="answer", name="id", attributes=["age"])

File formats are read by the C++ core (``thematica::ImportFile``); tables and
phrase matching are written here on top of the project API.
"""

from __future__ import annotations

import datetime as _dt
import math
import os
import re
from typing import Any, Iterable, Optional, Sequence, Union

from ._core import Document, InvalidArgumentError, Project, _find_phrase, _phrase_context

PathLike = Union[str, "os.PathLike[str]"]

_INTERVIEWER = ("Interviewer", "I", "Q")


def _key(obj: Any) -> str:
    if obj is None:
        return ""
    return obj if isinstance(obj, str) else str(getattr(obj, "id", obj))


def import_files(self: Project, paths: Iterable[PathLike], *, case: Any = None,
                 speakers: str = "auto", interviewer: Sequence[str] = _INTERVIEWER,
                 create_cases: bool = True, encoding: Optional[str] = None) -> list:
    """Imports several files (see ``import_file``), all or nothing: when one
    fails, none is added and the error names the file. Returns the Documents."""
    names = [os.fspath(p) for p in paths]
    ids = self._import_files(names, "", _key(case), speakers, list(interviewer), create_cases,
                             encoding or "")
    return [self.document(i) for i in ids]


def import_file(self: Project, path: PathLike, *, name: Optional[str] = None, case: Any = None,
                speakers: str = "auto", interviewer: Sequence[str] = _INTERVIEWER,
                create_cases: bool = True, encoding: Optional[str] = None) -> Document:
    """Imports a transcript as a new document and returns it.

    Formats by extension: .txt .md .docx .odt .rtf .html .pdf .vtt .srt
    (``thematica.supported_import_extensions()``). ``speakers``: "auto" finds
    turns at lines like "P4: …", "[00:01:02] P4: …", "P4 (00:01:02): …" and
    WebVTT voice tags; "none"; or a regular expression with a group named
    ``speaker`` (and optionally ``time``). A label that names a case links its
    turns to that case; with ``create_cases`` other labels become new cases;
    labels in ``interviewer`` get no case. ``case`` sets the document's
    participant (else the one non-interviewer speaker's). ``encoding`` names a
    text file's encoding when it is not UTF-8/UTF-16 with a BOM or
    windows-1252. The original file is kept in ``doc.source_file``.
    """
    ids = self._import_files([os.fspath(path)], name or "", _key(case), speakers,
                             list(interviewer), create_cases, encoding or "")
    return self.document(ids[0])


# ------------------------------------------------------------------ tables ----

_TRUE = {"true", "yes", "y", "t"}
_FALSE = {"false", "no", "n", "f"}


def _is_missing(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    if isinstance(v, str) and not v.strip():
        return True
    try:
        import pandas as pd  # type: ignore[import-untyped]
        return bool(pd.isna(v)) if not isinstance(v, (list, tuple)) else False
    except (ImportError, TypeError, ValueError):
        return False


def _as_number(v: Any) -> Optional[float]:
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v)
    try:
        return float(str(v).strip().replace(",", "")) if re.fullmatch(
            r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?([eE][+-]?\d+)?", str(v).strip()) else None
    except ValueError:
        return None


def _as_date(v: Any) -> Optional[_dt.date]:
    if isinstance(v, _dt.datetime):
        return v.date()
    if isinstance(v, _dt.date):
        return v
    if hasattr(v, "to_pydatetime"):
        return v.to_pydatetime().date()
    try:
        return _dt.date.fromisoformat(str(v).strip()[:10]) if re.fullmatch(
            r"\d{4}-\d{2}-\d{2}([ T].*)?", str(v).strip()) else None
    except ValueError:
        return None


def _as_bool(v: Any) -> Optional[bool]:
    if isinstance(v, bool):
        return v
    s = str(v).strip().lower()
    return True if s in _TRUE else False if s in _FALSE else None


def _infer_type(values: list) -> str:
    present = [v for v in values if not _is_missing(v)]
    if not present:
        return "text"
    if all(_as_bool(v) is not None for v in present) and not all(
            _as_number(v) is not None for v in present):
        return "boolean"
    if all(_as_number(v) is not None for v in present):
        return "number"
    if all(_as_date(v) is not None for v in present):
        return "date"
    return "text"


def _convert(v: Any, kind: str) -> Any:
    if _is_missing(v):
        return None
    if kind == "number":
        x = _as_number(v)
        if x is None:
            raise ValueError(f"{v!r} is not a number")
        return int(x) if x.is_integer() and abs(x) < 2**53 else x
    if kind == "date":
        d = _as_date(v)
        if d is None:
            raise ValueError(f"{v!r} is not a date (YYYY-MM-DD)")
        return d
    if kind == "boolean":
        b = _as_bool(v)
        if b is None:
            raise ValueError(f"{v!r} is not true/false or yes/no")
        return b
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _cell_str(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _read_table(source: Any) -> tuple:
    """(label for errors, column names, rows as lists)."""
    if hasattr(source, "columns") and hasattr(source, "itertuples"):
        columns = [str(c) for c in source.columns]
        return "the DataFrame", columns, [list(r) for r in source.itertuples(index=False)]
    path = os.fspath(source)
    ext = os.path.splitext(path)[1].lower()
    import pandas as pd  # type: ignore[import-untyped]
    try:
        if ext in (".csv", ".tsv", ".tab"):
            frame = pd.read_csv(path, sep="\t" if ext != ".csv" else ",", dtype=str,
                                keep_default_na=False, encoding="utf-8-sig")
        elif ext == ".xlsx":
            frame = pd.read_excel(path, engine="openpyxl", dtype=object)
        else:
            raise InvalidArgumentError(
                f"{path}: unknown table type (supported: .csv, .tsv, .xlsx, a pandas DataFrame)")
    except (UnicodeDecodeError, ValueError, KeyError, OSError) as e:
        if isinstance(e, (InvalidArgumentError, FileNotFoundError, PermissionError)):
            raise
        raise InvalidArgumentError(f"{path}: cannot read the table: {e}") from e
    columns = [str(c) for c in frame.columns]
    return path, columns, [list(r) for r in frame.itertuples(index=False)]


def import_table(self: Project, source: Any, text: Union[str, Sequence[str]] = "answer",
                 name: Optional[str] = "id", attributes: Optional[Sequence[str]] = None,
                 case: Optional[str] = "id", types: Optional[dict] = None,
                 create_cases: bool = True) -> list:
    """Imports survey answers or another table (.csv, .tsv, .xlsx or a pandas
    DataFrame): a document per row — or per non-empty cell when several
    ``text`` columns are named — named by the ``name`` column (with the text
    column's name when there are several), linked to the case named by the
    ``case`` column, whose ``attributes`` columns become typed case attributes
    (number, date, boolean or text, inferred; ``types={"age": "text"}``
    overrides). Rows with empty text are skipped. All or nothing. Returns the
    Documents."""
    label, columns, rows = _read_table(source)
    text_columns = [text] if isinstance(text, str) else list(text)
    attribute_columns = list(attributes or [])
    wanted = text_columns + attribute_columns + [c for c in (name, case) if c]
    missing = [c for c in wanted if c not in columns]
    if missing:
        raise InvalidArgumentError(
            f"{label}: no column {', '.join(repr(m) for m in missing)} "
            f"(columns: {', '.join(repr(c) for c in columns)})")
    at = {c: i for i, c in enumerate(columns)}
    kinds = {a: (types or {}).get(a) or _infer_type([r[at[a]] for r in rows])
             for a in attribute_columns}
    # Everything is checked before the project changes.
    plan = []
    seen = {d.name for d in self.documents}
    for row_number, row in enumerate(rows, start=2):
        case_name = _cell_str(row[at[case]]) if case and not _is_missing(row[at[case]]) else ""
        values = {}
        for a in attribute_columns:
            try:
                values[a] = _convert(row[at[a]], kinds[a])
            except ValueError as e:
                raise InvalidArgumentError(f"{label}: row {row_number}, column {a!r}: {e}") from e
        base = (_cell_str(row[at[name]]) if name and not _is_missing(row[at[name]])
                else f"row {row_number - 1}")
        for t in text_columns:
            body = row[at[t]]
            if _is_missing(body):
                continue
            doc_name = base if len(text_columns) == 1 else f"{base} – {t}"
            if doc_name in seen:
                raise InvalidArgumentError(
                    f"{label}: row {row_number}: a document named {doc_name!r} already exists")
            seen.add(doc_name)
            plan.append((doc_name, str(body).replace("\r\n", "\n"), case_name, values))
    known_cases = {c.name for c in self.cases}
    if not create_cases:
        unknown = sorted({c for _, _, c, _ in plan if c and c not in known_cases})
        if unknown:
            raise InvalidArgumentError(f"{label}: no case {unknown[0]!r} (and create_cases=False)")
    existing = {a.name: a for a in self.attributes}
    for a, kind in kinds.items():
        if a in existing and existing[a].type != kind and types and a in types:
            raise InvalidArgumentError(
                f"{label}: attribute {a!r} is already declared as {existing[a].type}, not {kind}")
    added_attributes, added_cases, added_documents, documents = [], [], [], []
    try:
        for a, kind in kinds.items():
            if a not in existing:
                added_attributes.append(self.add_attribute(a, kind).id)
        for doc_name, body, case_name, values in plan:
            case_id = None
            if case_name:
                if case_name in known_cases:
                    case_id = self.case(case_name).id
                    for a, v in values.items():
                        if v is not None:
                            self.set_case_attribute(case_id, a, v)
                else:
                    c = self.add_case(case_name, attributes={a: v for a, v in values.items()
                                                              if v is not None})
                    added_cases.append(c.id)
                    known_cases.add(case_name)
                    case_id = c.id
            d = self.add_document(doc_name, body, case=case_id)
            added_documents.append(d.id)
            documents.append(d)
    except BaseException:
        for i in reversed(added_documents):
            self.remove_document(i)
        for i in reversed(added_cases):
            self.remove_case(i)
        for i in reversed(added_attributes):
            self.remove_attribute(i)
        raise
    return documents


# ----------------------------------------------------------- code by phrase ---

def _context(text: str, start: int, end: int) -> str:
    return _phrase_context(text, start, end)


def code(self: Project, document: Any, phrase_or_start: Union[str, int], end: Optional[int] = None,
         *, codes: Any, coder: Any = None, occurrence: Union[int, str, None] = None,
         memo: Optional[str] = None) -> Any:
    """Codes a phrase of a document: ``p.code(doc, "be my voice", codes=[...])``.

    The phrase is matched leniently (runs of white space, curly and straight
    quotes, dashes, "…" and "...", and then letter case are not told apart).
    One occurrence is coded; several raise an error listing them with their
    context unless ``occurrence=k`` (1-based) or ``occurrence="all"``; no
    occurrence raises an error showing the closest passage. Returns the list
    of new Excerpts. ``p.code(doc, start, end, codes=...)`` is ``add_excerpt``
    and returns the Excerpt."""
    if not isinstance(phrase_or_start, str):
        if end is None:
            raise InvalidArgumentError("code(document, start, end, ...) needs an end offset")
        return self.add_excerpt(document, phrase_or_start, end, codes=codes, coder=coder,
                                memo=memo)
    doc = self.document(document)
    code_list = [codes] if isinstance(codes, str) or not isinstance(codes, Iterable) else codes
    code_ids = [self.codebook.find(c).id for c in code_list]
    coder_id = None if coder is None else self.coder(coder).id
    text = doc.text
    found, closest = _find_phrase(text, phrase_or_start)
    if not found:
        raise InvalidArgumentError(
            f"{phrase_or_start!r} does not occur in document {doc.name!r}"
            + (f"; the closest passage is: {_context(text, *closest)}" if closest else ""))
    if occurrence == "all":
        chosen = found
    elif occurrence is None:
        if len(found) > 1:
            listing = "\n".join(f"  {k}: [{s}, {e}) {_context(text, s, e)}"
                                for k, (s, e) in enumerate(found, start=1))
            raise InvalidArgumentError(
                f"{phrase_or_start!r} occurs {len(found)} times in document {doc.name!r}; "
                f"pass occurrence=k (1-based) or occurrence='all':\n{listing}")
        chosen = found
    elif isinstance(occurrence, int) and not isinstance(occurrence, bool):
        if not 1 <= occurrence <= len(found):
            raise InvalidArgumentError(
                f"occurrence={occurrence}, but {phrase_or_start!r} occurs {len(found)} time(s) "
                f"in document {doc.name!r}")
        chosen = [found[occurrence - 1]]
    else:
        raise InvalidArgumentError(f"occurrence must be a 1-based int or 'all', not {occurrence!r}")
    made: list = []
    try:
        for s, e in chosen:
            made.append(self.add_excerpt(doc.id, s, e, codes=code_ids, coder=coder_id, memo=memo))
    except BaseException:
        for x in made:
            self.remove_excerpt(x.id)
        raise
    return made


def code_turns(self: Project, speaker: Any, codes: Any, *, coder: Any = None,
               documents: Optional[Iterable[Any]] = None) -> list:
    """Codes every speaker turn of ``speaker`` (a turn label as written, or a
    case / case name) with ``codes``, in all documents or the given ones.
    Returns the new Excerpts."""
    code_list = [codes] if isinstance(codes, str) or not isinstance(codes, Iterable) else codes
    code_ids = [self.codebook.find(c).id for c in code_list]
    coder_id = None if coder is None else self.coder(coder).id
    label = _key(speaker) if not isinstance(speaker, str) else speaker
    case_ids = {c.id for c in self.cases if c.name == label or c.id == label}
    docs = self.documents if documents is None else [self.document(d) for d in documents]
    spans = [(d.id, t.start, t.end) for d in docs for t in d.speaker_turns
             if t.speaker == label or (t.case_id and t.case_id in case_ids)]
    if not spans:
        raise InvalidArgumentError(f"no speaker turn of {label!r}")
    made: list = []
    try:
        for doc_id, s, e in spans:
            made.append(self.add_excerpt(doc_id, s, e, codes=code_ids, coder=coder_id))
    except BaseException:
        for x in made:
            self.remove_excerpt(x.id)
        raise
    return made


Project.import_file = import_file  # type: ignore[method-assign]
Project.import_files = import_files  # type: ignore[method-assign]
Project.import_table = import_table  # type: ignore[method-assign]
Project.code = code  # type: ignore[method-assign]
Project.code_turns = code_turns  # type: ignore[method-assign]

