"""Blind parallel coding: p.copy_for(coder) and tm.combine(original, copies);
combining never duplicates a coder, code, document or coding, a repeated
combine changes nothing, independent projects match by code path and text."""
import random

import pytest

import thematica as tm

TEXTS = ["“be my voice” 😀 café — the peer worker spoke for me.\r\nThen e\u0301 again.",
         "日本語のテキスト。 Another interview about trust and hope.",
         "Short note."]


def study():
    p = tm.Project(title="Study")
    p.set_id_seed(3)
    p.add_coder("Lead")
    for i, t in enumerate(TEXTS):
        p.add_document(f"D{i}", t)
    root = p.codebook.add_code("Functions", codable=False)
    p.codebook.add_code("Advocacy", parent=root)
    p.codebook.add_code("Trust")
    p.add_excerpt("D0", 0, 5, codes=["Trust"], coder="Lead")
    return p


def code_some(copy, seed, new_code=None):
    rng = random.Random(seed)
    codes = [c for c in copy.codebook.codes if c.codable]
    if new_code:
        codes.append(copy.codebook.add_code(new_code))
    for d in copy.documents:
        for _ in range(3):
            s = rng.randrange(0, len(d.text) - 1)
            e = rng.randrange(s + 1, len(d.text) + 1)
            copy.add_excerpt(d, s, e, codes=[rng.choice(codes)], coder=copy.current_coder)


def test_copy_for_is_blind_keeps_ids_and_adds_the_coder():
    p = study()
    ana = p.copy_for("Ana")
    assert [d.id for d in ana.documents] == [d.id for d in p.documents]
    assert [c.id for c in ana.codebook.codes] == [c.id for c in p.codebook.codes]
    assert ana.excerpts() == []  # Lead's coding is hidden.
    assert ana.current_coder.name == "Ana"
    assert "Ana" in [c.name for c in ana.coders] and "Ana" not in [c.name for c in p.coders]
    assert ana.history().empty
    assert ana.validate() == []
    seen = p.copy_for("Lead", documents=["D0"], blind=False)
    assert [d.name for d in seen.documents] == ["D0"]
    assert len(seen.excerpts()) == 1
    with pytest.raises(KeyError):
        p.copy_for("Ana", documents=["nope"])


def test_combine_brings_every_coding_back_once_and_new_codes_once():
    p = study()
    copies = []
    for i, name in enumerate(["Ana", "Ben", "Chloé"]):
        c = p.copy_for(name)
        code_some(c, i, new_code="Hope" if name != "Chloé" else None)
        copies.append(c)
    result = tm.combine(p, copies)
    q = result.project
    assert q.validate() == []
    assert sorted(c.name for c in q.coders) == sorted(["Lead", "Ana", "Ben", "Chloé"])
    assert [c.name for c in q.codebook.codes].count("Hope") == 1
    assert len(result.new_codes) == 1
    assert len(q.documents) == len(p.documents)
    expected = len(p.excerpts()) + sum(len(c.excerpts()) for c in copies)
    assert len(q.excerpts()) == expected
    for c in copies:
        for e in c.excerpts():
            assert q.excerpt(e.id).text == e.text
    # Unpacks as project, report; the report lists every copy's objects.
    project, report = result
    assert set(report["matched_by"]) >= {"id", "added"}
    # Repeated combine: nothing new.
    again = tm.combine(q, copies)
    assert tm.dumps(again.project).count('"coder_id"') == tm.dumps(q).count('"coder_id"')
    assert len(again.project.excerpts()) == len(q.excerpts())
    assert again.new_codes == []
    assert (again.report.query("kind == 'excerpt'")["matched_by"] == "present").all()
    # Ready for agreement between two coders.
    frame = q.agreement(["Ana", "Ben"])
    assert len(frame) > 0


