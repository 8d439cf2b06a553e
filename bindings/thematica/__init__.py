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
    SourceFile,
    Span,
    SpeakerTurn,
    Theme,
    dumps,
    load,
    loads,
    supported_import_extensions,
)
from . import _frames  # noqa: F401  (adds the *_frame methods to Project)
from . import _agreement_frames  # noqa: F401  (adds Project.agreement, .disagreements)
from . import _analysis  # noqa: F401  (adds Project.cooccurrence, .crosstab, .saturation, …)
from . import _retrieval  # noqa: F401  (adds Project.quotes, .memos_frame, .framework)
from ._display import ThematicMap  # noqa: F401  (adds Project.thematic_map, .report, _repr_html_)
from . import _import  # noqa: F401  (adds Project.import_file, .import_table, .code, …)
from . import agreement  # noqa: F401
from . import surface as _surface  # noqa: F401  (adds Project.coder_view)
from . import ai  # noqa: F401  (adds Project.suggest, .accept, .runs, .validation_report, …)
from .ai import SuggestionRun, Suggestion, ai_enabled  # noqa: F401
from ._team_copies import CombineResult, combine  # noqa: F401  (adds Project.history, .copy_for)
from ._crosswalk import CrosswalkReport, crosswalk  # noqa: F401  (adds Project.apply_crosswalk)
from ._core import ProjectView, ViewCode, ViewDocument, ViewExcerpt, open_view  # noqa: F401  (lazy text)
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


__all__ = [
    "FORMAT_VERSION",
    "AttributeDefinition",
    "Case",
    "Code",
    "CodeCount",
    "CombineResult",
    "CrosswalkReport",
    "Codebook",
    "Coder",
    "ArgumentTypeError",
    "ConflictError",
    "Document",
    "Error",
    "Excerpt",
    "FormatError",
    "InvalidArgumentError",
    "Memo",
    "NotFoundError",
    "Project",
    "Relation",
    "SourceFile",
    "Span",
    "SpeakerTurn",
    "Theme",
    "ThematicMap",
    "agreement",
    "ai",
    "ai_enabled",
    "Suggestion",
    "SuggestionRun",
    "combine",
    "crosswalk",
    "dumps",
    "load",
    "loads",
    "supported_import_extensions",
    "DiffChange",
    "MergeConflict",
    "MergeResult",
    "ProjectDiff",
    "diff",
    "merge",
    "ProjectView",
    "open_view",
]


def __getattr__(name: str) -> object:
    # CodingView needs anywidget (pip install 'thematica[widget]'): imported on first use.
    if name == "CodingView":
        return _surface.coding_view_class()
    raise AttributeError(f"module 'thematica' has no attribute {name!r}")
