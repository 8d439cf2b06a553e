"""Thematica: an embeddable qualitative-coding engine.

Model a thematic-analysis study — documents and their participants (cases), a
hierarchical codebook, coded excerpts, themes and the thematic map, memos —
save it losslessly, and analyse it::

    import thematica as tm
    p = tm.Project(title="Peer support study")
    doc = p.add_document("P4", "“be my voice”", case=p.add_case("P4"))
    code = p.codebook.add_code("Advocacy")
    p.add_excerpt(doc, 1, 12, codes=[code]).text   # 'be my voice'
    p.save("study.thematica")

Offsets are Python string indices (Unicode code points). Objects the project
returns are read-only snapshots; change things through the project. Anywhere an
object is expected, its id (and for most kinds its name) works too.
"""

from ._core import (  # noqa: F401
    FORMAT_VERSION,
    __version__,
    ArgumentTypeError,
    AttributeDefinition,
    Case,
    Code,
    CodeCount,
    Codebook,
    Coder,
    ConflictError,
    Document,
    Error,
    Excerpt,
    FormatError,
    InvalidArgumentError,
    Memo,
    NotFoundError,
    Project,
    Relation,
    RemovalReport,
    SourceFile,
    Span,
    SpeakerTurn,
    Theme,
    dumps,
    load,
    loads,
    supported_import_extensions,
)
from . import agreement, ai, surface
# The methods of Project written in Python are bound on the C++ class
# (bindings/py_frames.cc, py_workflow.cc) and call functions of these modules,
# imported here as before so that a broken one fails at import; importing them
# attaches nothing.
from . import _agreement_frames, _analysis, _frames, _import, _retrieval  # noqa: F401
from ._display import ThematicMap
from .ai import SuggestionRun, Suggestion, ai_enabled
from ._team_copies import CombineResult, combine
from ._crosswalk import CrosswalkReport, crosswalk
from ._core import ProjectView, ViewCode, ViewDocument, ViewExcerpt, open_view  # lazy text
from ._refi import (  # noqa: F401
    RefiImport,
    read_codebook_csv,
    read_qdc,
    read_qdpx,
    write_codebook_csv,
    write_qdc,
    write_qdpx,
)
from ._team import (  # noqa: F401
    DiffChange,
    MergeConflict,
    MergeResult,
    ProjectDiff,
    diff,
    merge,
)


# Every public name of the package except CodingView, which needs the optional
# anywidget and so is imported on first use (below), not by `import *`.
__all__ = [
    "FORMAT_VERSION",
    "ArgumentTypeError",
    "AttributeDefinition",
    "Case",
    "Code",
    "CodeCount",
    "Codebook",
    "Coder",
    "CombineResult",
    "ConflictError",
    "CrosswalkReport",
    "DiffChange",
    "Document",
    "Error",
    "Excerpt",
    "FormatError",
    "InvalidArgumentError",
    "Memo",
    "MergeConflict",
    "MergeResult",
    "NotFoundError",
    "Project",
    "ProjectDiff",
    "RefiImport",
    "Relation",
    "RemovalReport",
    "SourceFile",
    "Span",
    "SpeakerTurn",
    "Suggestion",
    "SuggestionRun",
    "ThematicMap",
    "Theme",
    "agreement",
    "ai",
    "ai_enabled",
    "combine",
    "crosswalk",
    "diff",
    "dumps",
    "load",
    "loads",
    "merge",
    "read_codebook_csv",
    "read_qdc",
    "read_qdpx",
    "supported_import_extensions",
    "surface",
    "write_codebook_csv",
    "write_qdc",
    "write_qdpx",
    "ProjectView",
    "ViewCode",
    "ViewDocument",
    "ViewExcerpt",
    "open_view",
]


def __getattr__(name: str) -> object:
    # CodingView needs anywidget (pip install 'thematica[widget]'): imported on first use.
    if name == "CodingView":
        return surface.coding_view_class()
    raise AttributeError(f"module 'thematica' has no attribute {name!r}")