def test_combine_matches_independent_projects_by_path_text_hash_and_coder_name():
    p = study()
    other = tm.Project(title="made elsewhere")
    other.add_coder("Lead")  # Same name, other id.
    other.add_document("renamed", TEXTS[1])
    f = other.codebook.add_code("Functions", codable=False)
    other.codebook.add_code("Advocacy", parent=f)
    other.codebook.add_code("Brand new")
    other.add_excerpt("renamed", 0, 3, codes=["Functions/Advocacy"], coder="Lead")
    other.add_excerpt("renamed", 3, 6, codes=["Brand new"], coder="Lead")
    result = tm.combine(p, [other])
    q, report = result
    assert len(q.coders) == 1 and len(q.documents) == 3
    by = {(r.kind, r.name): r.matched_by for r in report.itertuples()}
    assert by[("coder", "Lead")] == "name"
    assert by[("document", "renamed")] == "text hash"
    assert by[("code", "Functions / Advocacy")] == "path"
    assert by[("code", "Brand new")] == "added"
    adv = p.codebook.find("Functions/Advocacy")
    assert any(e.code_ids == [adv.id] and e.document_id == p.document("D1").id for e in q.excerpts())
    # Again: the independent copy's codings are matched by content, not added twice.
    assert len(tm.combine(q, [other]).project.excerpts()) == len(q.excerpts())


hypothesis = pytest.importorskip("hypothesis", reason="Hypothesis (PyPI) is not installed")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["Ana", "Ben", "ana", "Zoë"]), st.integers(0, 10 ** 6),
                          st.booleans()), min_size=1, max_size=4),
       st.integers(1, 3))
def test_property_combining_copies_never_duplicates(plan, repeats):
    p = study()
    copies = []
    for name, seed, adds_code in plan:
        c = p.copy_for(name)
        code_some(c, seed, new_code=f"New {name}" if adds_code else None)
        copies.append(c)
    q = p
    for _ in range(repeats):
        q = tm.combine(q, copies).project
        assert q.validate() == []
    names = [c.name for c in q.coders]
    assert len(names) == len(set(names))
    paths = [q.codebook.path(c) for c in q.codebook.codes]
    assert len(paths) == len(set(paths))
    assert len(q.documents) == len(p.documents)
    keys = [(e.document_id, e.start, e.end, e.coder_id, tuple(sorted(e.code_ids))) for e in q.excerpts()]
    assert len(keys) == len(set(keys))
    # Every coding of every copy is there (by id, or the same coding by
    # content when two copies of one coder coded the same range alike).
    ids = {e.id for e in q.excerpts()}
    spans = {(e.document_id, e.start, e.end, tuple(sorted(q.codebook.path(c) for c in e.code_ids)))
             for e in q.excerpts()}
    for c in copies:
        for e in c.excerpts():
            assert e.id in ids or (e.document_id, e.start, e.end,
                                   tuple(sorted(c.codebook.path(x) for x in e.code_ids))) in spans


@pytest.mark.skipif(__import__("shutil").which("thematica") is None, reason="the thematica CLI is not on PATH")
def test_cli_copy_for_and_combine(tmp_path):
    import subprocess
    p = study()
    p.save(str(tmp_path / "study.thematica"))

    def run(*args):
        return subprocess.run(["thematica", *map(str, args)], capture_output=True, text=True)

    r = run("copy-for", tmp_path / "study.thematica", "--coder", "Ana", "--documents", "D0", "D2",
            "-o", tmp_path / "ana.json")
    assert r.returncode == 0, r.stderr
    ana = tm.load(str(tmp_path / "ana.json"))
    assert [d.name for d in ana.documents] == ["D0", "D2"] and ana.excerpts() == []
    ana.current_coder = "Ana"
    ana.codebook.add_code("Hope")
    ana.add_excerpt("D0", 2, 8, codes=["Hope"], coder="Ana")
    ana.save(str(tmp_path / "ana.json"))
    r = run("combine", tmp_path / "study.thematica", tmp_path / "ana.json", "-o", tmp_path / "all.thematica")
    assert r.returncode == 0, r.stderr
    assert 'code "Hope" added' in r.stdout and "1 excerpts added" in r.stdout
    combined = tm.load(str(tmp_path / "all.thematica"))
    assert len(combined.excerpts()) == 2 and combined.codebook.find("Hope") is not None
    # Again onto the combined project: nothing new.
    r = run("combine", tmp_path / "all.thematica", tmp_path / "ana.json", "-o", tmp_path / "again.thematica")
    assert "0 excerpts added" in r.stdout
    assert len(tm.load(str(tmp_path / "again.thematica")).excerpts()) == 2
    bad = run("copy-for", tmp_path / "study.thematica", "--coder", "Ana", "--documents", "nope", "-o",
              tmp_path / "x.json")
    assert bad.returncode == 1 and "nope" in bad.stderr
    assert not (tmp_path / "x.json").exists()
