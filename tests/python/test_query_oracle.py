"""Query algebra and co-occurrence against a brute-force oracle written here.

The oracle knows nothing of intervals: a code covers a *set of code points*
per document, AND/OR/NOT are set operations, a region is a maximal run of
consecutive code points, and NEAR/n keeps every region of A and of B that lies
within n code points of a region of the other side, and A SAMEPARA/SAMETURN
B keeps, within each line (turn) that holds points of both, the points of
either. Co-occurrence of codings
counts, over every pair of codings (excerpt, code) of one document with two
different codes, those that share at least one code point. The engine's
interval code (sorted sweeps, unions that merge touching spans) must agree on
random projects with overlapping, touching, nested and identical excerpts,
emoji and combining marks in the text."""
import itertools

import pytest

hypothesis = pytest.importorskip("hypothesis", reason="Hypothesis (PyPI) is not installed")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import thematica as tm  # noqa: E402

CODES = ["A", "B", "C"]
ALPHABET = "ab 🌉é\u0301\n"


@st.composite
def projects(draw):
    """(texts, excerpts): excerpts are (doc, start, end, codes)."""
    texts = draw(st.lists(st.text(alphabet=ALPHABET, min_size=1, max_size=40), min_size=1, max_size=3))
    excerpts = []
    for _ in range(draw(st.integers(0, 12))):
        d = draw(st.integers(0, len(texts) - 1))
        n = len(texts[d])
        start = draw(st.integers(0, n - 1))
        end = draw(st.integers(start + 1, n))
        codes = draw(st.lists(st.sampled_from(CODES), min_size=1, max_size=3, unique=True))
        excerpts.append((d, start, end, codes))
    return texts, excerpts


OPERATORS = ["AND", "OR", "NOT", "AND NOT", "NEAR", "UNARY NOT"]


@st.composite
def expressions(draw, depth=0, operators=tuple(OPERATORS)):
    if depth >= 3 or draw(st.integers(0, 2)) == 0:
        return draw(st.sampled_from(CODES))
    op = draw(st.sampled_from(operators))
    left = draw(expressions(depth + 1, operators))
    if op == "UNARY NOT":
        return f"NOT ({left})"
    right = draw(expressions(depth + 1, operators))
    if op == "NEAR":
        return f"({left}) NEAR/{draw(st.integers(0, 6))} ({right})"
    return f"({left}) {op} ({right})"


@st.composite
def turns(draw, texts):
    """Per text, speaker turns as (start, end): consecutive stretches between
    distinct cut points, some dropped (so turns may touch or leave gaps)."""
    out = []
    for t in texts:
        cuts = sorted(draw(st.sets(st.integers(0, len(t)), max_size=6)))
        out.append([(a, b) for a, b in zip(cuts, cuts[1:]) if draw(st.booleans())])
    return out


def build(texts, excerpts, speaker_turns=None):
    p = tm.Project("oracle")
    for c in CODES:
        p.codebook.add_code(c)
    docs = [p.add_document(f"D{i}", t, speaker_turns=[tm.SpeakerTurn(a, b, speaker="S") for a, b in
                                                       (speaker_turns[i] if speaker_turns else [])])
            for i, t in enumerate(texts)]
    for d, s, e, codes in excerpts:
        p.add_excerpt(docs[d], s, e, codes)
    return p


def runs(points):
    """Maximal runs of consecutive code points, as (start, end)."""
    out = []
    for x in sorted(points):
        if out and out[-1][1] == x:
            out[-1][1] = x + 1
        else:
            out.append([x, x + 1])
    return [tuple(r) for r in out]


def lines(text):
    """The paragraphs of a text as sets of points: runs of non-newlines."""
    return [set(range(*r)) for r in runs(i for i, ch in enumerate(text) if ch != "\n")]


