"""
Thematica core (C++). Use the `thematica` package instead.

Objects the project returns are read-only snapshots: assigning to their
attributes raises AttributeError; change them through Project methods.
Arguments typed Any accept an object, its id, or (for most kinds) its name.
"""
from __future__ import annotations
import collections.abc
import datetime
import os
import pandas
import pathlib
import thematica
import thematica._agreement_frames
import thematica._crosswalk
import thematica._display
import thematica.ai
import typing
from . import _agreement
from . import _partials
__all__: list = ['Error', 'InvalidArgumentError', 'NotFoundError', 'ConflictError', 'ArgumentTypeError', 'FormatError', 'Span', 'Coder', 'AttributeDefinition', 'Case', 'SpeakerTurn', 'Document', 'Code', 'Excerpt', 'Theme', 'Relation', 'Memo', 'CodeCount', 'RemovalReport', 'Project', 'load', 'dumps', 'loads', 'FORMAT_VERSION', 'Codebook', 'english_stopwords', 'ai_built_in', 'ai_enabled', 'ai_disabled_reason', 'Suggestion', 'SourceFile', 'supported_import_extensions', 'ViewDocument', 'ViewCode', 'ViewExcerpt', 'ProjectView', 'open_view']
class Error(RuntimeError):
    """
    Base class of every Thematica error.
    """
class InvalidArgumentError(thematica.Error, ValueError):
    """
    A value or range was refused.
    """
class NotFoundError(thematica.Error, KeyError):
    """
    An id or name is not in the project.
    """
class ConflictError(thematica.Error, ValueError):
    """
    The operation conflicts with the project's state (a duplicate name, an object still in use, a cycle).
    """
class ArgumentTypeError(thematica.InvalidArgumentError, TypeError):
    """
    An argument of the wrong type (an InvalidArgumentError and a TypeError).
    """
class FormatError(thematica.Error, ValueError):
    """
    A file is corrupt, truncated or not of its format.
    """
class Span:
    """
    A half-open range [start, end) of code points (read-only).
    """
    __hash__: typing.ClassVar[None] = None
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __init__(self, start: typing.Any, end: typing.Any) -> None:
        ...
    def __len__(self) -> int:
        ...
    def __repr__(self) -> str:
        ...
    def overlaps(self, arg0: Span) -> bool:
        ...
    @property
    def end(self) -> int:
        ...
    @property
    def start(self) -> int:
        ...
class Coder:
    """
    A person who codes (read-only snapshot).
    """
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __hash__(self) -> int:
        ...
    def __repr__(self) -> str:
        ...
    @property
    def created(self) -> datetime.datetime | None:
        ...
    @property
    def id(self) -> str:
        ...
    @property
    def metadata(self) -> dict[str, str]:
        ...
    @property
    def name(self) -> str:
        ...
class AttributeDefinition:
    """
    A declared case attribute (read-only snapshot).
    """
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __hash__(self) -> int:
        ...
    def __repr__(self) -> str:
        ...
    @property
    def description(self) -> str:
        ...
    @property
    def id(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def type(self) -> str:
        ...
class Case:
    """
    A participant with attribute values (read-only snapshot).
    """
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __hash__(self) -> int:
        ...
    def __repr__(self) -> str:
        ...
    @property
    def attributes(self) -> dict:
        ...
    @property
    def created(self) -> datetime.datetime | None:
        ...
    @property
    def description(self) -> str:
        ...
    @property
    def id(self) -> str:
        ...
    @property
    def metadata(self) -> dict[str, str]:
        ...
    @property
    def modified(self) -> datetime.datetime | None:
        ...
    @property
    def name(self) -> str:
        ...
class SpeakerTurn:
    """
    A range of text attributed to a speaker (read-only).
    """
    __hash__: typing.ClassVar[None] = None
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __init__(self, start: typing.Any, end: typing.Any, case_id: typing.Any = '', speaker: typing.Any = '', *, start_ms: typing.Any = None, end_ms: typing.Any = None) -> None:
        """
        A turn [start, end) of code points; start_ms/end_ms: its times in milliseconds, if known.
        """
    def __repr__(self) -> str:
        ...
    @property
    def case_id(self) -> str:
        ...
    @property
    def end(self) -> int:
        ...
    @property
    def end_ms(self) -> int | None:
        """
        End time in milliseconds, or None when unknown.
        """
    @property
    def speaker(self) -> str:
        ...
    @property
    def start(self) -> int:
        ...
    @property
    def start_ms(self) -> int | None:
        """
        Start time in milliseconds, or None when unknown.
        """
class Document:
    """
    A text source (read-only snapshot).
    """
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __hash__(self) -> int:
        ...
    def __len__(self) -> int:
        ...
    def __repr__(self) -> str:
        ...
    def _repr_html_(self) -> str:
        ...
    @property
    def case_id(self) -> str:
        ...
    @property
    def created(self) -> datetime.datetime | None:
        ...
    @property
    def description(self) -> str:
        ...
    @property
    def id(self) -> str:
        ...
    @property
    def metadata(self) -> dict[str, str]:
        ...
    @property
    def modified(self) -> datetime.datetime | None:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def source_file(self) -> SourceFile | None:
        """
        The imported original file (SourceFile), or None.
        """
    @property
    def speaker_turns(self) -> list[SpeakerTurn]:
        ...
    @property
    def text(self) -> str:
        ...
class Code:
    """
    A code of the codebook (read-only snapshot).
    """
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __hash__(self) -> int:
        ...
    def __repr__(self) -> str:
        ...
    def _repr_html_(self) -> str:
        ...
    @property
    def codable(self) -> bool:
        ...
    @property
    def color(self) -> str:
        ...
    @property
    def created(self) -> datetime.datetime | None:
        ...
    @property
    def description(self) -> str:
        ...
    @property
    def example(self) -> str:
        ...
    @property
    def exclusion(self) -> str:
        ...
    @property
    def id(self) -> str:
        ...
    @property
    def inclusion(self) -> str:
        ...
    @property
    def metadata(self) -> dict[str, str]:
        ...
    @property
    def modified(self) -> datetime.datetime | None:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def parent_id(self) -> str | None:
        ...
class Excerpt:
    """
    A coded segment with its text (read-only snapshot).
    """
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __hash__(self) -> int:
        ...
    def __repr__(self) -> str:
        ...
    def _repr_html_(self) -> str:
        ...
    @property
    def code_ids(self) -> list[str]:
        ...
    @property
    def coder_id(self) -> str | None:
        ...
    @property
    def created(self) -> datetime.datetime | None:
        ...
    @property
    def document_id(self) -> str:
        ...
    @property
    def end(self) -> int:
        ...
    @property
    def id(self) -> str:
        ...
    @property
    def metadata(self) -> dict[str, str]:
        ...
    @property
    def modified(self) -> datetime.datetime | None:
        ...
    @property
    def provenance(self) -> dict:
        ...
    @property
    def span(self) -> Span:
        ...
    @property
    def start(self) -> int:
        ...
    @property
    def text(self) -> str:
        ...
class Theme:
    """
    A theme or sub-theme (read-only snapshot).
    """
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __hash__(self) -> int:
        ...
    def __repr__(self) -> str:
        ...
    def _repr_html_(self) -> str:
        ...
    @property
    def code_ids(self) -> list[str]:
        ...
    @property
    def color(self) -> str:
        ...
    @property
    def created(self) -> datetime.datetime | None:
        ...
    @property
    def description(self) -> str:
        ...
    @property
    def id(self) -> str:
        ...
    @property
    def metadata(self) -> dict[str, str]:
        ...
    @property
    def modified(self) -> datetime.datetime | None:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def parent_id(self) -> str | None:
        ...
class Relation:
    """
    A labelled edge of the thematic map (read-only snapshot).
    """
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __hash__(self) -> int:
        ...
    def __repr__(self) -> str:
        ...
    @property
    def created(self) -> datetime.datetime | None:
        ...
    @property
    def description(self) -> str:
        ...
    @property
    def direction(self) -> str:
        ...
    @property
    def id(self) -> str:
        ...
    @property
    def label(self) -> str:
        ...
    @property
    def modified(self) -> datetime.datetime | None:
        ...
    @property
    def source_id(self) -> str:
        ...
    @property
    def target_id(self) -> str:
        ...
class Memo:
    """
    An analytic note (read-only snapshot).
    """
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __hash__(self) -> int:
        ...
    def __repr__(self) -> str:
        ...
    @property
    def author_id(self) -> str | None:
        ...
    @property
    def created(self) -> datetime.datetime | None:
        ...
    @property
    def id(self) -> str:
        ...
    @property
    def modified(self) -> datetime.datetime | None:
        ...
    @property
    def target_id(self) -> str | None:
        ...
    @property
    def text(self) -> str:
        ...
    @property
    def title(self) -> str:
        ...
class CodeCount:
    """
    How much a code is used.
    """
    def __repr__(self) -> str:
        ...
    @property
    def cases(self) -> int:
        ...
    @property
    def code_id(self) -> str:
        ...
    @property
    def documents(self) -> int:
        ...
    @property
    def excerpts(self) -> int:
        ...
class RemovalReport:
    """
    What a removal took with it (read-only): ids of the removed codes, excerpts, themes, relations, memos and suggestion runs, of the excerpts that lost a code and the documents unlinked from a removed case; counts of unlinked speaker turns and of suggestions removed. Also a read-only mapping of those names, as report["excerpts"].
    """
    __hash__: typing.ClassVar[None] = None
    def __contains__(self, key: typing.Any) -> bool:
        ...
    def __copy__(self) -> RemovalReport:
        ...
    def __deepcopy__(self, memo: typing.Any) -> RemovalReport:
        ...
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __getitem__(self, key: typing.Any) -> list[str] | int | str:
        ...
    def __getstate__(self) -> dict:
        ...
    def __iter__(self) -> collections.abc.Iterator[str]:
        ...
    def __len__(self) -> int:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: dict) -> None:
        ...
    def get(self, key: typing.Any, default: typing.Any = None) -> typing.Any:
        ...
    def items(self) -> list[tuple[str, list[str] | int | str]]:
        ...
    def keys(self) -> list[str]:
        ...
    def values(self) -> list[list[str] | int | str]:
        ...
    @property
    def codes(self) -> list[str]:
        ...
    @property
    def excerpts(self) -> list[str]:
        ...
    @property
    def memos(self) -> list[str]:
        ...
    @property
    def recoded_excerpts(self) -> list[str]:
        """
        Excerpts that lost a code but kept others.
        """
    @property
    def relations(self) -> list[str]:
        ...
    @property
    def suggestion_runs(self) -> list[str]:
        ...
    @property
    def suggestions(self) -> int:
        """
        Suggestions (of runs that stay) on a removed document or code.
        """
    @property
    def summary(self) -> str:
        """
        e.g. "3 excerpts, 1 memo"; "nothing else" when empty.
        """
    @property
    def themes(self) -> list[str]:
        ...
    @property
    def unlinked_documents(self) -> list[str]:
        """
        Documents that were linked to a removed case (the documents stay).
        """
    @property
    def unlinked_speaker_turns(self) -> int:
        ...
