"""The coding surface: select text and apply codes, in a notebook
(``CodingView``, an anywidget) or in the browser (``thematica serve``). Both
hosts run the same front end (``static/surface.js``) against a ``Session``."""

from __future__ import annotations

import pathlib
from typing import Any, Optional

from .._core import Project
from .session import ActionError, Session, undo_last  # noqa: F401

STATIC = pathlib.Path(__file__).resolve().parent / "static"


def asset(name: str) -> str:
    """The text of a front-end file (surface.js, surface.css, index.html)."""
    return (STATIC / name).read_text(encoding="utf-8")


def coding_view_class() -> Any:
    """The CodingView widget class; a clear ImportError without anywidget."""
    try:
        from .widget import CodingView
    except ImportError as e:
        raise ImportError("the coding widget needs anywidget: pip install 'thematica[widget]' "
                          f"(or pip install anywidget) ({e})") from e
    return CodingView


def coder_view(self: Project, document: Any = None, coder: Any = None,
               path: Optional[str] = None) -> Any:
    """The coding surface for `document` in a notebook (a ``CodingView``
    widget): select text, apply codes, memos, undo; changes go into this
    project. `coder` picks who is coding; with `path` it has a Save button."""
    return coding_view_class()(self, document, coder=coder, path=path)