def evaluate(expr, covered, n, units=None):
    """The oracle: a tiny parser of the same grammar over sets of points;
    units maps SAMEPARA / SAMETURN to the lines / turns (sets of points)."""
    tokens = expr.replace("(", " ( ").replace(")", " ) ").split()
    pos = 0

    def peek():
        return tokens[pos] if pos < len(tokens) else None

    def take():
        nonlocal pos
        pos += 1
        return tokens[pos - 1]

    def unary():
        t = take()
        if t == "NOT":
            return set(range(n)) - unary()
        if t == "(":
            v = disjunction()
            assert take() == ")"
            return v
        return set(covered.get(t, set()))

    def conjunction():
        v = unary()
        while peek() in ("AND", "NOT", "SAMEPARA", "SAMETURN") or (peek() or "").startswith("NEAR/"):
            t = take()
            if t == "AND" and peek() == "NOT":
                take()
                t = "NOT"
            right = unary()
            if t == "AND":
                v = v & right
            elif t == "NOT":
                v = v - right
            elif t in ("SAMEPARA", "SAMETURN"):
                v = set().union(*[(v | right) & u for u in units[t] if v & u and right & u])
            else:
                dist = int(t.split("/")[1])
                near = set()
                for x, y in itertools.product(runs(v), runs(right)):
                    if max(0, y[0] - x[1], x[0] - y[1]) <= dist:
                        near |= set(range(*x)) | set(range(*y))
                v = near
        return v

    def disjunction():
        v = conjunction()
        while peek() == "OR":
            take()
            v = v | conjunction()
        return v

    result = disjunction()
    assert pos == len(tokens)
    return result


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects(), st.lists(expressions(), min_size=1, max_size=4))
def test_query_algebra_matches_point_set_oracle(project, exprs):
    texts, excerpts = project
    p = build(texts, excerpts)
    for expr in exprs:
        frame = p.query(expr)
        got = sorted((int(r.document[1:]), int(r.start), int(r.end)) for r in frame.itertuples())
        want = []
        for d, text in enumerate(texts):
            covered = {}
            for dd, s, e, codes in excerpts:
                if dd == d:
                    for c in codes:
                        covered.setdefault(c, set()).update(range(s, e))
            want += [(d, s, e) for s, e in runs(evaluate(expr, covered, len(text)))]
        assert got == sorted(want), expr
        for r in frame.itertuples():
            assert r.text == texts[int(r.document[1:])][r.start:r.end]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects())
def test_cooccurrence_matches_pairwise_oracle(project):
    texts, excerpts = project
    p = build(texts, excerpts)
    codings = [(d, s, e, c) for d, s, e, codes in excerpts for c in codes]
    want = {(a, b): 0 for a in CODES for b in CODES}
    for a in CODES:
        want[a, a] = sum(1 for x in codings if x[3] == a)
    for x, y in itertools.combinations(codings, 2):
        if x[0] == y[0] and x[3] != y[3] and x[1] < y[2] and y[1] < x[2]:
            want[x[3], y[3]] += 1
            want[y[3], x[3]] += 1
    frame = p.cooccurrence(unit="excerpts")
    assert {(a, b): int(frame.loc[a, b]) for a in CODES for b in CODES} == want
    docs = p.cooccurrence(unit="documents")
    for a in CODES:
        for b in CODES:
            holding = sum(1 for d in range(len(texts))
                          if {a, b} <= {c for x in codings if x[0] == d for c in [x[3]]})
            assert int(docs.loc[a, b]) == holding, (a, b)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_samepara_and_sameturn_match_point_set_oracle(data):
    texts, excerpts = data.draw(projects())
    speaker_turns = data.draw(turns(texts))
    exprs = data.draw(st.lists(expressions(operators=tuple(OPERATORS) + ("SAMEPARA", "SAMETURN")),
                               min_size=1, max_size=4))
    p = build(texts, excerpts, speaker_turns)
    for expr in exprs:
        got = sorted((int(r.document[1:]), int(r.start), int(r.end)) for r in p.query(expr).itertuples())
        want = []
        for d, text in enumerate(texts):
            covered = {}
            for dd, s, e, codes in excerpts:
                if dd == d:
                    for c in codes:
                        covered.setdefault(c, set()).update(range(s, e))
            units = {"SAMEPARA": lines(text), "SAMETURN": [set(range(a, b)) for a, b in speaker_turns[d]]}
            want += [(d, s, e) for s, e in runs(evaluate(expr, covered, len(text), units))]
        assert got == sorted(want), expr
