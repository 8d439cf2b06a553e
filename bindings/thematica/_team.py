"""Team work: diff two versions of a project, merge two edited copies of one.

    d = tm.diff(last_week, today)
    d.frame()          # one row per change
    print(d)           # a changelog

    r = tm.merge(base, ours, theirs)
    for c in r.conflicts:
        print(c.type, c.name, c.ours, c.theirs, c.default_resolution)
    r.resolve(r.conflicts[0], "theirs")   # or "ours", or a value
    r.project.save("merged.thematica")

Objects are matched by their stable ids (see include/thematica/diff.h and
merge.h for the rules).
"""

from __future__ import annotations

import dataclasses
from typing import Dict, Iterator, List, Union

import pandas as pd  # type: ignore[import-untyped]

from . import _core
from ._core import Project

DIFF_COLUMNS = ["kind", "id", "name", "change", "field", "before", "after"]


@dataclasses.dataclass(frozen=True)
class DiffChange:
    """One change from `a` to `b`: an object added or removed, or one field of it changed."""

    kind: str
    id: str
    name: str
    change: str  # added | removed | changed | moved | renamed | recoded
    field: str
    before: str
    after: str


class ProjectDiff:
    """The changes that turn one project into another (``tm.diff(a, b)``)."""

    def __init__(self, changes: List[DiffChange], text: str) -> None:
        self.changes = changes
        self._text = text

    def frame(self) -> pd.DataFrame:
        """One row per change: kind, id, name (or path), change, field, before, after."""
        return pd.DataFrame([dataclasses.astuple(c) for c in self.changes], columns=DIFF_COLUMNS)

    def __len__(self) -> int:
        return len(self.changes)

    def __iter__(self) -> Iterator[DiffChange]:
        return iter(self.changes)

    def __bool__(self) -> bool:
        return bool(self.changes)

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return f"<ProjectDiff: {len(self.changes)} changes>"


def diff(a: Project, b: Project) -> ProjectDiff:
    """What changed from project `a` to project `b`, object by object (matched by id)."""
    rows, text = _core._diff(a, b)
    return ProjectDiff([DiffChange(*row) for row in rows], text)


@dataclasses.dataclass(frozen=True)
class MergeConflict:
    """A field both sides changed differently, or an object one side deleted and the other kept.

    `type` is one of code_renamed, code_moved, deleted_used, deleted_changed,
    excerpt_range, excerpt_codes, unplaceable_excerpt, document_text,
    attribute_value, theme_codes, name_clash, field. `base`, `ours` and `theirs` are each
    version as text ("deleted" where a side removed the object); the merged
    project holds `default_value` (from `default_resolution`: "ours",
    "theirs", "union" …) unless `resolution` says otherwise.
    """

    type: str
    kind: str
    object_id: str
    name: str
    field: str
    base: str
    ours: str
    theirs: str
    default_resolution: str
    default_value: str
    resolution: str
    message: str
    key: str

    def __str__(self) -> str:
        return self.message


class MergeResult:
    """The merged project and the conflicts met (``tm.merge(base, ours, theirs)``)."""

    def __init__(self, base: Project, ours: Project, theirs: Project) -> None:
        # Copies, so that editing the inputs later does not change what resolve() merges.
        self._inputs = (base.copy(), ours.copy(), theirs.copy())
        self._resolutions: Dict[str, str] = {}
        self.project: Project
        self.conflicts: List[MergeConflict] = []
        self._run()

    def _run(self) -> None:
        project, conflicts = _core._merge(*self._inputs, self._resolutions)
        self.project = project
        self.conflicts = [MergeConflict(**c) for c in conflicts]

    @property
    def clean(self) -> bool:
        """True when there were no conflicts at all."""
        return not self.conflicts

    @property
    def unresolved(self) -> List[MergeConflict]:
        """The conflicts still decided by their default."""
        return [c for c in self.conflicts if not c.resolution]

    def resolve(self, conflict: Union[MergeConflict, str], choice: str) -> Project:
        """Decides a conflict: "ours", "theirs", or a value in the conflict's text form
        (a name, "[start, end)", code ids joined by ",", "deleted" / "kept", …).

        Merges again with every resolution so far (so codings follow a text choice) and
        returns the new merged project; a value that does not fit raises
        InvalidArgumentError and leaves the result as it was.
        """
        key = conflict.key if isinstance(conflict, MergeConflict) else str(conflict)
        if not any(c.key == key for c in self.conflicts):
            raise _core.NotFoundError(f"no conflict {key!r} in this merge")
        previous = self._resolutions.get(key)
        self._resolutions[key] = choice
        try:
            self._run()
        except Exception:
            if previous is None:
                del self._resolutions[key]
            else:
                self._resolutions[key] = previous
            raise
        return self.project

    def __repr__(self) -> str:
        return f"<MergeResult: {len(self.conflicts)} conflicts, {len(self.unresolved)} unresolved>"


def merge(base: Project, ours: Project, theirs: Project) -> MergeResult:
    """Three-way merge of `ours` and `theirs`, both edited from `base`."""
    return MergeResult(base, ours, theirs)


def project_text(project: Project) -> str:
    """A readable line-per-object text form of a project (what git diff shows through textconv)."""
    text: str = _core._project_text(project)
    return text


__all__ = ["DiffChange", "MergeConflict", "MergeResult", "ProjectDiff", "diff", "merge", "project_text"]
