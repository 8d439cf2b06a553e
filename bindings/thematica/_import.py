"""Getting data in and coding it without offsets (the bodies of Project
methods bound in bindings/py_workflow.cc).

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
from typing import Any, Iterable, Optional, Sequence, Union

from ._core import (Document, FormatError, InvalidArgumentError, Project, _find_phrase,
                    _phrase_context, _read_table, _Table)

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

def _cell(v: Any) -> str:
    """A cell as the text ImportTable reads ("" for missing)."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer() and abs(v) < 2**53:
        return str(int(v))
    if hasattr(v, "to_pydatetime"):  # pandas Timestamp
        v = v.to_pydatetime()
    if isinstance(v, _dt.datetime) and v.time() == _dt.time(0):
        return v.date().isoformat()
    if isinstance(v, (_dt.date, _dt.datetime)):
        return v.isoformat()
    try:
        import pandas as pd  # type: ignore[import-untyped]
        if pd.isna(v):
            return ""
    except (ImportError, TypeError, ValueError):
        pass
    return str(v)


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
    if hasattr(source, "columns") and hasattr(source, "itertuples"):
        table = _Table("the DataFrame", [str(c) for c in source.columns],
                       [[_cell(v) for v in row] for row in source.itertuples(index=False)])
    else:
        path = os.fspath(source)
        if os.path.splitext(path)[1].lower() == ".xlsx":
            import pandas as pd  # type: ignore[import-untyped]
            try:
                frame = pd.read_excel(path, engine="openpyxl", dtype=object)
            except FileNotFoundError:
                raise
            except Exception as e:  # openpyxl raises many kinds for a bad file
                raise FormatError(f"{path}: not a readable .xlsx file: {e}") from e
            table = _Table(path, [str(c) for c in frame.columns],
                           [[_cell(v) for v in row] for row in frame.itertuples(index=False)])
        else:
            table = _Table(*_read_table(path))
    ids = self._import_table(table, [text] if isinstance(text, str) else list(text), name or "",
                             list(attributes or []), case or "", dict(types or {}), create_cases)
    return [self.document(i) for i in ids]


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
