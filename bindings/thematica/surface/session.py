"""The engine side of the coding surface, shared by the notebook widget
(``CodingView``) and the local web server (``thematica serve``).

The page sends JSON actions; ``Session.handle`` validates each one, applies it
through the ``Project`` API and returns the new state for the page's view. A
refused action returns the state with an ``error`` message and leaves the
project unchanged. Offsets are code points, as everywhere in Thematica.

    session = Session(project, path="study.thematica", autosave=True)
    state = session.handle({"action": "apply-code", "document": doc.id,
                            "start": 0, "end": 5, "code": code.id,
                            "view": {"document": doc.id}})
"""

from __future__ import annotations

import hashlib
import os
import threading
from typing import Any, Callable, Dict, List, Optional, Tuple

from .. import _core

# Colours for codes that have none (Okabe–Ito and Tableau-like, readable as
# highlights behind dark text at 35 % opacity).
PALETTE = ["#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7",
           "#8c564b", "#17becf", "#bcbd22", "#7f7f7f", "#9467bd"]
MAX_QUOTES = 200
MAX_TEXT = 100_000  # Longest memo or code name a page may send, in code points.

Undo = Callable[[], None]


class ActionError(ValueError):
    """An action the engine refused; its message is shown on the page."""


def undo_last(project: Any, stack: List[Tuple[str, Undo]]) -> str:
    """Undoes the last change: through the project's change log when the
    project has one (``Project.undo``), else by running the last inverse
    operation this session recorded. Returns what was undone."""
    if hasattr(project, "undo"):
        # `stack` holds one entry per step this session made: the page undoes
        # its own changes, not edits made before it opened the project.
        if not stack or not getattr(project, "can_undo", True):
            raise ActionError("nothing to undo")
        result = project.undo()
        stack.pop()
        return str(result) if isinstance(result, str) else "the last change"
    if not stack:
        raise ActionError("nothing to undo")
    label, inverse = stack[-1]
    inverse()
    stack.pop()
    return label


def _file_signature(path: str) -> Optional[Tuple[int, int, str]]:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    return (st.st_mtime_ns, st.st_size, digest)


def _int(message: Dict[str, Any], key: str) -> int:
    value = message.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ActionError(f'"{key}" must be an integer (a code-point offset), not {value!r}')
    return value


def _str(message: Dict[str, Any], key: str, required: bool = True) -> Optional[str]:
    value = message.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value):
        raise ActionError(f'"{key}" must be a non-empty string, not {value!r}')
    if len(value) > MAX_TEXT:
        raise ActionError(f'"{key}" is longer than {MAX_TEXT} characters')
    return value


