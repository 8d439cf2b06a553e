"""REFI-QDA exchange: the project (.qdpx) and codebook (.qdc) formats that
NVivo, ATLAS.ti, MAXQDA, QualCoder and others read and write, and codebooks as
CSV (Taguette's form).

    import thematica as tm
    project, warnings = tm.read_qdpx("from_nvivo.qdpx")
    for w in warnings:
        print("not carried:", w)
    tm.write_qdpx(project, "standard.qdpx")                   # the standard
    tm.write_qdpx(project, "for_nvivo.qdpx", target="nvivo")  # as NVivo counts
    tm.write_codebook_csv(project, "codebook.csv")            # for Taguette

Selection positions are converted per producing tool to code points (Python
string indices); see the README's REFI-QDA section for the conventions.

A document's imported original (``Document.source_file``) in a rich-text
format (.docx, .odt, .rtf, .pdf, …) is written as its source's rich-text file
(``richTextPath``, ``sources/<id>.docx``) for every target, and a rich-text
file in an archive read (NVivo's ``Sources/<guid>.docx``) becomes the
document's ``source_file``. Speaker turns and their times have no place in the
standard: they travel in Thematica's own sidecar (``target="refi"`` only).
"""

from __future__ import annotations

import os
from typing import NamedTuple, Optional, Union

from . import _core

PathLike = Union[str, "os.PathLike[str]"]

#: Position conventions accepted by ``read_qdpx(positions=...)``.
POSITION_CONVENTIONS = (
    "Unicode code points",
    "UTF-16 code units",
    "code points, CRLF counted as one",
    "UTF-8 bytes",
)


class RefiImport(NamedTuple):
    """A project read from REFI-QDA, and what it could not carry."""

    project: _core.Project
    warnings: list[str]


def read_qdpx(
    path: PathLike,
    *,
    max_entry_size: int = 1 << 30,
    max_total_size: int = 4 << 30,
    max_entries: int = 100_000,
    max_compression_ratio: float = 200.0,
    positions: Optional[str] = None,
) -> RefiImport:
    """Reads a REFI-QDA project archive (untrusted input: sizes are bounded).

    ``positions`` overrides the convention picked from the file's ``origin``
    (one of ``POSITION_CONVENTIONS``). Raises ``FormatError`` for a corrupt
    archive, ``InvalidArgumentError`` for hostile or inconsistent content,
    ``NotFoundError`` for dangling references.
    """
    project, warnings = _core._read_qdpx(
        os.fspath(path), max_entry_size, max_total_size, max_entries,
        max_compression_ratio, positions)
    return RefiImport(project, warnings)


#: Receiving tools accepted by ``write_qdpx(target=...)``.
EXPORT_TARGETS = ("refi", "nvivo", "atlas.ti", "maxqda", "qualcoder")


def write_qdpx(project: _core.Project, path: PathLike, target: str = "refi") -> list[str]:
    """Writes the project as a REFI-QDA archive, atomically, for the tool named
    by ``target`` (one of ``EXPORT_TARGETS``): "refi" is the standard (positions
    in code points, with Thematica's sidecar for an exact round trip); "nvivo"
    and "qualcoder" get UTF-16 code units, "atlas.ti" code points with CRLF
    counted as one, "qualcoder" also LF-only texts and one selection per coding
    (see the README's table). Returns what the target will not show as
    Thematica holds it, one message each (empty when nothing).
    """
    return _core._write_qdpx(project, os.fspath(path), target)


def read_qdc(path: PathLike) -> RefiImport:
    """Reads a REFI-QDA codebook into a project holding its codes (and sets as themes)."""
    project, warnings = _core._read_qdc(os.fspath(path))
    return RefiImport(project, warnings)


def write_qdc(project: _core.Project, path: PathLike) -> None:
    """Writes the project's codebook (and themes as sets) as a REFI-QDA codebook."""
    _core._write_qdc(project, os.fspath(path))


def write_codebook_csv(project: _core.Project, path: PathLike) -> None:
    """Writes the codebook as CSV in the form Taguette imports: columns ``tag``
    (the code's path, "Parent/Child") and ``description``, atomically."""
    _core._write_codebook_csv(project, os.fspath(path))


def read_codebook_csv(path: PathLike) -> _core.Project:
    """Reads a codebook CSV (a ``tag``, ``path`` or ``name`` column, and
    optionally ``description``; ``/`` in a tag makes the hierarchy) into a
    project holding only that codebook."""
    return _core._read_codebook_csv(os.fspath(path))


def position_convention_for_origin(origin: str) -> str:
    """The convention Thematica assumes for a tool's ``origin`` attribute."""
    return _core._position_convention_for_origin(origin)
