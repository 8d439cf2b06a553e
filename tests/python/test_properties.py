"""Property-based tests of the Python API (Hypothesis): random sequences of
edits, many of them bad on purpose. After every failed edit the project is
exactly what it was (tm.dumps before and after); after every sequence it
validates, and a save and load give it back unchanged."""
import datetime

import pytest

hypothesis = pytest.importorskip("hypothesis", reason="Hypothesis (PyPI) is not installed")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import thematica as tm  # noqa: E402

NAMES = st.one_of(st.sampled_from(["A", "B", "C", "Ünï", "🌉", "P1", "P2", "Trust"]),
                  st.sampled_from(["a/b", "", " ", "x\ud800"]))
LONG = "Peer 🌉 workers e\u0301 café\r\nline two, near the bridge"
TEXTS = st.one_of(st.just(LONG), st.sampled_from(["", "short", "a\ud800b"]))
INTS = st.one_of(st.integers(0, 12), st.integers(-3, 60), st.just(2 ** 70), st.sampled_from(["3", None, 1.5]))
VALUES = st.one_of(st.text(max_size=3), st.integers(-5, 5), st.floats(allow_nan=False, width=32),
                   st.booleans(), st.just(datetime.date(2024, 2, 29)), st.just(10 ** 400),
                   st.just(object()), st.none())


def pick(items, index):
    """Mostly an existing object; now and then a bad reference."""
    if items and index % 5 != 4:
        return items[index % len(items)]
    return ["no-such-id", 42, None][index % 3]


OPS = st.one_of(
    st.tuples(st.just("add_document"), NAMES, TEXTS, st.integers(0, 5)),
    st.tuples(st.just("add_code"), NAMES, st.integers(0, 8), st.booleans()),
    st.tuples(st.just("add_code"), NAMES, st.integers(0, 8), st.just(True)),
    st.tuples(st.just("add_document"), NAMES, TEXTS, st.just(9)),
    st.tuples(st.just("add_excerpt"), st.integers(0, 4), INTS, INTS, st.integers(0, 8),
              st.one_of(st.none(), st.text(max_size=2), st.just(7))),
    st.tuples(st.just("add_excerpt"), st.integers(0, 3), st.integers(0, 12), st.integers(0, 12),
              st.integers(0, 3), st.none()),
    st.tuples(st.just("update_excerpt"), st.integers(0, 6), INTS, INTS),
    st.tuples(st.just("remove_excerpt"), st.integers(0, 6)),
    st.tuples(st.just("add_case"), NAMES, st.dictionaries(st.sampled_from(["role", "age", "x"]), VALUES,
                                                          max_size=2)),
    st.tuples(st.just("set_case_attribute"), st.integers(0, 3), st.sampled_from(["role", "age", "new"]),
              VALUES),
    st.tuples(st.just("add_theme"), NAMES, st.integers(0, 8), st.integers(0, 4)),
    st.tuples(st.just("add_relation"), st.integers(0, 6), st.integers(0, 6), NAMES),
    st.tuples(st.just("add_memo"), TEXTS, st.integers(0, 12)),
    st.tuples(st.just("rename_code"), st.integers(0, 8), NAMES),
    st.tuples(st.just("move_code"), st.integers(0, 8), st.integers(0, 9)),
    st.tuples(st.just("remove_code"), st.integers(0, 8), st.booleans()),
    st.tuples(st.just("remove_document"), st.integers(0, 4)),
    st.tuples(st.just("add_coder"), st.one_of(NAMES, st.just(3))),
)


def apply(p, op):
    kind, *args = op
    docs, codes, themes = p.documents, p.codebook.codes, p.themes
    if kind == "add_document":
        name, text, case = args
        p.add_document(name, text, case=pick([c.name for c in p.cases], case) if case < 3 else None)
    elif kind == "add_code":
        name, parent, codable = args
        p.codebook.add_code(name, parent=pick(codes, parent) if codes and parent < 4 else None,
                            codable=codable)
    elif kind == "add_excerpt":
        doc, start, end, code, memo = args
        if isinstance(start, int) and isinstance(end, int) and 0 <= start <= 12 and end < start:
            start, end = end, start
        p.add_excerpt(pick(docs, doc), start, end, codes=[pick(codes, code)],
                      coder=pick(p.coders, 0) if p.coders else None, memo=memo)
    elif kind == "update_excerpt":
        e, start, end = args
        p.update_excerpt(pick(p.excerpts(), e), start=start, end=end)
    elif kind == "remove_excerpt":
        p.remove_excerpt(pick(p.excerpts(), args[0]))
    elif kind == "add_case":
        p.add_case(args[0], attributes=args[1])
    elif kind == "set_case_attribute":
        case, name, value = args
        p.set_case_attribute(pick(p.cases, case), name, value)
    elif kind == "add_theme":
        name, code, parent = args
        p.add_theme(name, codes=[pick(codes, code)], parent=pick(themes, parent) if parent < 3 else None)
    elif kind == "add_relation":
        a, b, label = args
        ends = themes + codes
        p.add_relation(pick(ends, a), pick(ends, b), label)
    elif kind == "add_memo":
        text, target = args
        targets = docs + codes + themes + p.excerpts()
        p.add_memo(text, target=pick(targets, target) if target < 10 else None)
    elif kind == "rename_code":
        p.codebook.rename(pick(codes, args[0]), args[1])
    elif kind == "move_code":
        code, parent = args
        p.codebook.move(pick(codes, code), pick(codes, parent) if parent < 8 else None)
    elif kind == "remove_code":
        p.codebook.remove(pick(codes, args[0]), cascade=args[1])
    elif kind == "remove_document":
        p.remove_document(pick(docs, args[0]))
    elif kind == "add_coder":
        p.add_coder(args[0])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(OPS, min_size=1, max_size=40))
def test_failed_edits_change_nothing_and_every_state_round_trips(ops):
    p = tm.Project("Properties")
    for op in ops:
        before = tm.dumps(p)
        try:
            apply(p, op)
        except (tm.Error, TypeError, ValueError, KeyError):
            assert tm.dumps(p) == before, op
    assert p.validate() == []
    again = tm.loads(tm.dumps(p))
    assert tm.dumps(again) == tm.dumps(p)
    assert tm.dumps(tm.loads(tm.dumps(p, "binary"), "binary")) == tm.dumps(p)