class Session:
    """One project being coded through the surface. Thread-safe: every action
    runs under one lock, so two tabs' changes are applied one after the other.

    With ``path`` and ``autosave`` every change is saved (atomically, by
    ``Project.save``) at once; a file changed on disk by another program since
    it was loaded or last saved is reported and never overwritten unless the
    page asks to (action ``overwrite-disk``) or reloads it (``reload-from-disk``)."""

    def __init__(self, project: Any, path: Optional[str] = None, autosave: bool = False) -> None:
        self.project = project
        self.path = path
        self.autosave = autosave and path is not None
        self.revision = 0
        self.saved = True
        self.lock = threading.RLock()
        self._undo: List[Tuple[str, Undo]] = []
        # Undoing a removal re-creates the object under a new id: old id -> new id.
        self._renamed: Dict[str, str] = {}
        self._disk = _file_signature(path) if path else None

    @classmethod
    def open(cls, path: str) -> "Session":
        """Loads a .thematica or .json project to serve, saving after each change."""
        if not path.endswith((".thematica", ".json")):
            raise ValueError(f'"{path}": the coding surface edits a .thematica or .json project; '
                             "convert other formats first (thematica convert)")
        return cls(_core.load(path), path=path, autosave=True)

    # --- the file on disk ---------------------------------------------------

    def disk_changed(self) -> bool:
        """Whether the file differs from what this session loaded or last saved."""
        if not self.path:
            return False
        now = self._disk_stat()
        if self._disk is None or now is None:
            return now != self._disk
        if now[:2] == self._disk[:2]:
            return False
        signature = _file_signature(self.path)
        if signature is not None and signature[2] == self._disk[2]:
            self._disk = signature  # Touched, not changed.
            return False
        return True

    def _disk_stat(self) -> Optional[Tuple[int, int]]:
        assert self.path
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def _save(self) -> None:
        assert self.path
        self.project.save(self.path)
        self._disk = _file_signature(self.path)
        self.saved = True

    # --- actions --------------------------------------------------------------

    def handle(self, message: Any) -> Dict[str, Any]:
        """Applies one action from the page and returns the state to show."""
        with self.lock:
            if not isinstance(message, dict):
                return self.state({}, error="an action must be a JSON object")
            given = message.get("view")
            view: Dict[str, Any] = given if isinstance(given, dict) else {}
            action = message.get("action")
            if not isinstance(action, str) or action not in _ACTIONS:
                return self.state(view, error=f"unknown action {action!r}")
            handler = _ACTIONS[action]
            changes, needs_view = handler
            try:
                view = self._check_view(view)
                if changes and self.disk_changed():
                    raise ActionError(f'{os.path.basename(self.path or "")} was changed on disk by '
                                      "another program; reload it or overwrite it before changing it here")
                # One action of the page is one step of the change log, so
                # that undo reverts it whole (a new code and its coding).
                step = changes and action != "undo" and hasattr(self.project, "_begin_change")
                mark = len(self._undo)
                if step:
                    self.project._begin_change(f"coding surface: {action}")
                try:
                    note = getattr(self, "_do_" + action.replace("-", "_"))(message, view) if needs_view \
                        else getattr(self, "_do_" + action.replace("-", "_"))(message)
                finally:
                    if step:
                        self.project._end_change()
                if step and len(self._undo) > mark:
                    # The change log undoes the step whole: one entry for it.
                    del self._undo[mark:]
                    self._undo.append((action, lambda: None))
            except (ActionError, _core.Error, ValueError, KeyError, TypeError) as e:
                text = e.args[0] if isinstance(e, KeyError) and e.args else str(e)
                return self.state(view, error=str(text))
            save_error = None
            if changes:
                self.revision += 1
                self.saved = False
                if self.autosave:
                    try:
                        self._save()
                    except (OSError, _core.Error) as e:
                        save_error = f"not saved: {e}"
            return self.state(view, error=save_error, note=note if isinstance(note, str) else None)

    def _check_view(self, view: Dict[str, Any]) -> Dict[str, Any]:
        """The page's view with unknown ids dropped (another tab may have removed them)."""
        p = self.project
        out: Dict[str, Any] = {"document": None, "coder": None, "blind": bool(view.get("blind")),
                               "codes": [], "coders": [], "theme": None, "code": None}
        documents = p.documents
        ids = {d.id for d in documents}
        doc = view.get("document")
        out["document"] = doc if doc in ids else (documents[0].id if documents else None)
        coders = {c.id for c in p.coders}
        if view.get("coder") in coders:
            out["coder"] = view["coder"]
        codes = {c.id for c in p.codebook.codes}
        out["codes"] = [c for c in view.get("codes") or [] if c in codes]
        out["coders"] = [c for c in view.get("coders") or [] if c in coders]
        out["code"] = view.get("code") if view.get("code") in codes else None
        themes = {t.id for t in p.themes}
        out["theme"] = view.get("theme") if view.get("theme") in themes else None
        return out

    def _document(self, message: Dict[str, Any]) -> Any:
        doc_id = _str(message, "document")
        if self.project.kind_of(doc_id) != "document":
            raise ActionError(f'no document "{doc_id}"')
        return self.project.document(doc_id)

    def _range(self, message: Dict[str, Any], doc: Any) -> Tuple[int, int]:
        start, end = _int(message, "start"), _int(message, "end")
        if not 0 <= start < end <= len(doc.text):
            raise ActionError(f"the range [{start}, {end}) is not a non-empty range of "
                              f'"{doc.name}" (0 to {len(doc.text)} code points)')
        return start, end

    def _code(self, message: Dict[str, Any], key: str = "code") -> Any:
        code_id = _str(message, key)
        if self.project.kind_of(code_id) != "code":
            raise ActionError(f'no code "{code_id}"')
        return self.project.codebook[code_id]

    def _excerpt(self, message: Dict[str, Any]) -> Any:
        excerpt_id = _str(message, "excerpt")
        if self.project.kind_of(excerpt_id) != "excerpt":
            raise ActionError(f'no coding "{excerpt_id}" (another tab may have removed it)')
        return self.project.excerpt(excerpt_id)

    def _id(self, old: str) -> str:
        while old in self._renamed:
            old = self._renamed[old]
        return old

    def _record(self, label: str, inverse: Undo) -> None:
        self._undo.append((label, inverse))
        del self._undo[:-200]

    def _do_refresh(self, message: Dict[str, Any]) -> None:
        return None

    def _do_apply_code(self, message: Dict[str, Any], view: Dict[str, Any]) -> str:
        doc = self._document(message)
        start, end = self._range(message, doc)
        code = self._code(message)
        return self._apply(doc, start, end, code, view)

    def _apply(self, doc: Any, start: int, end: int, code: Any, view: Dict[str, Any]) -> str:
        p = self.project
        coder = view["coder"]
        for e in p.excerpts(document=doc):
            if e.start == start and e.end == end and e.coder_id == coder:
                if code.id in e.code_ids:
                    raise ActionError(f'this passage is already coded with "{code.name}"')
                before = list(e.code_ids)
                p.update_excerpt(e, codes=before + [code.id])
                e_id: str = e.id
                self._record(f'"{code.name}" on a coding',
                             lambda: p.update_excerpt(self._id(e_id), codes=before))
                return f'added "{code.name}" to the coding'
        excerpt = p.add_excerpt(doc, start, end, codes=[code], coder=coder)
        new_id: str = excerpt.id
        self._record(f'coding with "{code.name}"', lambda: p.remove_excerpt(self._id(new_id)))
        return f'coded with "{code.name}"'

    def _do_remove_coding(self, message: Dict[str, Any]) -> str:
        p = self.project
        e = self._excerpt(message)
        code_id = message.get("code")
        if code_id is not None and code_id not in e.code_ids:
            raise ActionError(f'the coding does not have code "{code_id}"')
        if code_id is not None and len(e.code_ids) > 1:
            before = list(e.code_ids)
            p.update_excerpt(e, codes=[c for c in before if c != code_id])
            self._record("removing a code", lambda: p.update_excerpt(self._id(e.id), codes=before))
            return "removed the code from the coding"
        memos = [(m.id, m.text, m.title, m.author_id) for m in p.memos_for(e)]
        p.remove_excerpt(e)

        def restore() -> None:
            again = p.add_excerpt(e.document_id, e.start, e.end, codes=list(e.code_ids),
                                  coder=e.coder_id)
            self._renamed[e.id] = again.id
            for memo_id, text, title, author in memos:
                self._renamed[memo_id] = p.add_memo(text, title=title, target=again, author=author).id
        self._record("removing a coding", restore)
        return "removed the coding"

    def _do_resize_coding(self, message: Dict[str, Any]) -> str:
        p = self.project
        e = self._excerpt(message)
        start, end = self._range(message, p.document(e.document_id))
        if (start, end) == (e.start, e.end):
            raise ActionError("the coding already spans that range")
        p.update_excerpt(e, start=start, end=end)
        self._record("resizing a coding",
                     lambda: p.update_excerpt(self._id(e.id), start=e.start, end=e.end))
        return "resized the coding"

    def _do_new_code(self, message: Dict[str, Any], view: Dict[str, Any]) -> str:
        p = self.project
        name = _str(message, "name").strip()  # type: ignore[union-attr]
        if not name:
            raise ActionError("a code needs a name")
        parent = self._code(message, "parent") if message.get("parent") else None
        apply = message.get("apply")
        if apply is not None:
            if not isinstance(apply, dict):
                raise ActionError('"apply" must be an object with document, start and end')
            doc = self._document(apply)
            start, end = self._range(apply, doc)
        code = p.codebook.add_code(name, parent=parent, color=PALETTE[len(p.codebook) % len(PALETTE)])
        if apply is not None:
            try:
                self._apply(doc, start, end, code, view)
            except BaseException:
                p.codebook.remove(code)
                raise
            self._undo.pop()
            excerpt_id = p.excerpts(code=code)[0].id

            def undo_both() -> None:
                p.remove_excerpt(self._id(excerpt_id))
                p.codebook.remove(code.id)
            self._record(f'new code "{name}" and its coding', undo_both)
            return f'created "{name}" and coded the selection with it'
        self._record(f'new code "{name}"', lambda: p.codebook.remove(code.id))
        return f'created "{name}"'

    def _do_memo(self, message: Dict[str, Any], view: Dict[str, Any]) -> str:
        p = self.project
        text = message.get("text")
        if not isinstance(text, str) or len(text) > MAX_TEXT:
            raise ActionError('"text" must be a string')
        memo_id = message.get("memo")
        if memo_id:
            if p.kind_of(memo_id) != "memo":
                raise ActionError(f'no memo "{memo_id}"')
            old = p.memo(memo_id)
            if not text.strip():
                p.remove_memo(old)

                def restore() -> None:
                    target = self._id(old.target_id) if old.target_id else None
                    self._renamed[old.id] = p.add_memo(old.text, title=old.title, target=target,
                                                       author=old.author_id).id
                self._record("removing a memo", restore)
                return "removed the memo"
            p.update_memo(old, text=text)
            self._record("editing a memo", lambda: p.update_memo(self._id(old.id), text=old.text))
            return "saved the memo"
        target = _str(message, "target")
        if p.kind_of(target) not in ("excerpt", "code", "document"):
            raise ActionError(f'a memo goes on a coding, a code or a document, not "{target}"')
        if not text.strip():
            raise ActionError("the memo is empty")
        memo = p.add_memo(text, target=target, author=view["coder"])
        self._record("adding a memo", lambda: p.remove_memo(self._id(memo.id)))
        return "added the memo"

    def _do_add_coder(self, message: Dict[str, Any], view: Dict[str, Any]) -> str:
        p = self.project
        name = _str(message, "name").strip()  # type: ignore[union-attr]
        if not name:
            raise ActionError("a coder needs a name")
        coder = p.add_coder(name)
        self._record(f'adding coder "{name}"', lambda: p.remove_coder(coder.id))
        view["coder"] = coder.id
        return f'coding as "{name}"'

    def _do_switch_coder(self, message: Dict[str, Any], view: Dict[str, Any]) -> None:
        coder = message.get("coder")
        if coder is not None and self.project.kind_of(coder) != "coder":
            raise ActionError(f'no coder "{coder}"')
        view["coder"] = coder
        if coder is None:
            view["blind"] = False

    def _do_blind(self, message: Dict[str, Any], view: Dict[str, Any]) -> None:
        on = message.get("on")
        if not isinstance(on, bool):
            raise ActionError('"on" must be true or false')
        if on and not view["coder"]:
            raise ActionError("pick who is coding before turning on blind mode")
        view["blind"] = on

    def _do_filter(self, message: Dict[str, Any], view: Dict[str, Any]) -> None:
        for key, kind in (("codes", "code"), ("coders", "coder")):
            values = message.get(key) or []
            if not isinstance(values, list) or any(self.project.kind_of(v) != kind
                                                   for v in values if isinstance(v, str)) \
                    or not all(isinstance(v, str) for v in values):
                raise ActionError(f'"{key}" must be a list of {kind} ids')
            view[key] = values
        theme = message.get("theme")
        if theme is not None and self.project.kind_of(theme) != "theme":
            raise ActionError(f'no theme "{theme}"')
        view["theme"] = theme

    def _do_open_document(self, message: Dict[str, Any], view: Dict[str, Any]) -> None:
        view["document"] = self._document(message).id

    def _do_show_code(self, message: Dict[str, Any], view: Dict[str, Any]) -> None:
        view["code"] = self._code(message).id if message.get("code") else None

    def _do_undo(self, message: Dict[str, Any]) -> str:
        return "undid " + undo_last(self.project, self._undo)

    def _do_save(self, message: Dict[str, Any]) -> str:
        if not self.path:
            raise ActionError("this view has no file to save to: call p.save(path) in the notebook")
        if self.disk_changed():
            raise ActionError(f"{os.path.basename(self.path)} was changed on disk by another program; "
                              "reload it or overwrite it")
        self._save()
        return "saved"

    def _do_reload_from_disk(self, message: Dict[str, Any]) -> str:
        if not self.path:
            raise ActionError("this view has no file")
        self.project = _core.load(self.path)
        self._disk = _file_signature(self.path)
        self._undo.clear()
        self.saved = True
        self.revision += 1
        return "reloaded the file from disk"

    def _do_overwrite_disk(self, message: Dict[str, Any]) -> str:
        if not self.path:
            raise ActionError("this view has no file")
        self._save()
        self.revision += 1
        return "overwrote the file on disk with this project"

    # --- state -----------------------------------------------------------------

    def state(self, view: Dict[str, Any], error: Optional[str] = None,
              note: Optional[str] = None) -> Dict[str, Any]:
        """Everything the page shows for `view` (document, coder, blind mode, filters)."""
        with self.lock:
            p = self.project
            try:
                view = self._check_view(view)
            except (_core.Error, ValueError, KeyError, TypeError):
                view = self._check_view({})
            codes = p.codebook.codes
            colours = {c.id: c.color or PALETTE[i % len(PALETTE)] for i, c in enumerate(codes)}
            coders = {c.id: c.name for c in p.coders}
            visible = self._visible(view)
            doc_state = None
            excerpts: List[Any] = []
            if view["document"]:
                doc = p.document(view["document"])
                cases = {c.id: c.name for c in p.cases}
                excerpts = [e for e in p.excerpts(document=doc) if visible(e)]
                memo_targets = {e.id for e in excerpts} | {doc.id}
                doc_state = {
                    "id": doc.id, "name": doc.name, "text": doc.text,
                    "case": cases.get(doc.case_id, ""),
                    "turns": [{"start": t.start, "end": t.end, "speaker": t.speaker,
                               "participant": cases.get(t.case_id, ""),
                               "start_ms": t.start_ms, "end_ms": t.end_ms}
                              for t in doc.speaker_turns],
                    "excerpts": [{"id": e.id, "start": e.start, "end": e.end,
                                  "codes": list(e.code_ids), "coder": e.coder_id}
                                 for e in excerpts],
                    "memos": [self._memo(m, coders) for m in p.memos
                              if m.target_id in memo_targets],
                }
            counts: Dict[str, int] = {}
            for e in p.excerpts():
                if visible(e, filters=False):
                    for c in e.code_ids:
                        counts[c] = counts.get(c, 0) + 1
            code_state = None
            if view["code"]:
                code = p.codebook[view["code"]]
                names = {d.id: d.name for d in p.documents}
                quotes = [e for e in p.excerpts(code=code, include_descendants=True)
                          if visible(e, filters=False)]
                code_state = {
                    "id": code.id, "name": code.name, "description": code.description,
                    "quotes": [{"excerpt": e.id, "document": e.document_id,
                                "document_name": names[e.document_id], "start": e.start,
                                "text": e.text, "coder": e.coder_id} for e in quotes[:MAX_QUOTES]],
                    "more": max(0, len(quotes) - MAX_QUOTES),
                    "memos": [self._memo(m, coders) for m in p.memos_for(code)],
                }
            return {
                "revision": self.revision,
                "title": p.title,
                "file": os.path.basename(self.path) if self.path else None,
                "saved": self.saved,
                "can_save": self.path is not None,
                "disk_changed": self.disk_changed(),
                "can_undo": hasattr(p, "undo") or bool(self._undo),
                "undo_label": self._undo[-1][0] if self._undo and not hasattr(p, "undo") else None,
                "error": error,
                "note": note,
                "view": view,
                "documents": [{"id": d.id, "name": d.name} for d in p.documents],
                "codes": [{"id": c.id, "name": c.name, "parent": c.parent_id, "color": colours[c.id],
                           "codable": c.codable, "count": counts.get(c.id, 0)} for c in codes],
                "coders": [{"id": i, "name": n} for i, n in coders.items()],
                "themes": [{"id": t.id, "name": t.name} for t in p.themes],
                "document": doc_state,
                "code": code_state,
            }

    def _visible(self, view: Dict[str, Any]) -> Callable[..., bool]:
        p = self.project
        allowed_codes = None
        if view["codes"]:
            allowed_codes = set(view["codes"])
            for c in view["codes"]:
                allowed_codes |= {d.id for d in p.codebook.descendants(c)}
        if view["theme"]:
            theme_codes = {c.id for c in p.theme_codes(view["theme"])}
            allowed_codes = theme_codes if allowed_codes is None else allowed_codes & theme_codes
        coders = set(view["coders"])
        blind = view["blind"] and view["coder"]

        def visible(e: Any, filters: bool = True) -> bool:
            if blind and e.coder_id != view["coder"]:
                return False
            if not filters:
                return True
            if coders and e.coder_id not in coders:
                return False
            return allowed_codes is None or any(c in allowed_codes for c in e.code_ids)
        return visible

    @staticmethod
    def _memo(m: Any, coders: Dict[str, str]) -> Dict[str, Any]:
        return {"id": m.id, "target": m.target_id, "title": m.title, "text": m.text,
                "author": coders.get(m.author_id or "", "")}


# action -> (changes the project, takes the view)
_ACTIONS: Dict[str, Tuple[bool, bool]] = {
    "refresh": (False, False),
    "apply-code": (True, True),
    "remove-coding": (True, False),
    "resize-coding": (True, False),
    "new-code": (True, True),
    "memo": (True, True),
    "add-coder": (True, True),
    "switch-coder": (False, True),
    "blind": (False, True),
    "filter": (False, True),
    "open-document": (False, True),
    "show-code": (False, True),
    "undo": (True, False),
    "save": (False, False),
    "reload-from-disk": (False, False),
    "overwrite-disk": (False, False),
}
