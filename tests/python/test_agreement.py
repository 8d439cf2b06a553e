"""thematica.agreement against published values (sources: tests/data/SOURCES.md
names each source) and against the independent `krippendorff` package; and the
project-level comparisons on a project worked out by hand."""
import math

import numpy as np
import pandas as pd
import pytest

import thematica as tm
from thematica import agreement as ag

NA = None
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", 4 × 12.
K2011 = [[1, 2, 3, 3, 2, 1, 4, 1, 2, NA, NA, NA],
         [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NA, 3],
         [NA, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NA],
         [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NA]]


def test_krippendorff_2011_all_levels():
    # Krippendorff (2011): nominal 0.743 (0.743421052632), ordinal 0.815,
    # interval 0.849, ratio 0.797.
    assert ag.krippendorff_alpha(K2011, "nominal") == pytest.approx(0.743421052632, abs=1e-12)
    assert round(ag.krippendorff_alpha(K2011, "ordinal"), 3) == 0.815
    assert round(ag.krippendorff_alpha(K2011, "interval"), 3) == 0.849
    assert round(ag.krippendorff_alpha(K2011, "ratio"), 3) == 0.797


def test_string_labels_and_letters():
    # A widely used implementation's tests: 0.722222.
    data = [["pos", "neg", "neu", None], ["pos", "neg", "neu", "pos"], ["pos", "neg", "pos", "pos"]]
    assert round(ag.krippendorff_alpha(data), 6) == 0.722222
    # Krippendorff (2011), nominal letters, 2 × 12: 0.692.
    letters = [list("aabbdcccedda"), list("babbbcccedd") + ["d"]]
    assert round(ag.krippendorff_alpha(letters), 3) == 0.692


def test_against_the_krippendorff_package():
    krippendorff = pytest.importorskip("krippendorff", reason="scripts/setup installs it")
    rng = np.random.default_rng(3)
    data = rng.integers(1, 6, size=(3, 400)).astype(float)
    data[rng.random(data.shape) < 0.1] = np.nan
    for level in ["nominal", "ordinal", "interval", "ratio"]:
        ours = ag.krippendorff_alpha(data, level)
        theirs = krippendorff.alpha(reliability_data=data, level_of_measurement=level)
        assert ours == pytest.approx(theirs, abs=1e-9), level


def test_cohen_and_weighted_tables():
    # The standard textbook example: κ 0.4 (p_o 0.70, p_e 0.50).
    parts = ag.coefficient("cohen", table=[[20, 5], [10, 15]])
    assert parts == pytest.approx({"value": 0.4, "observed": 0.7, "expected": 0.5})
    # scikit-learn's tests: 0.9315, linear 0.9412, quadratic 0.9541.
    t = [[46, 0, 0], [4, 40, 0], [0, 0, 10]]
    assert round(ag.cohen_kappa(table=t), 4) == 0.9315
    assert round(ag.cohen_kappa(table=t, weights="linear"), 4) == 0.9412
    assert round(ag.cohen_kappa(table=t, weights="quadratic"), 4) == 0.9541


def test_gwet_irrcac_table():
    # Gwet (2008) / irrCAC: percent 0.89, Scott 0.7962397, AC1 0.8493305,
    # BP 0.835, Cohen 0.7964094; quadratic: Cohen 0.8921569, pi 0.8921093,
    # AC2 0.9402369, BP 0.9175.
    t = [[13, 0, 0], [0, 20, 7], [0, 4, 56]]
    assert round(ag.percent_agreement(table=t), 2) == 0.89
    assert round(ag.scott_pi(table=t), 7) == 0.7962397
    assert round(ag.gwet_ac(table=t), 7) == 0.8493305
    assert round(ag.brennan_prediger(table=t), 3) == 0.835
    assert round(ag.cohen_kappa(table=t), 7) == 0.7964094
    assert round(ag.cohen_kappa(table=t, weights="quadratic"), 7) == 0.8921569
    assert round(ag.scott_pi(table=t, weights="quadratic"), 7) == 0.8921093
    assert round(ag.gwet_ac(table=t, weights="quadratic"), 7) == 0.9402369
    assert round(ag.brennan_prediger(table=t, weights="quadratic"), 4) == 0.9175


