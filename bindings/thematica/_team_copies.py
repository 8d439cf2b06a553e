"""The change log as a DataFrame, and blind parallel coding: a coder's working
copy (``Project.copy_for``) and combining copies back (``thematica.combine``).
The bodies of Project methods bound in bindings/py_workflow.cc; the work is
done in the C++ core."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, List, Optional, Union

import pandas as pd  # type: ignore[import-untyped]

from . import _core
from ._core import Project

_HISTORY_COLUMNS = ["seq", "step", "time", "coder", "op", "kind", "id", "name", "field",
                    "summary", "before", "after"]


def _micros(when: Any) -> int:
    """Microseconds since the Unix epoch of a datetime (naive means UTC) or a
    pandas Timestamp."""
    if isinstance(when, pd.Timestamp):
        when = when.to_pydatetime()
    if not isinstance(when, _dt.datetime):
        raise _core.InvalidArgumentError(f"expected a datetime, not {type(when).__name__}")
    if when.tzinfo is None:
        when = when.replace(tzinfo=_dt.timezone.utc)
    epoch = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
    delta = when - epoch
    return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds


def history(self: Project, since: Union[None, int, _dt.datetime] = None) -> pd.DataFrame:
    """The change log, one row per object an edit touched, oldest first: seq,
    step (the records of one call share it: one ``undo()`` reverts a step),
    time (UTC), coder (the ``current_coder`` at the time), op (add | update |
    remove), kind, id, name, field (for an update, the fields that changed),
    summary (the call, e.g. "RemoveCode (cascade)"), before and after (the
    object as native-format JSON; None where it did not exist).

    `since`: an int keeps records after that seq; a datetime keeps records made
    at or after it."""
    since_seq, since_micros = 0, None
    if isinstance(since, bool):
        raise _core.InvalidArgumentError("since must be a seq (int) or a datetime, not a bool")
    if isinstance(since, int):
        since_seq = since
    elif since is not None:
        since_micros = _micros(since)
    columns = self._history_columns(since_seq, since_micros)
    frame = pd.DataFrame({c: columns[c] for c in _HISTORY_COLUMNS}, columns=_HISTORY_COLUMNS)
    frame["time"] = pd.to_datetime(frame["time"], unit="us", utc=True)
    for c in ("seq", "step"):
        frame[c] = frame[c].astype("int64")
    return frame


def copy_for(self: Project, coder: Any, documents: Optional[Iterable[Any]] = None,
             blind: bool = True) -> Project:
    """A working copy for `coder` (a Coder, id or name; a new name adds the
    coder): the codebook, themes, cases and the `documents` to code (all when
    None) with their ids, and — when `blind` — none of the other coders'
    excerpts. The coder is the copy's ``current_coder``. Combine the copies
    back with ``thematica.combine``."""
    return _core._copy_for(self, coder, None if documents is None else list(documents), blind)


@dataclass
class CombineResult:
    """What ``thematica.combine`` returns; unpacks as ``project, report``.

    `report` has one row per object of each copy: copy (its index), kind,
    copy_id, id (in the combined project), name, matched_by ("id", "name",
    "path", "text hash", "added", "present" for an excerpt already there,
    "updated" for a coder's own excerpt changed in the copy)."""

    project: Project
    report: pd.DataFrame
    new_codes: List[str] = field(default_factory=list)
    problems: List[str] = field(default_factory=list)
    summary: str = ""

    def __iter__(self) -> Iterator[Any]:
        return iter((self.project, self.report))


def combine(original: Project, copies: Iterable[Project]) -> CombineResult:
    """Brings every copy's codings back into a new project made from
    `original`: coders, codes and documents matched by id (so none is
    duplicated, even when a coder added codes: new codes are added once and
    listed in ``new_codes``), then — for projects made independently — coders
    by name, codes by path and documents by a hash of their text. An excerpt
    already there (same id, or same document, range, coder and codes) is not
    added again, so combining twice changes nothing. The result is ready for
    ``project.agreement(...)``; the combine is one step of its change log."""
    copies = list(copies)
    project, matches, new_codes, problems, summary = _core._combine(original, copies)
    report = pd.DataFrame(matches, columns=["copy", "kind", "copy_id", "id", "name", "matched_by"])
    return CombineResult(project, report, list(new_codes), list(problems), summary)
