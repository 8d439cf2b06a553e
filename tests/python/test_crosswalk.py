"""Codebook crosswalk: a hand-built pair of codebooks with known same,
broader and narrower pairs (by name, definition, hierarchy and coding
overlap), .qdc input, and apply_crosswalk merging, splitting and reporting."""
import pytest

import thematica as tm

TEXT = ("I asked the peer worker to speak for me at the clinic. "
        "She explained my rights and helped me trust the doctors again. "
        "Later I felt hopeful about the future.")


def group_a():
    a = tm.Project(title="Group A")
    doc = a.add_document("Interview", TEXT)
    a.codebook.add_code("Advocacy", description="The peer worker speaks for the participant to services")
    a.codebook.add_code("Trust", description="Confidence in clinicians restored")
    a.codebook.add_code("Support")  # Broad: covers both kinds of help.
    a.codebook.add_code("Hope")
    a.add_excerpt(doc, 0, 55, codes=["Advocacy", "Support"])
    a.add_excerpt(doc, 56, 118, codes=["Support"])
    a.add_excerpt(doc, 91, 118, codes=["Trust"])
    return a


def group_b():
    b = tm.Project(title="Group B")
    doc = b.add_document("Participant 7", TEXT)  # Same text, another name.
    b.codebook.add_code("advocacy", description="peer worker speaks for participant to services")
    b.codebook.add_code("Rights information")  # Narrower than A's Support.
    b.codebook.add_code("Trust in clinicians", description="confidence in clinicians is restored")
    hope = b.codebook.add_code("Outlook", codable=False)
    b.codebook.add_code("Hope", parent=hope)
    b.add_excerpt(doc, 0, 55, codes=["advocacy"])
    b.add_excerpt(doc, 56, 90, codes=["Rights information"])
    b.add_excerpt(doc, 91, 118, codes=["Trust in clinicians"])
    return b


def pairs(frame):
    return {(r.code_a, r.code_b): r.relation for r in frame.itertuples()}


def test_crosswalk_finds_known_correspondences():
    frame = tm.crosswalk(group_a(), group_b())
    assert list(frame.columns[:5]) == ["code_a", "code_b", "relation", "evidence", "score"]
    found = pairs(frame)
    assert found[("Advocacy", "advocacy")] == "same"
    assert found[("Trust", "Trust in clinicians")] == "same"
    assert found[("Support", "Rights information")] == "broader"
    assert found[("Hope", "Outlook/Hope")] == "same"
    assert ("Hope", "Trust in clinicians") not in found
    row = frame[(frame.code_a == "Trust") & (frame.code_b == "Trust in clinicians")].iloc[0]
    assert "overlap" in row.evidence and "definition" in row.evidence
    assert 0 < row.score <= 1
    # Seen from B, Rights information is narrower than Support.
    assert pairs(tm.crosswalk(group_b(), group_a()))[("Rights information", "Support")] == "narrower"


def test_crosswalk_reads_qdc_codebooks(tmp_path):
    tm.write_qdc(group_a(), str(tmp_path / "a.qdc"))
    tm.write_qdc(group_b(), str(tmp_path / "b.qdc"))
    found = pairs(tm.crosswalk(str(tmp_path / "a.qdc"), str(tmp_path / "b.qdc")))
    assert found[("Advocacy", "advocacy")] == "same"  # Names and definitions, no codings.
    with pytest.raises(ValueError):
        tm.crosswalk(3, group_b())


def test_apply_crosswalk_merges_splits_and_reports():
    a = group_a()
    report = a.apply_crosswalk({"Advocacy": "Help/Advocacy", "Support": ["Help/Advocacy", "Help/Rights"],
                                "Trust": "Trust in clinicians"})
    paths = {a.codebook.path(c, separator="/") for c in a.codebook.codes}
    assert {"Help", "Help/Advocacy", "Help/Rights", "Trust in clinicians"} <= paths
    assert "Advocacy" not in paths and "Support" not in paths
    assert report.split == ["Support"]
    assert report.unmapped == []  # Hope is not used by any excerpt.
    assert report.recoded_excerpts == 3
    first = a.excerpts()[0]
    assert sorted(a.codebook.path(c, separator="/") for c in first.code_ids) == ["Help/Advocacy", "Help/Rights"]
    assert a.validate() == []
    # One undo reverts the whole recoding.
    a.undo()
    assert "Support" in {c.name for c in a.codebook.codes}


def test_apply_crosswalk_from_frame_and_bad_mapping_changes_nothing():
    a, b = group_a(), group_b()
    frame = tm.crosswalk(a, b)
    same = frame[frame.relation == "same"]
    report = a.apply_crosswalk(same)
    assert "Trust in clinicians" in {c.name for c in a.codebook.codes}
    assert "Support" in report.unmapped
    before = tm.dumps(a)
    with pytest.raises(KeyError):
        a.apply_crosswalk({"No such code": "X"})
    with pytest.raises(ValueError):
        a.apply_crosswalk({"Hope": ""})
    assert tm.dumps(a) == before


def test_crosswalk_command_line(tmp_path):
    import csv
    import io
    import shutil
    import subprocess
    import sys
    if shutil.which("thematica") is None:
        pytest.skip("the thematica CLI is not on PATH")
    a, b = tmp_path / "a.thematica", tmp_path / "b.thematica"
    group_a().save(str(a))
    group_b().save(str(b))
    env = {**__import__("os").environ, "THEMATICA_PYTHON": sys.executable}
    out = subprocess.run(["thematica", "crosswalk", str(a), str(b), "--csv"], capture_output=True, text=True,
                         env=env)
    assert out.returncode == 0, out.stderr
    rows = {(r["code_a"], r["code_b"]): r["relation"] for r in csv.DictReader(io.StringIO(out.stdout))}
    assert rows == pairs(tm.crosswalk(group_a(), group_b()))
    table = subprocess.run(["thematica", "crosswalk", str(a), str(b)], capture_output=True, text=True, env=env)
    assert table.returncode == 0 and "Rights information" in table.stdout
    bad = subprocess.run(["thematica", "crosswalk", str(a), str(tmp_path / "missing.qdc")], capture_output=True,
                         text=True, env=env)
    assert bad.returncode == 1 and "missing.qdc" in bad.stderr
