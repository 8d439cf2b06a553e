"""``CodingView``: the coding surface as a notebook widget (anywidget, so it
works in JupyterLab, Notebook 7 and VS Code). Changes go straight into the
``Project`` object of the notebook; ``p.save(path)`` saves them (or pass
``path=`` to get a Save button)."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

import anywidget
import traitlets

from . import asset
from .session import Session


class CodingView(anywidget.AnyWidget):  # type: ignore[misc]
    """Select text and apply codes to ``document`` of ``project`` in a notebook.

        view = tm.CodingView(p, "P4")     # or p.coder_view("P4")
        view                              # shows it in the cell
        view.refresh()                    # after changing p in another cell
    """

    _esm = asset("surface.js")
    _css = asset("surface.css")
    view = traitlets.Dict().tag(sync=True)

    def __init__(self, project: Any, document: Any = None, coder: Any = None,
                 path: Optional[str] = None, **kwargs: Any) -> None:
        self.session = Session(project, path=path, autosave=False)
        initial: Dict[str, Any] = {}
        if document is not None:
            initial["document"] = project.document(getattr(document, "id", document)).id
        if coder is not None:
            initial["coder"] = project.coder(getattr(coder, "id", coder)).id
        super().__init__(view=initial, **kwargs)
        self.state: Dict[str, Any] = self.session.state(initial)
        self.on_msg(self._on_page_message)

    @property
    def project(self) -> Any:
        return self.session.project

    def _on_page_message(self, widget: Any, content: Any, buffers: List[Any]) -> None:
        """Applies one action from the page and answers with the new state."""
        request_id = content.get("request_id") if isinstance(content, dict) else None
        if isinstance(content, dict) and content.get("action") == "poll":
            content = {**content, "action": "refresh"}
        self.state = self.session.handle(content)
        self.view = self.state["view"]
        self.send({"request_id": request_id, "state": self.state})

    def refresh(self) -> None:
        """Redraws the view from the project (after changes made elsewhere)."""
        self.state = self.session.state(self.view)
        self.send({"state": self.state})
