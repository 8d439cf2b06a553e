"""The analysis engine from Python: DataFrames with codes as labels, counts
worked out by hand (the same project as tests/cpp/analysis_test.cc), edits
reflected, the CLI tables."""
import subprocess

import pytest

import thematica as tm


@pytest.fixture
def p():
    p = tm.Project()
    for name, role in [("P1", "patient"), ("P2", "patient"), ("P3", "HCP")]:
        p.add_case(name, attributes={"role": role})
    p.add_case("P4")
    for name, case in [("d1", "P1"), ("d2", "P2"), ("d3", "P3")]:
        p.add_document(name, "x" * 20, case=case)
    p.add_document("d4", "Café CAFÉ cafe\u0301 don’t stop", case="P4")
    parent = p.codebook.add_code("parent")
    p.codebook.add_code("A", parent=parent)
    p.codebook.add_code("B")
    p.codebook.add_code("C")
    p.add_excerpt("d1", 0, 5, codes=["A"])
    p.add_excerpt("d1", 5, 10, codes=["B"])   # touches A: no overlap
    p.add_excerpt("d1", 3, 7, codes=["C"])    # overlaps both
    p.add_excerpt("d2", 0, 10, codes=["A", "B"])
    p.add_excerpt("d2", 2, 4, codes=["B"])
    p.add_excerpt("d3", 0, 4, codes=["B"])
    return p


def test_cooccurrence(p):
    m = p.cooccurrence(codes=["A", "B", "C"])
    assert m.loc["parent/A", "B"] == 2 and m.loc["B", "parent/A"] == 2
    assert m.loc["parent/A", "C"] == 1 and m.loc["B", "C"] == 1
    assert m.loc["B", "B"] == 4
    assert p.cooccurrence(codes=["A", "B"], measure="c").loc["parent/A", "B"] == pytest.approx(0.5)
    cases = p.cooccurrence(unit="cases", measure="jaccard")
    assert cases.loc["parent/A", "B"] == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match="unknown measure"):
        p.cooccurrence(measure="dice")


def test_crosstab_by_role(p):
    t = p.crosstab("role")
    assert list(t.columns) == ["HCP", "patient", "(missing)"]
    assert t.attrs["totals"] == {"HCP": 1, "patient": 2, "(missing)": 1}
    assert t.loc["parent/A", "patient"] == 2
    assert t.loc["B"].tolist() == [1, 2, 0]
    assert p.crosstab("role", include_descendants=True).loc["parent", "patient"] == 2
    assert p.crosstab("role", unit="excerpts").loc["B", "patient"] == 3
    with pytest.raises(KeyError):
        p.crosstab("age")


def test_edits_show_in_the_next_query(p):
    assert p.crosstab("role").loc["C", "HCP"] == 0
    p.add_excerpt("d3", 0, 2, codes=["C"])
    assert p.crosstab("role").loc["C", "HCP"] == 1


def test_saturation_and_words(p):
    s = p.saturation(order=["d3", "d1", "d2"])
    assert s["new"].tolist() == [1, 2, 0]
    assert s["cumulative"].tolist() == [1, 3, 3]
    assert s["new_codes"][1] == ["parent/A", "C"]
    words = p.word_frequencies(by="case")
    p4 = words[words["group"] == "P4"]
    assert list(zip(p4["word"], p4["count"])) == [("café", 2), ("cafe\u0301", 1), ("stop", 1)]
    everything = p.word_frequencies(stopwords=None)
    assert "don't" in set(everything["word"])


def test_example_study_crosstab_matches_the_paper():
    import json
    import pathlib
    import sys
    here = pathlib.Path(__file__).resolve().parents[2] / "examples" / "peer_support"
    sys.path.insert(0, str(here))
    import peer_support
    study = peer_support.build(json.loads((here / "study.json").read_text(encoding="utf-8")))
    t = study.crosstab("role")
    # The three patients who asked for someone to speak up: P4, P5, P7.
    assert t.loc["Functions/Speaking up for patients", "patient"] == 3
    assert t.attrs["totals"] == {"HCP": 5, "patient": 6, "peer support worker employer": 1,
                                 "peer worker": 2}


def test_cli_tables(p, tmp_path):
    path = tmp_path / "p.thematica"
    p.save(str(path))
    out = subprocess.run(["thematica", "crosstab", str(path), "--attribute", "role", "--csv"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "code,HCP (n=1),patient (n=2),(missing) (n=1)"
    assert "B,1,2,0" in lines
    co = subprocess.run(["thematica", "cooccurrence", str(path), "--unit", "documents"],
                        capture_output=True, text=True)
    assert co.returncode == 0 and "parent/A" in co.stdout
    bad = subprocess.run(["thematica", "crosstab", str(path)], capture_output=True, text=True)
    assert bad.returncode == 2 and "--attribute is required" in bad.stderr


def test_search_and_autocode(p, tmp_path):
    hits = p.search("cafe", accent_sensitive=False)
    assert hits["hit"].tolist() == ["Café", "CAFÉ", "cafe\u0301"]
    doc = p.document("d4").text
    for _, row in hits.iterrows():
        assert doc[row["start"]:row["end"]] == row["hit"]  # Python string indices.
    # Case-insensitive regex: Café, CAFÉ, and "cafe" whose combining accent
    # stays with the hit.
    assert p.search("caf[eé]", regex=True)["hit"].tolist() == ["Café", "CAFÉ", "cafe\u0301"]
    with pytest.raises(ValueError, match="invalid regular expression"):
        p.search("(", regex=True)
    result = p.autocode("stop", "C", scope="sentence")
    assert [e.text for e in result["excerpts"]] == ["Café CAFÉ cafe\u0301 don’t stop"]
    again = p.autocode("stop", "C", scope="sentence")
    assert again["excerpts"] == [] and again["already_coded"] == 1
    path = tmp_path / "p.thematica"
    p.save(str(path))
    cli = subprocess.run(["thematica", "autocode", str(path), "CAFÉ", "--code", "B", "--out",
                          str(tmp_path / "coded.json")], capture_output=True, text=True)
    assert cli.returncode == 0, cli.stderr
    assert "coded 2 excerpts" in cli.stdout  # Case-insensitive: Café and CAFÉ.
    found = subprocess.run(["thematica", "search", str(tmp_path / "coded.json"), "stop", "--csv"],
                           capture_output=True, text=True)
    assert found.returncode == 0 and "d4" in found.stdout


def test_query(p, tmp_path):
    both = p.query('A AND B')
    assert both[["document", "start", "end"]].values.tolist() == [["d2", 0, 10]]
    assert p.query("A", attribute={"role": "HCP"}).empty
    assert p.query("parent", include_descendants=True)["document"].tolist() == ["d1", "d2"]
    assert p.query("B NEAR/0 C")["text"].tolist() == ["xxxxxxx"]  # B [5,10) ∪ C [3,7) → [3,10)
    with pytest.raises(KeyError, match="no code"):
        p.query("Nope AND A")
    path = tmp_path / "p.thematica"
    p.save(str(path))
    cli = subprocess.run(["thematica", "query", str(path), "A AND B", "--csv"], capture_output=True, text=True)
    assert cli.returncode == 0 and cli.stdout.splitlines()[1].startswith("d2,0,10,")
