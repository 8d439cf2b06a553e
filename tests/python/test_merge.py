"""tm.diff and tm.merge: hand-built cases, and a Hypothesis property test —
random edits on two sides of a base, merged: every change a side made that
is not in a conflict is in the result exactly once, and merging is symmetric
up to which side a conflict calls ours."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import thematica as tm

TEXTS = [
    "I felt \U0001F600 heard by my peer worker.",
    "Café culture — naïve ideas, combining e\u0301 marks.\r\nSecond line.",
    "Nobody listened until the group started. Then everyone did.",
]


def make_base() -> tm.Project:
    p = tm.Project(title="Merge study")
    p.set_id_seed(1)
    p.add_attribute("role", "text")
    for i, text in enumerate(TEXTS):
        case = p.add_case(f"P{i}")
        p.set_case_attribute(case, "role", "patient")
        p.add_document(f"D{i}", text, case=case)
    codes = [p.codebook.add_code(f"C{i}") for i in range(5)]
    p.add_theme("T", codes=[codes[0]])
    for i, doc in enumerate(p.documents):
        p.add_excerpt(doc, 0, 5, codes=[codes[i]])
        p.add_excerpt(doc, 3, 12, codes=[codes[i + 1]])
    return p


def fork(base: tm.Project, seed: int) -> tm.Project:
    p = base.copy()
    p.set_id_seed(seed)  # Each side makes its own ids, as separate machines would.
    return p


# --- Hand-built -------------------------------------------------------------------


def test_diff_frame_and_text():
    base = make_base()
    b = fork(base, 2)
    code = b.codebook.find("C1")
    b.codebook.rename(code, "Listening")
    e = b.excerpts()[0]
    b.update_excerpt(e, end=7)
    d = tm.diff(base, b)
    frame = d.frame()
    assert list(frame.columns) == ["kind", "id", "name", "change", "field", "before", "after"]
    rows = {(r.kind, r.change, r.field, r.before, r.after) for r in frame.itertuples()}
    assert ("code", "renamed", "name", "C1", "Listening") in rows
    assert ("excerpt", "changed", "span", "[0, 5)", "[0, 7)") in rows
    assert len(d) == 2
    assert "code renamed: Listening: C1 → Listening" in str(d)
    assert not tm.diff(base, base)


def test_merge_conflict_and_resolve():
    base = make_base()
    ours, theirs = fork(base, 2), fork(base, 3)
    case = base.cases[0]
    ours.set_case_attribute(case, "role", "peer worker")
    theirs.set_case_attribute(case, "role", "carer")
    r = tm.merge(base, ours, theirs)
    assert len(r.conflicts) == 1
    c = r.conflicts[0]
    assert (c.type, c.kind, c.object_id) == ("attribute_value", "case", case.id)
    assert (c.base, c.ours, c.theirs, c.default_resolution) == ("patient", "peer worker", "carer", "ours")
    assert r.project.case(case.id).attributes["role"] == "peer worker"
    r.resolve(c, "theirs")
    assert r.project.case(case.id).attributes["role"] == "carer"
    assert r.unresolved == []
    r.resolve(c, "nurse")
    assert r.project.case(case.id).attributes["role"] == "nurse"
    with pytest.raises(tm.NotFoundError):
        r.resolve("no-such-key", "ours")


def test_merge_reanchors_codings_after_a_text_edit():
    base = make_base()
    ours, theirs = fork(base, 2), fork(base, 3)
    doc = base.documents[0]
    # Ours inserts text before everything and moves its own codings along.
    for e in ours.excerpts():
        if e.document_id == doc.id:
            ours.update_excerpt(e, start=e.start + 3, end=e.end + 3)
    ours.update_document(doc, text="So " + doc.text)
    # Theirs codes "heard" on the old text.
    new = theirs.add_excerpt(doc, 9, 14, codes=[theirs.codebook.find("C4")])
    r = tm.merge(base, ours, theirs)
    assert r.conflicts == []
    assert r.project.excerpt(new.id).text == "heard"
    assert r.project.excerpt(new.id).start == 12


# --- Property test ----------------------------------------------------------------

# One edit: (operation, which object, which value). Values are per side
# ("o"/"t") or shared, so that both sides sometimes make the same change.
edits = st.lists(st.tuples(st.sampled_from(["rename", "rename_same", "recode", "reshape", "remove", "add",
                                             "attribute", "attribute_same", "new_code", "theme",
                                             "insert_text"]),
                           st.integers(0, 100), st.integers(0, 100)), max_size=8)


def apply(p: tm.Project, side: str, ops) -> None:
    codes = [c for c in p.codebook if "new" not in c.name]
    for n, (op, i, v) in enumerate(ops):
        excerpts = p.excerpts()
        if op == "rename":
            p.codebook.rename(codes[i % len(codes)], f"{side}{n}-{i}")
        elif op == "rename_same":
            code = codes[i % len(codes)]
            p.codebook.rename(code, f"common-{code.id[:8]}")
        elif op == "recode" and excerpts:
            p.update_excerpt(excerpts[i % len(excerpts)], codes=[codes[v % len(codes)]])
        elif op == "reshape" and excerpts:
            e = excerpts[i % len(excerpts)]
            length = len(p.document(e.document_id).text)
            start = v % (length - 1)
            p.update_excerpt(e, start=start, end=min(length, start + 1 + v % 7))
        elif op == "remove" and excerpts:
            p.remove_excerpt(excerpts[i % len(excerpts)])
        elif op == "add":
            doc = p.documents[i % len(p.documents)]
            start = v % (len(doc.text) - 1)
            p.add_excerpt(doc, start, start + 1, codes=[codes[(i + v) % len(codes)]])
        elif op == "attribute":
            p.set_case_attribute(p.cases[i % len(p.cases)], "role", f"{side}{v}")
        elif op == "attribute_same":
            p.set_case_attribute(p.cases[i % len(p.cases)], "role", f"shared{v % 3}")
        elif op == "new_code":
            p.codebook.add_code(f"{side}new{n}")
        elif op == "insert_text":
            # An editor that moves the side's own codings with the edit (and
            # grows a coding the insertion falls inside).
            doc = p.documents[i % len(p.documents)]
            pos = v % (len(doc.text) + 1)
            p.update_document(doc, text=doc.text[:pos] + f"<{side}{n}\U0001F600>" + doc.text[pos:])
            grow = len(f"<{side}{n}>") + 1
            for e in p.excerpts(document=doc):
                if e.start >= pos:
                    p.update_excerpt(e, start=e.start + grow, end=e.end + grow)
                elif e.end > pos:
                    p.update_excerpt(e, end=e.end + grow)
        elif op == "theme":
            theme = p.themes[0]
            code = codes[i % len(codes)]
            if code.id in theme.code_ids:
                p.remove_code_from_theme(theme, code)
            else:
                p.add_code_to_theme(theme, code)


def raw(project: tm.Project, kind: str, id_: str, field: str):
    """A field's value for comparison where the diff shows names that other edits change."""
    if kind == "excerpt" and field == "codes":
        return project.excerpt(id_).code_ids
    if kind == "theme" and field == "codes":
        return project.theme(id_).code_ids
    return None