def test_fleiss_encyclopedia_example():
    # 10 subjects × 14 raters × 5 categories: κ 0.210.
    counts = [[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
              [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]]
    assert round(ag.fleiss_kappa(counts), 3) == 0.210


def test_raw_ratings_labels_and_missing_units():
    a = ["x", "y", None, "y", "x"]
    b = ["x", "y", "x", "x", "x"]
    # The unit missing for A is left out: table [[2, 0], [1, 1]] over labels x, y.
    assert ag.cohen_kappa(a, b) == pytest.approx(ag.cohen_kappa(table=[[2, 0], [1, 1]]))
    # An unused category listed in labels counts in q (here for Brennan–Prediger).
    assert ag.brennan_prediger(a, b, labels=["x", "y", "z"]) != ag.brennan_prediger(a, b)
    with pytest.raises(ValueError, match="not among labels"):
        ag.cohen_kappa(a, b, labels=["x"])


def test_degenerate_input_raises_not_nan():
    with pytest.raises(tm.ConflictError, match="all pairable values are equal"):
        ag.krippendorff_alpha([[1, 1], [1, 1]])
    with pytest.raises(ValueError, match="nothing is pairable"):
        ag.krippendorff_alpha([[1, None], [None, 2]])
    with pytest.raises(ValueError, match="chance agreement is 1"):
        ag.cohen_kappa(["a", "a"], ["a", "a"])
    with pytest.raises(ValueError, match="unknown level of measurement"):
        ag.krippendorff_alpha([[1, 2], [1, 2]], level="cardinal")


def test_bootstrap_is_seeded():
    first = ag.alpha_bootstrap(K2011, seed=5, replicates=500)
    again = ag.alpha_bootstrap(K2011, seed=5, replicates=500)
    assert first == again
    assert first["low"] < first["alpha"] < first["high"]
    assert set(first["probability_below"]) == {0.667, 0.8}
    assert not math.isnan(first["probability_below"][0.8])


@pytest.fixture
def coded():
    p = tm.Project()
    for name in ["A", "B", "C"]:
        p.add_coder(name)
    d = p.add_document("d", "abcdefghij")
    p.add_document("empty", "ünïcödé😀xy")
    p.codebook.add_code("X")
    p.codebook.add_code("Y")
    p.add_excerpt(d, 0, 5, codes=["X"], coder="A")
    p.add_excerpt(d, 3, 8, codes=["X"], coder="B")
    p.add_excerpt(d, 0, 4, codes=["Y"], coder="A")
    p.add_excerpt(d, 0, 4, codes=["Y"], coder="C")
    return p


def test_project_character_agreement(coded):
    # By default only the documents both sides coded count: "d" (B never
    # looked at "empty"). X there: both 2, A only 3, B only 3, neither 2.
    default = coded.agreement(coders=["A", "B"])
    assert default.attrs["documents"] == ["d"]
    assert default.loc["X", "percent"] == pytest.approx(0.4)
    assert default.loc["X", "kappa"] == pytest.approx(-0.2)
    frame = coded.agreement(coders=["A", "B"], documents="all")
    assert frame.attrs["documents"] == ["d", "empty"]
    # X: pooled over 20 characters: both 2, A only 3, B only 3 → 70%, κ 0.2
    # (worked out in tests/cpp/text_agreement_test.cc).
    assert frame.loc["X", "percent"] == pytest.approx(0.7)
    assert frame.loc["X", "kappa"] == pytest.approx(0.2)
    # Y: only A coded it (B never did): 4 of 20 characters differ → 80%.
    assert frame.loc["Y", "percent"] == pytest.approx(0.8)
    # Group B+C against A: Y now agrees everywhere.
    group = coded.agreement(coders=["A", ["B", "C"]], documents="all")
    assert group.loc["Y", "percent"] == pytest.approx(1.0)
    per_doc = coded.agreement(coders=["A", "B"], per_document=True)
    assert per_doc.loc[("X", "d"), "percent"] == pytest.approx(0.4)


def test_project_segments_and_disagreements(coded):
    strict = coded.agreement(coders=["A", "C"], method="segment", min_overlap=0.9)
    assert strict.loc["Y", "percent"] == 1.0
    rows = coded.disagreements("A", "B", by="stretch")
    # B coded only X on [3, 8): A's X+Y on [0, 3) and [3, 4) differ from B's
    # nothing and X; [4, 5) agrees; [5, 8) is B's alone.
    assert rows[["start", "end", "text"]].values.tolist() == [[0, 3, "abc"], [3, 4, "d"], [5, 8, "fgh"]]
    assert rows["codes_a"].tolist() == [["X", "Y"], ["X", "Y"], []]
    assert rows["codes_b"].tolist() == [[], ["X"], ["X"]]
    with pytest.raises(ValueError, match="coders=\\[a, b\\]"):
        coded.agreement(coders=["A"])
    with pytest.raises(ValueError, match='coder "A" is on both sides'):
        coded.agreement(coders=["A", ["A", "B"]])


def test_cli_agreement(coded, tmp_path):
    import csv
    import io
    import subprocess
    path = tmp_path / "coded.thematica"
    coded.save(str(path))
    out = subprocess.run(["thematica", "agreement", str(path), "--coders", "A,B", "--csv"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    # Pooled over the documents both coded (the default), as in Python.
    assert [(r["code"], r["percent"], r["kappa"]) for r in rows] == [("X", "40.00", "-0.2000"),
                                                                       ("Y", "60.00", "0.0000")]
    everything = subprocess.run(["thematica", "agreement", str(path), "--coders", "A,B", "--csv",
                                 "--documents", "all"], capture_output=True, text=True)
    assert [(r["code"], r["percent"]) for r in csv.DictReader(io.StringIO(everything.stdout))] == [
        ("X", "70.00"), ("Y", "80.00")]
    group = subprocess.run(["thematica", "agreement", str(path), "--coders", "A,B+C", "--method",
                            "segment", "--codes", "Y"], capture_output=True, text=True)
    assert group.returncode == 0 and "100.00" in group.stdout
    listed = subprocess.run(["thematica", "agreement", str(path), "--coders", "A,B", "--disagreements",
                             "--out", str(tmp_path / "d.csv")], capture_output=True, text=True)
    assert listed.returncode == 0
    assert "fgh" in (tmp_path / "d.csv").read_text(encoding="utf-8")
    bad = subprocess.run(["thematica", "agreement", str(path), "--coders", "A,Zed"],
                         capture_output=True, text=True)
    assert bad.returncode == 1 and 'no coder named "Zed"' in bad.stderr
    usage = subprocess.run(["thematica", "agreement", str(path)], capture_output=True, text=True)
    assert usage.returncode == 2


def test_unitized_alphas():
    # Hand-computed in tests/cpp/unitized_alpha_test.cc: uα 1 − 1296/4960,
    # cuα 1 − 736/1920, (c)uα 0.64.
    r = ag.unitized_alpha(10, [[(0, 4, "c"), (4, 8, "d")], [(0, 6, "c"), (6, 8, "d")]])
    assert r["u_alpha"] == pytest.approx(1 - 1296 / 4960)
    assert r["binary_alpha"] == pytest.approx(1.0)
    assert r["cu_alpha"] == pytest.approx(1 - 736 / 1920)
    assert r["per_value"]["c"][0] == pytest.approx(0.64)
    one = ag.unitized_alpha(10, [[(0, 4, "c")], [(2, 6, "c")]])
    assert one["cu_alpha"] is None
    with pytest.raises(ValueError, match="segments overlap"):
        ag.unitized_alpha(10, [[(0, 4, "c"), (3, 5, "d")], []])


def test_project_unitized_alpha(coded):
    result = coded.unitized_alpha(coders=["A", "B"], codes=["X"])
    assert result["u_alpha"] < 1
    assert list(result["per_code"].index) == ["X"]
    with pytest.raises(ValueError, match="coded the same text"):
        coded.unitized_alpha(coders=["A", "B"], codes=["X", "Y"])


# irrCAC (Gwet 2014; the package's README, github.com/kgwet/irrCAC): the
# dataset cac.raw4raters, 12 subjects × 4 raters (NA missing), given here as
# raters × units, and distrib.6raters, 15 subjects × 5 categories counts.
CAC_RAW4RATERS = [[1, 2, 3, 3, 2, 1, 4, 1, 2, NA, NA, NA],
                  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NA, NA],
                  [NA, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 3],
                  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NA]]
DISTRIB_6RATERS = [[0, 0, 0, 6, 0], [0, 3, 0, 0, 3], [0, 1, 4, 0, 1], [0, 0, 0, 0, 6], [0, 3, 0, 3, 0],
                   [2, 0, 4, 0, 0], [0, 0, 4, 0, 2], [2, 0, 3, 1, 0], [2, 0, 0, 4, 0], [0, 0, 0, 0, 6],
                   [1, 0, 0, 5, 0], [1, 1, 0, 4, 0], [0, 3, 3, 0, 0], [1, 0, 0, 5, 0], [0, 2, 0, 3, 1]]


def test_many_raters_irrcac_raw():
    # irrCAC README: gwet.ac1.raw pa 0.8181818 pe 0.1903212 AC1 0.77544;
    # fleiss.kappa.raw pe 0.2387153 κ 0.76117; conger.kappa.raw pe 0.2334252 κ 0.76282.
    gwet = ag.multi_rater("gwet", ratings=CAC_RAW4RATERS)
    assert gwet["observed"] == pytest.approx(0.8181818, abs=5e-8)
    assert gwet["expected"] == pytest.approx(0.1903212, abs=5e-8)
    assert round(ag.gwet_ac(ratings=CAC_RAW4RATERS), 5) == 0.77544
    fleiss = ag.multi_rater("fleiss", ratings=CAC_RAW4RATERS)
    assert fleiss["expected"] == pytest.approx(0.2387153, abs=5e-8)
    assert round(ag.fleiss_kappa(ratings=CAC_RAW4RATERS), 5) == 0.76117
    conger = ag.multi_rater("conger", ratings=CAC_RAW4RATERS)
    assert conger["expected"] == pytest.approx(0.2334252, abs=5e-8)
    assert round(ag.conger_kappa(CAC_RAW4RATERS), 5) == 0.76282
    # Labels instead of numbers change nothing.
    letters = [[None if v is None else "abcde"[v - 1] for v in row] for row in CAC_RAW4RATERS]
    assert ag.gwet_ac(ratings=letters) == pytest.approx(ag.gwet_ac(ratings=CAC_RAW4RATERS))


def test_many_raters_irrcac_distribution():
    # irrCAC README: gwet.ac1.dist 0.4448007 (pa 0.5511111, pe 0.1914815);
    # fleiss.kappa.dist 0.4139265 (pe 0.2340741).
    assert round(ag.gwet_ac(counts=DISTRIB_6RATERS), 7) == 0.4448007
    parts = ag.multi_rater("gwet", counts=DISTRIB_6RATERS)
    assert parts["observed"] == pytest.approx(0.5511111, abs=5e-8)
    assert parts["expected"] == pytest.approx(0.1914815, abs=5e-8)
    assert round(ag.fleiss_kappa(counts=DISTRIB_6RATERS), 7) == 0.4139265
    assert round(ag.fleiss_kappa(DISTRIB_6RATERS), 7) == 0.4139265


def test_many_raters_agree_with_two_rater_forms():
    # With two raters and no missing value: counts-based AC1 equals the table
    # form (Gwet's AC1 from the irrCAC 3×3 table: 0.8493305) and Conger equals Cohen.
    t = [[13, 0, 0], [0, 20, 7], [0, 4, 56]]
    a = [i for i, row in enumerate(t) for j, n in enumerate(row) for _ in range(n)]
    b = [j for i, row in enumerate(t) for j, n in enumerate(row) for _ in range(n)]
    assert round(ag.gwet_ac(ratings=[a, b]), 7) == 0.8493305
    assert round(ag.conger_kappa([a, b]), 7) == 0.7964094
    assert ag.fleiss_kappa(ratings=[a, b]) == pytest.approx(ag.scott_pi(table=t))
    assert ag.gwet_ac(ratings=[a, b], weights="quadratic") == pytest.approx(
        ag.gwet_ac(table=t, weights="quadratic"))


def test_many_raters_errors():
    with pytest.raises(ValueError, match="counts= .* or ratings="):
        ag.multi_rater("gwet")
    with pytest.raises(ValueError, match="needs ratings="):
        ag.multi_rater("conger", counts=DISTRIB_6RATERS)
    with pytest.raises(ValueError, match="no subject has two or more ratings"):
        ag.fleiss_kappa(ratings=[[1, None], [None, 2]])
    with pytest.raises(ValueError, match="only one"):
        ag.gwet_ac(["a"], ["a"], counts=DISTRIB_6RATERS)


def test_typed_results_keep_dict_access():
    boot = ag.alpha_bootstrap(K2011, seed=5, replicates=200)
    assert isinstance(boot, ag.AlphaBootstrapResult)
    assert boot.alpha == boot["alpha"] == pytest.approx(0.743421052632)
    frame = boot.frame()
    assert list(frame.columns[:3]) == ["alpha", "low", "high"]
    assert "P(alpha < 0.8)" in frame.columns
    r = ag.unitized_alpha(10, [[(0, 4, "c"), (4, 8, "d")], [(0, 6, "c"), (6, 8, "d")]])
    assert isinstance(r, ag.UnitizedAlphaResult)
    assert r.cu_alpha == pytest.approx(1 - 736 / 1920)
    assert r.frame().loc["c", "alpha"] == pytest.approx(0.64)
    assert dict(r)["u_alpha"] == r.u_alpha


def test_pooled_agreement_covers_double_coded_documents(coded):
    # Only document "d" was coded by both A and B. X there: both 2, A only 3,
    # B only 3, neither 2; Y: A only 4, neither 6 → pooled over the two codes
    # (20 code × character units): agree 2 + 2 + 6 = 10 → 0.5.
    pooled = coded.pooled_agreement(coders=["A", "B"])
    assert pooled.documents == ["d"]
    assert pooled.characters == 10 and pooled.codes == 2
    assert (pooled.both, pooled.only_a, pooled.only_b, pooled.neither) == (2, 7, 3, 8)
    assert pooled.percent == pytest.approx(0.5)
    # Kappa and alpha of the pooled 2×2 table, by the module's own statistics.
    table = [[2, 7], [3, 8]]
    assert pooled.kappa == pytest.approx(ag.cohen_kappa(table=table))
    a = [0] * 9 + [1] * 11
    b = [0] * 2 + [1] * 7 + [0] * 3 + [1] * 8
    assert pooled.alpha == pytest.approx(ag.krippendorff_alpha([a, b]))
    everything = coded.pooled_agreement(coders=["A", "B"], documents="all")
    assert everything.documents == ["d", "empty"] and everything.characters == 20
    assert everything.percent == pytest.approx(20 / 40 + 10 / 40)
    assert "double-coded" in str(pooled)
    # Per code, the same choice of documents.
    per_code = coded.agreement(coders=["A", "B"], documents="double-coded")
    assert per_code.loc["X", "percent"] == pytest.approx(0.4)
    with pytest.raises(ValueError, match="double-coded"):
        coded.pooled_agreement(coders=["A", "B"], documents="some")


def test_disagreements_as_segment_pairs():
    p = tm.Project()
    ana, ben = p.add_coder("Ana"), p.add_coder("Ben")
    d = p.add_document("P1", "I was lost at first. Then peers helped. 😀 Fine.")
    p.codebook.add_code("Lost")
    p.codebook.add_code("Help")
    p.add_excerpt(d, 0, 10, codes=["Lost"], coder=ana)        # "I was lost"
    p.add_excerpt(d, 0, 19, codes=["Lost"], coder=ben)        # "I was lost at first"
    p.add_excerpt(d, 21, 38, codes=["Help"], coder=ana)       # same on both sides: agreement
    p.add_excerpt(d, 21, 38, codes=["Help"], coder=ben)
    p.add_excerpt(d, 40, 41, codes=["Help"], coder=ben)       # the emoji, Ben only
    rows = p.disagreements("Ana", "Ben")
    assert rows["pair"].tolist() == ["Ana: “I was lost” / Ben: “I was lost at first”",
                                     "Ana: (not coded) / Ben: “😀”"]
    assert rows.loc[0, ["a_start", "a_end", "b_start", "b_end"]].tolist() == [0, 10, 0, 19]
    assert rows["code"].tolist() == ["Lost", "Help"]
    assert pd.isna(rows.loc[1, "a_text"]) and rows.loc[1, "b_text"] == "😀"