class Project:
    """
    A qualitative-analysis project. Objects it returns are read-only snapshots; change them through the project's methods.
    """
    def __init__(self, title: typing.Any = '', description: typing.Any = '', *, id_seed: typing.SupportsInt | typing.SupportsIndex | None = None, clock: typing.Any = None) -> None:
        """
        A new, empty project. `id_seed` makes every generated id reproducible and `clock` (a datetime) fixes every time stamp, so a project built twice is saved to the same bytes (as set_id_seed and set_fixed_clock right after creating it).
        """
    def __repr__(self) -> str:
        ...
    def _accept_suggestion(self, arg0: str, arg1: str, arg2: typing.SupportsInt | typing.SupportsIndex | None, arg3: typing.SupportsInt | typing.SupportsIndex | None, arg4: str) -> str:
        ...
    def _accept_suggestions(self, arg0: collections.abc.Sequence[tuple[str, str]], arg1: str) -> list[str]:
        ...
    def _add_suggestion_run(self, arg0: str, arg1: str, arg2: str, arg3: str, arg4: collections.abc.Mapping[str, str], arg5: typing.SupportsInt | typing.SupportsIndex, arg6: collections.abc.Sequence[str], arg7: collections.abc.Sequence[str], arg8: str, arg9: str, arg10: collections.abc.Sequence[tuple[str, typing.SupportsInt | typing.SupportsIndex, typing.SupportsInt | typing.SupportsIndex, str, typing.SupportsFloat | typing.SupportsIndex, str]], arg11: collections.abc.Mapping[str, str]) -> str:
        ...
    def _autocode(self, arg0: str, arg1: str, arg2: str, arg3: str, arg4: bool, arg5: bool, arg6: bool, arg7: collections.abc.Sequence[str]) -> tuple[list[str], int, int]:
        ...
    def _begin_change(self, summary: str) -> None:
        ...
    def _character_agreement(self, arg0: collections.abc.Sequence[str], arg1: collections.abc.Sequence[str], arg2: collections.abc.Sequence[str], arg3: str) -> dict:
        ...
    def _codebook_table(self) -> str:
        ...
    def _disagreements(self, arg0: collections.abc.Sequence[str], arg1: collections.abc.Sequence[str], arg2: collections.abc.Sequence[str]) -> list:
        ...
    def _end_change(self) -> None:
        ...
    def _history_columns(self, since_seq: typing.SupportsInt | typing.SupportsIndex = 0, since_micros: typing.SupportsInt | typing.SupportsIndex | None = None) -> dict:
        ...
    def _import_files(self, paths: collections.abc.Sequence[str], name: str, case_name: str, speakers: str, interviewer: collections.abc.Sequence[str], create_cases: bool, encoding: str) -> list[str]:
        ...
    def _import_table(self, table: _Table, text: collections.abc.Sequence[str], name: str, attributes: collections.abc.Sequence[str], case_column: str, types: collections.abc.Mapping[str, str], create_cases: bool) -> list[str]:
        ...
    def _map_dot(self, arg0: bool, arg1: typing.SupportsInt | typing.SupportsIndex, arg2: str, arg3: str, arg4: str, arg5: str, arg6: typing.SupportsFloat | typing.SupportsIndex) -> str:
        ...
    def _pooled_agreement(self, arg0: collections.abc.Sequence[str], arg1: collections.abc.Sequence[str], arg2: collections.abc.Sequence[str], arg3: str) -> dict:
        ...
    def _query(self, arg0: str, arg1: bool, arg2: collections.abc.Sequence[str], arg3: collections.abc.Sequence[str], arg4: collections.abc.Sequence[str], arg5: collections.abc.Mapping[str, str], arg6: typing.SupportsInt | typing.SupportsIndex) -> list:
        ...
    def _reject_suggestion(self, arg0: str, arg1: str) -> None:
        ...
    def _remove_suggestion_run(self, arg0: str, arg1: bool) -> RemovalReport:
        ...
    def _report(self, arg0: str, arg1: str, arg2: str, arg3: str, arg4: typing.SupportsInt | typing.SupportsIndex, arg5: bool, arg6: bool) -> str:
        ...
    def _repr_html_(self) -> str:
        ...
    def _search(self, arg0: str, arg1: bool, arg2: bool, arg3: bool, arg4: typing.SupportsInt | typing.SupportsIndex, arg5: collections.abc.Sequence[str]) -> list:
        ...
    def _segment_agreement(self, arg0: collections.abc.Sequence[str], arg1: collections.abc.Sequence[str], arg2: typing.SupportsFloat | typing.SupportsIndex, arg3: collections.abc.Sequence[str]) -> dict:
        ...
    def _suggestion_run(self, arg0: str) -> _SuggestionRun:
        ...
    def _suggestion_runs(self) -> list[_SuggestionRun]:
        ...
    def _unitized_alpha(self, arg0: collections.abc.Sequence[str], arg1: collections.abc.Sequence[str]) -> dict:
        ...
    def _write_report(self, arg0: str, arg1: str, arg2: typing.SupportsInt | typing.SupportsIndex, arg3: bool, arg4: bool) -> None:
        ...
    def accept(self, suggestions: typing.Any, min_score: float | None = None, coder: typing.Any = None) -> list:
        """
        Accepts suggestions — a run (its pending suggestions, those scoring at
        least `min_score` when given), Suggestions, ids, or a list — making each
        an excerpt whose provenance is the run (and whose coder is `coder`, the
        person accepting). All or nothing. Returns the new Excerpts.
        """
    def add_attribute(self, name: typing.Any, type: typing.Any = 'text', description: typing.Any = '') -> AttributeDefinition:
        """
        Declares a case attribute: type is 'text', 'number', 'boolean' or 'date'.
        """
    def add_case(self, name: typing.Any, attributes: typing.Any = None, description: typing.Any = '') -> Case:
        """
        Adds a participant. Undeclared attributes are declared with the type of their value (str: text, bool: boolean, int/float: number, datetime.date: date).
        """
    def add_code_to_theme(self, theme: typing.Any, code: typing.Any) -> Theme:
        ...
    def add_coder(self, name: typing.Any) -> Coder:
        ...
    def add_document(self, name: typing.Any, text: typing.Any, case: typing.Any = None, speaker_turns: typing.Any = None, description: typing.Any = '') -> Document:
        """
        Adds a document. speaker_turns: SpeakerTurn(start, end, case_id_or_name, speaker).
        """
    def add_excerpt(self, document: typing.Any, start: typing.Any, end: typing.Any, codes: typing.Any, coder: typing.Any = None, memo: typing.Any = None, provenance: typing.Any = None) -> Excerpt:
        """
        Codes document text [start, end) (Python string indices) with `codes`. `provenance` (default: a person) is a kind name or a dict such as {"kind": "import", "tool": "survey", "file": "answers.csv"}.
        """
    def add_memo(self, text: typing.Any, title: typing.Any = '', target: typing.Any = None, author: typing.Any = None) -> Memo:
        """
        A memo on any object (by object or id), or on the project.
        """
    def add_relation(self, source: typing.Any, target: typing.Any, label: typing.Any, direction: typing.Any = 'one-way', description: typing.Any = '') -> Relation:
        """
        A labelled edge between themes or codes; direction: one-way, bidirectional, associative.
        """
    def add_theme(self, name: typing.Any, codes: typing.Any = None, parent: typing.Any = None, description: typing.Any = '', color: typing.Any = '') -> Theme:
        ...
    def agreement(self, coders: typing.Sequence[typing.Any], method: str = 'nvivo', codes: typing.Sequence[typing.Any] | None = None, min_overlap: float = 0.9, per_document: bool = False, documents: str = 'double-coded') -> pandas.DataFrame:
        """
        Agreement of two coders (or coder groups: give a list for a group) per code.
        
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
        `pooled_agreement` for one figure across codes).
        
        A member of `coders` may also be a SuggestionRun (or its id) — its suggestions, whatever their status, coded by a coder standing for the run — or an origin, "human", "rule", "import" or "model": the excerpts of that provenance.
        """
    def apply_crosswalk(self, mapping: typing.Any, remove_old: bool = True) -> thematica._crosswalk.CrosswalkReport:
        """
        Recodes the project onto another codebook. `mapping`: a frame from
        ``thematica.crosswalk`` (rows code_a → code_b; filter it first to the rows
        you accept) or a dict old → new, where old is a code (path, id or Code)
        and new a code path ("/"-separated) or a list of paths. Several old codes
        mapped to one new code merge; one old code mapped to several new codes
        splits (its excerpts get every target, listed under ``split`` for review).
        Target codes missing from the project are created. With `remove_old`,
        mapped codes no longer used and not themselves targets are removed.
        Codes still used that the mapping does not name are reported in
        ``unmapped`` and kept. The whole recoding is one step of the change log.
        Bad mappings raise before anything changes.
        """
    def attribute(self, id_or_name: typing.Any) -> AttributeDefinition:
        ...
    def autocode(self, pattern_or_speaker: str, code: typing.Any, scope: str = 'hit', coder: typing.Any = None, regex: bool = False, case_sensitive: bool = False, accent_sensitive: bool = True, documents: typing.Iterable[typing.Any] | None = None) -> dict:
        """
        Codes every hit of a search with `code`, widened to `scope` ("hit",
        "sentence", "paragraph" or "turn"), or with scope="speaker" every speaker
        turn of that speaker (label or case name). Several hits in one scope make
        one excerpt; ranges already coded with the code are skipped; all or
        nothing. Returns {"excerpts": [...], "already_coded": n, "outside_turns": n}.
        """
    def case(self, id_or_name: typing.Any) -> Case:
        ...
    def cases_frame(self) -> pandas.DataFrame:
        """
        Cases indexed by name, with one column per declared attribute (missing
        values are None), then description and the case's id.
        """
    def code(self, document: typing.Any, phrase_or_start: str | int, end: int | None = None, *, codes: typing.Any, coder: typing.Any = None, occurrence: int | str | None = None, memo: str | None = None) -> typing.Any:
        """
        Codes a phrase of a document: ``p.code(doc, "be my voice", codes=[...])``.
        
        The phrase is matched leniently (runs of white space, curly and straight
        quotes, dashes, "…" and "...", and then letter case are not told apart).
        One occurrence is coded; several raise an error listing them with their
        context unless ``occurrence=k`` (1-based) or ``occurrence="all"``; no
        occurrence raises an error showing the closest passage. Returns the list
        of new Excerpts. ``p.code(doc, start, end, codes=...)`` is ``add_excerpt``
        and returns the Excerpt.
        """
    def code_counts(self, include_descendants: bool = False) -> list[CodeCount]:
        """
        Excerpts, documents and cases per code, in codebook order.
        """
    def code_turns(self, speaker: typing.Any, codes: typing.Any, *, coder: typing.Any = None, documents: typing.Iterable[typing.Any] | None = None) -> list[Excerpt]:
        """
        Codes every speaker turn of ``speaker`` (a turn label as written, or a
        case / case name) with ``codes``, in all documents or the given ones.
        Returns the new Excerpts.
        """
    def codebook_digest(self) -> str:
        """
        SHA-256 over the codebook's codes and definitions (what a suggestion run records).
        """
    def codebook_document(self, format: str = 'markdown') -> str:
        """
        The codebook appendix (hierarchy, definitions, inclusion/exclusion, examples, memos, counts; a folder counts its subtree) as markdown, html or csv.
        """
    def codebook_frame(self) -> pandas.DataFrame:
        """
        The codebook as a table (the CSV codebook document read back): one row per
        code in hierarchy order; a folder's counts are those of its subtree.
        """
    def coder(self, id_or_name: typing.Any) -> Coder:
        ...
    def coder_view(self, document: typing.Any = None, coder: typing.Any = None, path: str | None = None) -> typing.Any:
        """
        The coding surface for `document` in a notebook (a ``CodingView``
        widget): select text, apply codes, memos, undo; changes go into this
        project. `coder` picks who is coding; with `path` it has a Save button.
        """
    def codes_frame(self, include_descendants: bool = False) -> pandas.DataFrame:
        """
        The codebook indexed by code path ("Parent/Child"), one row per code:
        name, parent, depth, definition fields, colour, counts of excerpts,
        documents and cases, and the code's id last.
        """
    def compact_history(self, keep: typing.SupportsInt | typing.SupportsIndex | None = None, before: typing.Any = None) -> int:
        """
        Drops the oldest change-log records, whole steps at a time: keeps the newest `keep` steps and/or drops steps older than `before` (a datetime). Returns how many records went.
        """
    def cooccurrence(self, unit: str = 'excerpts', measure: str = 'count', codes: typing.Sequence[typing.Any] | None = None, include_folders: bool = False) -> pandas.DataFrame:
        """
        Code × code co-occurrence (codes as row and column labels, by path).
        
        unit "excerpts": overlapping coding pairs (touching ranges do not overlap;
        codes of one excerpt do); "documents" / "cases": units holding both codes.
        measure "count", "jaccard" (|A∩B|/|A∪B| for documents and cases; for
        excerpts the share of both codes' codings that meet the other code) or "c"
        (ATLAS.ti's c-coefficient n12/(n1 + n2 − n12)). The diagonal holds each
        code's own count (1 for the coefficients). Non-codable folder codes are left
        out unless named in `codes` or include_folders=True.
        """
    def copy(self) -> Project:
        """
        An independent copy.
        """
    def copy_for(self, coder: typing.Any, documents: typing.Iterable[typing.Any] | None = None, blind: bool = True) -> Project:
        """
        A working copy for `coder` (a Coder, id or name; a new name adds the
        coder): the codebook, themes, cases and the `documents` to code (all when
        None) with their ids, and — when `blind` — none of the other coders'
        excerpts. The coder is the copy's ``current_coder``. Combine the copies
        back with ``thematica.combine``.
        """
    def crosstab(self, attribute: typing.Any, unit: str = 'cases', include_descendants: bool = False, totals: bool = False, include_folders: bool = False) -> pandas.DataFrame:
        """
        Codes × values of a case attribute (matrix coding): how many cases
        (or documents, or codings) of each value were coded with each code.
        Cases without a value are counted under "(missing)". The number of units
        in each column is in ``frame.attrs["totals"]``; totals=True also puts it in
        the column labels as papers print them ("patient (n=6)"). Non-codable
        folder codes are left out unless include_folders=True (or
        include_descendants=True, where a folder's row sums its subtree).
        """
    def disagreements(self, a: typing.Any, b: typing.Any, codes: typing.Sequence[typing.Any] | None = None, by: str = 'segment') -> pandas.DataFrame:
        """
        Where two coders (or groups: give a list) disagree, in document order.
        
        by="segment" (the default): one row per code and group of overlapping coded
        segments that differ — what a team discusses: document, code (path),
        a_start, a_end, a_text, b_start, b_end, b_text (empty on the side that did
        not code it; several segments of one side joined with " … ") and pair, e.g.
        'Ana: “I was lost” / Ben: “I was lost at first”'.
        by="stretch": the elementary stretches where the sides' sets of codes
        differ: document, start, end, text, codes_a, codes_b (code paths).
        """
    def document(self, id_or_name: typing.Any) -> Document:
        ...
    def documents_frame(self) -> pandas.DataFrame:
        """
        Documents indexed by name: case, length (code points), excerpts, and the
        document's id.
        """
    def edit_and_accept(self, suggestion: typing.Any, start: int | None = None, end: int | None = None, coder: typing.Any = None) -> typing.Any:
        """
        Accepts one suggestion over [start, end) instead of its own range.
        """
    def excerpt(self, id: typing.Any) -> Excerpt:
        ...
    def excerpt_cases(self, excerpt: typing.Any) -> list[Case]:
        """
        The cases an excerpt speaks for (speaker turns it overlaps, else its document's case).
        """
    def excerpts(self, code: typing.Any = None, document: typing.Any = None, case: typing.Any = None, coder: typing.Any = None, include_descendants: bool = False, provenance: typing.Any = None, run: typing.Any = None) -> list[Excerpt]:
        """
        Excerpts passing every given filter, in the order they were added. `provenance`: "human", "rule", "import" or "model"; `run`: accepted from that suggestion run.
        """
    def excerpts_frame(self, code: typing.Any = None, document: typing.Any = None, case: typing.Any = None, coder: typing.Any = None, include_descendants: bool = False, theme: typing.Any = None, provenance: str | None = None) -> pandas.DataFrame:
        """
        Excerpts (filtered as in ``Project.excerpts``), one row each: document,
        case (the cases it speaks for, joined by ", "), start, end, text, codes (list of
        names), coder, and the excerpt's id last. `code` and `theme` may be lists: an
        excerpt with any of the codes (or any code of the themes and their
        sub-themes) is kept. ``provenance`` and ``provenance_detail`` say how each
        excerpt came to be ("human", "rule", "import", "model"; e.g. 'rule "trust"
        (sentence)', 'import from MAXQDA 2024 (project.qde)', 'model run 1f2e…');
        ``provenance="rule"`` keeps only those.
        """
    def framework(self, rows: str = 'case', columns: str = 'theme', cell: str = 'summary', attribute: str | None = None, path: None | str | pathlib.Path = None) -> pandas.DataFrame:
        """
        The framework matrix (as NVivo and MAXQDA offer it): cases × themes (or
        codes), each cell the researcher's summary (cell="summary", stored as memos:
        see `set_framework_summary`), the number of excerpts ("count") or the
        quotes themselves ("quotes", each “…” on its own line). Rows are labelled by
        case name, with the value of `attribute` when given ("P13 (peer worker)").
        path= also writes it: .html, .md, .csv or .xlsx by the file's suffix.
        """
    def history(self, since: None | int | datetime.datetime = None) -> pandas.DataFrame:
        """
        The change log, one row per object an edit touched, oldest first: seq,
        step (the records of one call share it: one ``undo()`` reverts a step),
        time (UTC), coder (the ``current_coder`` at the time), op (add | update |
        remove), kind, id, name, field (for an update, the fields that changed),
        summary (the call, e.g. "RemoveCode (cascade)"), before and after (the
        object as native-format JSON; None where it did not exist).
        
        `since`: an int keeps records after that seq; a datetime keeps records made
        at or after it.
        """
    def import_file(self, path: str | os.PathLike[str], *, name: str | None = None, case: typing.Any = None, speakers: str = 'auto', interviewer: typing.Sequence[str] = ('Interviewer', 'I', 'Q'), create_cases: bool = True, encoding: str | None = None) -> Document:
        """
        Imports a transcript as a new document and returns it.
        
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
    def import_files(self, paths: typing.Iterable[str | os.PathLike[str]], *, case: typing.Any = None, speakers: str = 'auto', interviewer: typing.Sequence[str] = ('Interviewer', 'I', 'Q'), create_cases: bool = True, encoding: str | None = None) -> list[Document]:
        """
        Imports several files (see ``import_file``), all or nothing: when one
        fails, none is added and the error names the file. Returns the Documents.
        """
    def import_table(self, source: typing.Any, text: str | typing.Sequence[str] = 'answer', name: str | None = 'id', attributes: typing.Sequence[str] | None = None, case: str | None = 'id', types: dict[str, str] | None = None, create_cases: bool = True) -> list[Document]:
        """
        Imports survey answers or another table (.csv, .tsv, .xlsx or a pandas
        DataFrame): a document per row — or per non-empty cell when several
        ``text`` columns are named — named by the ``name`` column (with the text
        column's name when there are several), linked to the case named by the
        ``case`` column, whose ``attributes`` columns become typed case attributes
        (number, date, boolean or text, inferred; ``types={"age": "text"}``
        overrides). Rows with empty text are skipped. All or nothing. Returns the
        Documents.
        """
    def kind_of(self, id: typing.Any) -> str:
        """
        What kind of object an id names ('none' if unknown).
        """
    def memo(self, id: typing.Any) -> Memo:
        ...
    def memos_for(self, target: typing.Any = None) -> list[Memo]:
        ...
    def memos_frame(self, target: typing.Any = None) -> pandas.DataFrame:
        """
        Memos, one row each: title, text, kind (of what it is attached to:
        project, code, theme, case, document, excerpt, …), target (its name or
        path), author, created, id. target= keeps the memos of one object.
        """
    def pooled_agreement(self, coders: typing.Sequence[typing.Any], codes: typing.Sequence[typing.Any] | None = None, documents: str = 'double-coded') -> thematica._agreement_frames.PooledAgreementResult:
        """
        One figure across codes as papers report it: character-level percent
        agreement, Cohen's kappa and Krippendorff's alpha of the pooled tables.
        documents="double-coded" (the default) covers only documents both sides
        coded; "all" every document of the project.
        
        A member of `coders` may also be a SuggestionRun (or its id) — its suggestions, whatever their status, coded by a coder standing for the run — or an origin, "human", "rule", "import" or "model": the excerpts of that provenance.
        """
    def query(self, expression: str, include_descendants: bool = False, documents: typing.Iterable[typing.Any] | None = None, cases: typing.Iterable[typing.Any] | None = None, coders: typing.Iterable[typing.Any] | None = None, attribute: dict | None = None, context: int = 40) -> pandas.DataFrame:
        """
        Coding query, e.g. ``'Advocacy AND (Trust OR "Rebuilding trust") NOT Stigma'``,
        ``'A NEAR/50 B'``, ``'A SAMEPARA B'``, ``'A SAMETURN B'`` (grammar and semantics in
        the README): the stretches of text that satisfy it, as document, start, end,
        before, text, after. Filters: documents, cases, coders (a coder, or an origin —
        "human", "rule", "import", "model" — for the codings of that provenance),
        attribute={"role": "patient"}.
        """
    def quotes(self, theme: typing.Any = None, code: typing.Any = None, attribute: typing.Any = None, cases: typing.Any = None, include_descendants: bool = True) -> pandas.DataFrame:
        """
        Quotes ready for a paper: one row per excerpt with text, attribution as
        papers print it ("(P13, peer worker)"), case, the attribute value, document,
        codes (paths), coder and origin (document and code-point range).
        
        theme / code: a name, path, object or a list of them; a theme stands for
        its codes and its sub-themes' codes, a code for its subtree unless
        include_descendants=False; given both, an excerpt needs one of each.
        attribute: the case attribute shown in the attribution and as a column
        ("role"), or {"role": "patient"} to keep only cases with that value.
        cases: keep only excerpts speaking for these cases.
        """
    def redo(self) -> str | None:
        """
        Re-applies the newest undone step and returns its summary (None when there is none). Any new edit clears what can be redone.
        """
    def reject(self, suggestions: typing.Any, max_score: float | None = None) -> int:
        """
        Marks suggestions rejected (a run: its pending ones, those scoring at
        most `max_score` when given). Returns how many.
        """
    def relation(self, id: typing.Any) -> Relation:
        ...
    def remove_attribute(self, attribute: typing.Any) -> int:
        """
        Removes the attribute and every case's value; returns how many values went.
        """
    def remove_case(self, case: typing.Any) -> RemovalReport:
        """
        Removes a case; documents and speaker turns are unlinked. Returns what changed.
        """
    def remove_code_from_theme(self, theme: typing.Any, code: typing.Any) -> Theme:
        ...
    def remove_coder(self, coder: typing.Any) -> None:
        """
        Refused while excerpts or memos name the coder.
        """
    def remove_document(self, document: typing.Any) -> RemovalReport:
        """
        Removes a document with its excerpts and memos. Returns what went.
        """
    def remove_excerpt(self, excerpt: typing.Any) -> RemovalReport:
        ...
    def remove_memo(self, memo: typing.Any) -> None:
        ...
    def remove_relation(self, relation: typing.Any) -> RemovalReport:
        ...
    def remove_run(self, run: typing.Any, remove_accepted: bool = False) -> RemovalReport:
        """
        Removes a run and its suggestions; with remove_accepted=True also the
        excerpts accepted from it (otherwise they stay, their provenance still
        naming the run). Returns what went.
        """
    def remove_theme(self, theme: typing.Any, cascade: bool = False) -> RemovalReport:
        ...
    def rename_coder(self, coder: typing.Any, name: typing.Any) -> Coder:
        ...
    def report(self, attribute: str | None = None, format: str = 'markdown', with_map: bool = True, max_quotes: int = 3, quotes: str | None = None, repeat_quotes: bool = False, memos: bool = True) -> str:
        """
        The theme report as a results section: the map as Figure 1 with a
        caption, a summary table of themes × `attribute` values, then each theme in
        hierarchy order with description, participants by `attribute` (a line and a
        table), sub-themes, codes, its 1–`max_quotes` most representative quotes
        (most of the theme's codes, distinct participants, spread over the
        attribute's values; quotes="all" for every one) attributed as papers print
        them, "(P13, peer worker)", and the memos on the theme and its codes. A
        quote appears under one theme only unless repeat_quotes=True.
        
        HTML is one self-contained file with the map inlined; Markdown embeds the
        map as a data: URI PNG (``write_report`` links the PNG it writes instead).
        Without Graphviz the report has no figure.
        """
    def run_metrics(self, run: typing.Any, against: typing.Any, documents: typing.Sequence[typing.Any] | None = None, bootstrap: int = 1000, seed: int = 0) -> pandas.DataFrame:
        """
        Per code of the run, its suggestions (every suggestion, whatever its
        status) against a person or a consensus (a list of coders: a passage
        counts as coded when all of them coded it), unit by unit over
        `documents` — by default the documents the run read, less those holding
        people's codings of its codes made before the run (what it learned from;
        ``frame.attrs["documents"]`` names those compared): tp, fp, fn, tn, precision,
        recall, f1, kappa (Cohen's, units as items) with 95% intervals —
        Wilson for precision and recall, percentile bootstrap over units
        (`bootstrap` resamples, `seed`) for f1 and kappa.
        """
    def runs(self) -> list[thematica.ai.SuggestionRun]:
        """
        The project's suggestion runs, oldest first.
        """
    def runs_frame(self) -> pandas.DataFrame:
        ...
    def saturation(self, order: typing.Sequence[typing.Any] | None = None) -> pandas.DataFrame:
        """
        In the given document order (documents or ids or names; project order
        by default): the codes each document introduced, how many, and the
        cumulative number of codes seen.
        """
    def save(self, path: typing.Any, format: typing.Any = None) -> None:
        """
        Saves atomically; the format follows the extension (.thematica, .json), or is
        given: "compact" writes the compact encoding of format 1.2 (a .thematica file).
        """
    def search(self, pattern: str, regex: bool = False, case_sensitive: bool = False, accent_sensitive: bool = True, context: int = 40, documents: typing.Iterable[typing.Any] | None = None) -> pandas.DataFrame:
        """
        Keyword in context: every hit of `pattern` (literal, or an RE2 regular
        expression with regex=True — linear time, no catastrophic patterns) as
        document, start, end (Python string indices), before, hit, after.
        accent_sensitive=False finds "café" for "cafe" (and the reverse).
        """
    def set_case_attribute(self, case: typing.Any, name: typing.Any, value: typing.Any) -> Case:
        """
        Sets one attribute value (None clears it).
        """
    def set_fixed_clock(self, time: typing.Any) -> None:
        """
        Every time stamp from now on is `time` (None: the real clock).
        """
    def set_framework_summary(self, case: typing.Any, theme: typing.Any, text: str) -> typing.Any:
        """
        Writes the researcher's summary of what `case` says about `theme` (a
        framework-matrix cell), stored as a memo on the case titled
        "Framework: <theme>"; replaces an earlier one. Returns the memo.
        """
    def set_id_seed(self, seed: typing.SupportsInt | typing.SupportsIndex) -> None:
        """
        Makes generated ids reproducible (gives the project a new id from the seed).
        """
    def subthemes(self, theme: typing.Any = None) -> list[Theme]:
        """
        Sub-themes of `theme` (None: the top-level themes).
        """
    def suggest(self, codes: typing.Sequence[typing.Any], documents: typing.Sequence[typing.Any] | None = None, method: str = 'learned', unit: str = 'sentence', seed: int = 0, *, started_by: typing.Any = None, **kwargs) -> thematica.ai.SuggestionRun:
        """
        Runs `method` for `codes` over `documents` (default: all) and records
        the run with its suggestions (not excerpts). Returns the run.
        
        learned: trains on the passages people coded (provenance "human"; options
        ``coders=[...]`` to learn from some coders only, ``train_documents=[...]``,
        ``threshold=0.5``, ``C=1.0``); suggests each `unit` not already coded
        with the code whose probability reaches the threshold. With
        ``strategy="uncertain"`` it instead proposes, per code, the ``n=20``
        uncoded passages the classifier is least sure of (probability nearest
        0.5): the ones a person should code next (active learning).
        embedding: each unit's cosine similarity to the code's definition,
        inclusion criteria, example and coded passages (``threshold=0.5``).
        llm: ``endpoint=`` (an OpenAI-compatible base URL), ``model=``,
        ``api_key=`` (default $THEMATICA_LLM_API_KEY), ``timeout=60``,
        ``retries=3``, ``backoff=1.0``; suggestions cover the exact quotes the
        model gave (quotes not found verbatim are dropped and counted in the
        run's metadata). Same inputs and seed give the same suggestions.
        """
    def thematic_map(self, show_codes: bool = False, wrap: int = 24, size: str = '6.5,9', ratio: str = '', rankdir: str = 'LR', engine: str = 'dot', font: str = 'Helvetica', font_size: float = 14) -> thematica._display.ThematicMap:
        """
        Themes and sub-themes as nested clusters (with excerpt and participant
        counts), relations as labelled arrows, the core theme emphasised
        (metadata core=true, else the theme with the most relations).
        
        Options: labels wrap at `wrap` characters (0: never); `size` "W,H" in
        inches scales a larger drawing down to fit (6.5 in: a page's text width);
        `ratio` is Graphviz's ("fill", "compress", a number; "" natural);
        `rankdir` LR (default)/TB/BT/RL; `engine` the Graphviz layout program (dot, neato,
        fdp, …); `font` and `font_size` (points before scaling).
        """
    def theme(self, id_or_name: typing.Any) -> Theme:
        ...
    def theme_codes(self, theme: typing.Any, include_subthemes: bool = True) -> list[Code]:
        ...
    def theme_depth(self, theme: typing.Any) -> int:
        ...
    def themes_frame(self) -> pandas.DataFrame:
        """
        Themes in hierarchy order, indexed by path ("Theme/Sub-theme"): name,
        parent, depth, description, codes (names, sub-themes' included), and the
        theme's id last.
        """
    def undo(self) -> str | None:
        """
        Reverts the newest step of the change log exactly (a cascade's removed objects come back) and returns its summary, or None when there is nothing to undo. ConflictError, with the project unchanged, when the project no longer matches its log.
        """
    def unitized_alpha(self, coders: typing.Sequence[typing.Any], codes: typing.Sequence[typing.Any]) -> thematica._agreement_frames.ProjectUnitizedAlpha:
        """
        Krippendorff's unitized alphas of `coders` (two or more) on `codes` (a
        semantic domain: codes that exclude each other), the documents taken as one
        continuum of code points: a typed result with u_alpha, binary_alpha,
        cu_alpha, cu_coverage, per_value {code path: (alpha, coverage)} and
        per_code (a DataFrame of (k)uα and coverage per code; also ``.frame()``);
        readable as a dict too. cu_alpha and a code's alpha are None where undefined.
        
        A member of `coders` may also be a SuggestionRun (or its id) — its suggestions, whatever their status, coded by a coder standing for the run — or an origin, "human", "rule", "import" or "model": the excerpts of that provenance.
        """
    def update_case(self, case: typing.Any, name: typing.Any = None, description: typing.Any = None) -> Case:
        ...
    def update_document(self, document: typing.Any, name: typing.Any = None, text: typing.Any = None, case: typing.Any = None, description: typing.Any = None) -> Document:
        """
        Changes fields; None leaves a field as it is, case="" unlinks the case.
        """
    def update_excerpt(self, excerpt: typing.Any, start: typing.Any = None, end: typing.Any = None, codes: typing.Any = None, coder: typing.Any = None) -> Excerpt:
        ...
    def update_memo(self, memo: typing.Any, text: typing.Any = None, title: typing.Any = None) -> Memo:
        ...
    def update_theme(self, theme: typing.Any, name: typing.Any = None, description: typing.Any = None, parent: typing.Any = None, codes: typing.Any = None, color: typing.Any = None) -> Theme:
        """
        Changes fields; None leaves a field as it is, parent="" makes it top-level.
        """
    def validate(self) -> list[str]:
        """
        Every consistency problem (empty when consistent).
        """
    def validation_report(self, run: typing.Any, against: typing.Any, format: str = 'markdown', sample: pandas.DataFrame | None = None, bootstrap: int = 1000, seed: int = 0) -> str:
        """
        A validation report of one run against a person or a consensus
        (Markdown, or format="html"): method, model and its SHA-256, parameters
        and seed, codebook and corpus digests, who started it and when, the
        sample (a `validation_sample` frame when given), and per code precision,
        recall, F1 and Cohen's kappa with 95% intervals (`run_metrics`) — ending
        in a paragraph to adapt for a methods section.
        """
    def validation_sample(self, run: typing.Any, n: int = 100, stratify: str = 'code', seed: int = 0) -> pandas.DataFrame:
        """
        Draws passages (the run's units in the documents it read) for a person
        to code blind: per code (stratify="code") about n / codes passages, half
        among those the run suggested and half among those it did not (fewer when
        there are not enough), shuffled. Columns: document, start, end, text,
        code; which were suggested is kept apart in ``frame.attrs["suggested"]``
        (a list of booleans, row by row) so the coder does not see it.
        """
    def word_frequencies(self, by: str = 'project', stopwords: None | str | typing.Iterable[str] = 'english', top: int | None = None) -> pandas.DataFrame:
        """
        Word counts (Unicode-aware words, lower-cased; apostrophes inside words
        kept) for the whole project or per document, case or code, most frequent
        first. stopwords: "english" (the default list), None, or your own words.
        """
    def write_report(self, folder: str, attribute: str | None = None, max_quotes: int = 3, quotes: str | None = None, repeat_quotes: bool = False, memos: bool = True) -> list[str]:
        """
        Writes the report into `folder`: thematic_map.dot/.svg/.png/.pdf,
        report.md/.html/.docx (the .docx made by Pandoc from the Markdown),
        codebook.md/.html/.csv/.docx and codebook.xlsx (openpyxl). Graphviz and
        Pandoc are checked first; when one is missing nothing is written. Returns
        the file names written.
        """
    @property
    def _last_seq(self) -> int:
        ...
    @property
    def attributes(self) -> list[AttributeDefinition]:
        """
        Snapshots (copies) of the project's attributes, in insertion order.
        """
    @property
    def can_redo(self) -> bool:
        ...
    @property
    def can_undo(self) -> bool:
        ...
    @property
    def cases(self) -> list[Case]:
        ...
    @property
    def codebook(self) -> Codebook:
        """
        The codebook (a view that keeps the project alive).
        """
    @property
    def coders(self) -> list[Coder]:
        """
        Snapshots (copies) of the project's coders, in insertion order.
        """
    @property
    def created(self) -> datetime.datetime | None:
        ...
    @property
    def current_coder(self) -> Coder | None:
        """
        The coder the change log attributes edits to (set by id, name or Coder; None for nobody). Belongs to the session: not saved.
        """
    @current_coder.setter
    def current_coder(self, arg1: typing.Any) -> None:
        ...
    @property
    def description(self) -> str:
        ...
    @description.setter
    def description(self, arg1: typing.Any) -> None:
        ...
    @property
    def documents(self) -> list[Document]:
        """
        Snapshots (copies) of the project's documents, in insertion order.
        """
    @property
    def history_enabled(self) -> bool:
        """
        Whether edits are recorded in the change log. Switching it off (bulk automated runs) also ends undo of the steps recorded before.
        """
    @history_enabled.setter
    def history_enabled(self, arg1: bool) -> None:
        ...
    @property
    def id(self) -> str:
        ...
    @property
    def memos(self) -> list[Memo]:
        """
        Snapshots (copies) of the project's memos, in insertion order.
        """
    @property
    def metadata(self) -> dict[str, str]:
        ...
    @property
    def modified(self) -> datetime.datetime | None:
        ...
    @property
    def permission(self) -> str:
        """
        What this project lets its client change: "full", "suggest-only" (suggestion runs only; never an excerpt) or "read-only". Can only be lowered; not saved.
        """
    @permission.setter
    def permission(self, arg1: str) -> None:
        ...
    @property
    def relations(self) -> list[Relation]:
        """
        Snapshots (copies) of the project's relations, in insertion order.
        """
    @property
    def themes(self) -> list[Theme]:
        """
        Snapshots (copies) of the project's themes, in insertion order.
        """
    @property
    def title(self) -> str:
        ...
    @title.setter
    def title(self, arg1: typing.Any) -> None:
        ...
class Codebook:
    """
    The project's hierarchical codebook. Changes go through its methods, which validate them.
    """
    def __contains__(self, arg0: typing.Any) -> bool:
        ...
    def __getitem__(self, arg0: typing.Any) -> Code:
        ...
    def __iter__(self) -> collections.abc.Iterator:
        ...
    def __len__(self) -> int:
        ...
    def __repr__(self) -> str:
        ...
    def _repr_html_(self, limit: int = 200) -> str:
        ...
    def add_code(self, name: typing.Any, parent: typing.Any = None, description: typing.Any = '', inclusion: typing.Any = '', exclusion: typing.Any = '', example: typing.Any = '', color: typing.Any = '', codable: bool = True, creator: typing.Any = None) -> Code:
        """
        Adds a code; names are unique among siblings.
        """
    def children(self, code: typing.Any = None) -> list[Code]:
        """
        Child codes of `code` (None: the top-level codes).
        """
    def depth(self, code: typing.Any) -> int:
        ...
    def descendants(self, code: typing.Any) -> list[Code]:
        ...
    def find(self, name_or_path: typing.Any) -> Code:
        """
        The code with this id, name (when unique) or path "Parent/Child"; KeyError if none.
        """
    def merge(self, source: typing.Any, target: typing.Any) -> Code:
        """
        Merges `source` into `target`: excerpts, themes, relations, memos and child codes follow.
        """
    def move(self, code: typing.Any, parent: typing.Any) -> Code:
        """
        Moves under `parent` (None: top level); cycles are refused.
        """
    def path(self, code: typing.Any, separator: typing.Any = '/') -> str:
        ...
    def remove(self, code: typing.Any, cascade: bool = False) -> RemovalReport:
        """
        Removes a code; refused while used or with children unless cascade=True. Returns what went.
        """
    def rename(self, code: typing.Any, name: typing.Any) -> Code:
        ...
    def update(self, code: typing.Any, **kwargs) -> Code:
        """
        Changes fields (name, description, inclusion, exclusion, example, color, codable, parent).
        """
    @property
    def codes(self) -> list[Code]:
        """
        Every code, in insertion order.
        """
class _Analysis:
    """
    The analysis index of a project (private).
    """
    def __init__(self, project: Project) -> None:
        ...
    def cooccurrence(self, arg0: str, arg1: str, arg2: collections.abc.Sequence[str]) -> tuple[list[str], list[float]]:
        ...
    def crosstab(self, arg0: str, arg1: str, arg2: bool) -> tuple[list[str], list[str], list[int], list[int]]:
        ...
    def saturation(self, arg0: collections.abc.Sequence[str]) -> list:
        ...
    def word_frequencies(self, arg0: str, arg1: collections.abc.Sequence[str], arg2: typing.SupportsInt | typing.SupportsIndex) -> list:
        ...
class Suggestion:
    """
    One proposed coding of a suggestion run (a value snapshot).
    """
    def __repr__(self) -> str:
        ...
    @property
    def code_id(self) -> str:
        ...
    @property
    def document_id(self) -> str:
        ...
    @property
    def end(self) -> int:
        ...
    @property
    def excerpt_id(self) -> str | None:
        ...
    @property
    def id(self) -> str:
        ...
    @property
    def rationale(self) -> str:
        ...
    @property
    def score(self) -> float:
        ...
    @property
    def start(self) -> int:
        ...
    @property
    def status(self) -> str:
        ...
class _SuggestionRun:
    @property
    def code_ids(self) -> list[str]:
        ...
    @property
    def codebook_sha256(self) -> str:
        ...
    @property
    def created(self) -> str:
        ...
    @property
    def documents(self) -> list[tuple[str, str]]:
        ...
    @property
    def endpoint(self) -> str:
        ...
    @property
    def id(self) -> str:
        ...
    @property
    def metadata(self) -> dict[str, str]:
        ...
    @property
    def method(self) -> str:
        ...
    @property
    def model(self) -> str:
        ...
    @property
    def model_sha256(self) -> str:
        ...
    @property
    def parameters(self) -> dict[str, str]:
        ...
    @property
    def seed(self) -> int:
        ...
    @property
    def started_by(self) -> str:
        ...
    @property
    def suggestions(self) -> list[Suggestion]:
        ...
    @property
    def unit(self) -> str:
        ...
class SourceFile:
    """
    The original file a document was imported from (read-only).
    """
    def __repr__(self) -> str:
        ...
    @property
    def content(self) -> bytes:
        ...
    @property
    def importer(self) -> str:
        ...
    @property
    def media_type(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def sha256(self) -> str:
        ...
class _Table:
    """
    Cells as text for Project._import_table (private).
    """
    def __init__(self, source: str, columns: collections.abc.Sequence[str], rows: collections.abc.Sequence[collections.abc.Sequence[str]]) -> None:
        ...
class ViewDocument:
    """
    A document of a ProjectView (its text read on access).
    """
    def __repr__(self) -> str:
        ...
    @property
    def case_id(self) -> str:
        """
        The document's case id, or "".
        """
    @property
    def id(self) -> str:
        ...
    @property
    def index(self) -> int:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def text(self) -> str:
        ...
class ViewCode:
    """
    A code of a ProjectView.
    """
    def __repr__(self) -> str:
        ...
    @property
    def id(self) -> str:
        ...
    @property
    def index(self) -> int:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def parent_id(self) -> str:
        """
        The parent code's id, or "" for a root code.
        """
class ViewExcerpt:
    """
    An excerpt of a ProjectView (its text read on access).
    """
    def __repr__(self) -> str:
        ...
    @property
    def code_ids(self) -> list[str]:
        ...
    @property
    def coder_id(self) -> str:
        """
        The coder's id, or "".
        """
    @property
    def document(self) -> ViewDocument:
        ...
    @property
    def document_id(self) -> str:
        ...
    @property
    def end(self) -> int:
        ...
    @property
    def id(self) -> str:
        ...
    @property
    def index(self) -> int:
        ...
    @property
    def start(self) -> int:
        ...
    @property
    def text(self) -> str:
        ...
class ProjectView:
    """
    A read-only view of a compact .thematica file: header and columns decoded, texts read from the memory-mapped file on access. Open with thematica.open_view(path).
    """
    def __repr__(self) -> str:
        ...
    def code_counts(self, include_descendants: bool = False) -> list[CodeCount]:
        """
        Excerpts, documents and cases per code, in codebook order (as Project.code_counts).
        """
    def excerpts(self, code: typing.Any = None, descendants: bool = True) -> list[ViewExcerpt]:
        """
        Excerpts carrying the code (a ViewCode, Code or id; with descendants: or a code below it), in the project's order; every excerpt when code is None.
        """
    def text(self, document: typing.Any) -> str:
        """
        A document's text (the document as position, id, name or ViewDocument).
        """
    def to_project(self) -> Project:
        """
        The whole Project, equal to thematica.load(path).
        """
    def validate(self) -> None:
        """
        Checks every text and the whole project as thematica.load does; raises FormatError.
        """
    @property
    def codes(self) -> list[ViewCode]:
        """
        The codes, in codebook order.
        """
    @property
    def documents(self) -> list[ViewDocument]:
        """
        The documents, in the project's order.
        """
    @property
    def excerpt_count(self) -> int:
        ...
    @property
    def path(self) -> str:
        ...
    @property
    def title(self) -> str:
        ...
def _combine(original: Project, copies: collections.abc.Sequence[Project]) -> tuple[Project, list, list[str], list[str], str]:
    ...
def _copy_for(project: Project, coder: typing.Any, documents: typing.Any = None, blind: bool = True) -> Project:
    ...
def _diff(a: Project, b: Project) -> tuple[list, str]:
    """
    Rows of the changes from a to b, and their text form (private).
    """
def _find_phrase(text: str, phrase: str) -> tuple[list[tuple[int, int]], typing.Any]:
    ...
def _html_escape(arg0: str) -> str:
    ...
def _markdown_to_docx(arg0: str, arg1: str) -> bytes:
    ...
def _merge(base: Project, ours: Project, theirs: Project, resolutions: collections.abc.Mapping[str, str]) -> tuple[Project, list]:
    """
    The merged project and its conflicts as dicts (private).
    """
def _phrase_context(text: str, start: typing.SupportsInt | typing.SupportsIndex, end: typing.SupportsInt | typing.SupportsIndex) -> str:
    ...
def _position_convention_for_origin(arg0: str) -> str:
    ...
def _project_text(project: Project) -> str:
    """
    A line-oriented text form of a project (private).
    """
def _read_codebook_csv(path: str) -> Project:
    ...
def _read_qdc(path: str) -> tuple:
    ...
def _read_qdpx(path: str, max_entry_size: typing.SupportsInt | typing.SupportsIndex, max_total_size: typing.SupportsInt | typing.SupportsIndex, max_entries: typing.SupportsInt | typing.SupportsIndex, max_compression_ratio: typing.SupportsFloat | typing.SupportsIndex, positions: str | None) -> tuple:
    ...
def _read_table(path: str, encoding: str = '') -> tuple[str, list[str], list[list[str]]]:
    ...
def _render_dot(dot: str, format: str, engine: str = 'dot') -> bytes:
    ...
def _report_attribute(arg0: Project, arg1: str | None) -> str:
    ...
def _report_files() -> list[str]:
    ...
def _scalable_svg(arg0: str) -> str:
    ...
def _write_codebook_csv(project: Project, path: str) -> None:
    ...
def _write_qdc(project: Project, path: str) -> None:
    ...
def _write_qdpx(project: Project, path: str, target: str) -> list[str]:
    ...
def ai_built_in() -> bool:
    """
    Whether this build includes AI-assisted coding.
    """
def ai_disabled_reason() -> str:
    """
    Why AI-assisted coding is off ("" when on).
    """
def ai_enabled() -> bool:
    """
    Whether AI-assisted coding is available: built in and not switched off by THEMATICA_AI=off.
    """
def dumps(project: Project, format: typing.Any = 'json') -> typing.Any:
    """
    The project in the native format: str for json, bytes for binary and compact.
    """
def english_stopwords() -> list[str]:
    """
    The English stop-word list used by default.
    """
def load(path: typing.Any) -> Project:
    """
    Loads and validates a project (.thematica or .json).
    """
def loads(data: typing.Any, format: typing.Any = 'json') -> Project:
    """
    Decodes and validates a project (binary and compact each read both binary encodings).
    """
def open_view(path: typing.Any) -> ProjectView:
    """
    Opens a compact .thematica file as a read-only ProjectView without reading its texts (they are read from the memory-mapped file on access). A record-encoded or JSON file raises InvalidArgumentError saying how to convert it.
    """
def supported_import_extensions() -> list[str]:
    """
    File extensions Project.import_file reads (lower case, with the dot).
    """
FORMAT_VERSION: tuple = (1, 2)
__version__: str = '0.1.0'