def field_key(field: str) -> str:
    # Conflicts name an attribute by id, diff rows by name: compare them as "attribute".
    return "attribute" if field.startswith("attribute:") else field


def check_side(base, side_project, result, conflicts):
    conflicted = {(c.object_id, field_key(c.field)) for c in conflicts}
    deleted_conflicts = {c.object_id for c in conflicts if c.field == "exists"}
    result_rows = tm.diff(base, result).changes
    for ch in tm.diff(base, side_project).changes:
        if ch.id in deleted_conflicts or (ch.id, field_key(ch.field)) in conflicted:
            continue
        if ch.change in ("added", "removed"):
            matches = [r for r in result_rows if r.id == ch.id and r.change == ch.change]
            assert len(matches) == 1, ch
            continue
        if ch.kind == "excerpt" and ch.field == "span":
            # Spans move with text edits (the side's own and the other's): what must
            # land is a change of the coded text.
            side_text = side_project.excerpt(ch.id).text
            if side_text != base.excerpt(ch.id).text:
                assert result.excerpt(ch.id).text == side_text, ch
            continue
        matches = [r for r in result_rows if r.id == ch.id and r.field == ch.field]
        assert len(matches) == 1, (ch, matches)
        want = raw(side_project, ch.kind, ch.id, ch.field)
        if want is not None:
            assert raw(result, ch.kind, ch.id, ch.field) == want, ch
        else:
            assert matches[0].after == ch.after, (ch, matches[0])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ours_ops=edits, theirs_ops=edits)
def test_every_non_conflicting_change_lands_once_and_merge_is_symmetric(ours_ops, theirs_ops):
    base = make_base()
    ours, theirs = fork(base, 2), fork(base, 3)
    apply(ours, "o", ours_ops)
    apply(theirs, "t", theirs_ops)
    r = tm.merge(base, ours, theirs)
    assert r.project.validate() == []
    check_side(base, ours, r.project, r.conflicts)
    check_side(base, theirs, r.project, r.conflicts)

    s = tm.merge(base, theirs, ours)
    # Where both sides edited a text, each orientation keeps its own side's text by
    # default, so the codings there are placed (or not) on different texts.
    two_texts = {c.object_id for c in r.conflicts if c.type == "document_text"}

    def independent(result):
        return sorted((c.type, c.key, c.ours, c.theirs) for c in result.conflicts
                      if not (c.kind == "excerpt" and result.project.excerpt(c.object_id).document_id in two_texts))

    assert independent(r) == sorted((t, k, o, th) for t, k, th, o in independent(s))
    # The two results differ only where a conflict's default picked a side.
    conflicted = {(c.object_id, field_key(c.field)) for c in r.conflicts + s.conflicts}
    for ch in tm.diff(r.project, s.project).changes:
        if ch.kind == "excerpt" and ch.field == "span" and r.project.excerpt(ch.id).document_id in two_texts:
            continue
        assert (ch.id, field_key(ch.field)) in conflicted or ch.id in {c.object_id for c in r.conflicts + s.conflicts}, ch
