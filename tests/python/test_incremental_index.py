"""The analysis engine a project keeps (Project.crosstab, .cooccurrence, …)
follows edits made from Python incrementally: after each random edit its
answers equal those of an engine built afresh, and the excerpt counts equal
a count done here by hand."""
import random

import thematica as tm
from thematica._analysis import _analysis
from thematica._core import _Analysis


def test_kept_engine_equals_a_fresh_one_after_random_edits():
    rng = random.Random(17)
    p = tm.Project()
    for k in range(4):
        p.add_case(f"P{k}", attributes={"role": "patient" if k % 2 else "nurse"})
    for d in range(4):
        p.add_document(f"d{d}", "trust and care while waiting at home " * 3, case=f"P{d}")
    codes = ["A", "B", "C"]
    for c in codes:
        p.codebook.add_code(c)
    kept = _analysis(p)
    for step in range(400):
        roll = rng.random()
        excerpts = p.excerpts()
        if roll < 0.45 or not excerpts:
            start = rng.randrange(0, 90)
            p.add_excerpt(f"d{rng.randrange(4)}", start, start + rng.randrange(1, 20),
                          codes=rng.sample(codes, rng.randrange(1, 3)))
        elif roll < 0.65:
            e = rng.choice(excerpts)
            p.update_excerpt(e.id, codes=rng.sample(codes, rng.randrange(1, 4)))
        elif roll < 0.85:
            p.remove_excerpt(rng.choice(excerpts).id)
        elif roll < 0.95:
            p.undo()
        else:
            p.redo()
        assert _analysis(p) is kept   # one engine, kept up to date, not rebuilt per call
        fresh = _Analysis(p)
        for unit in ["excerpts", "documents", "cases"]:
            assert kept.cooccurrence(unit, "count", []) == fresh.cooccurrence(unit, "count", []), step
            assert kept.crosstab("role", unit, False) == fresh.crosstab("role", unit, False), step
        by_hand = {c: 0 for c in codes}
        for e in p.excerpts():
            for c in e.code_ids:
                by_hand[p.codebook[c].name] += 1
        ids, values = kept.cooccurrence("excerpts", "count", [])
        n = len(ids)
        assert {p.codebook[i].name: values[k * n + k] for k, i in enumerate(ids)} == by_hand, step
