"""thematica new / import / add-code / code on the command line."""
import pathlib
import subprocess

import thematica as tm

DATA = pathlib.Path(__file__).resolve().parents[2] / "tests" / "data" / "import"


def run(*args):
    return subprocess.run(["thematica", *map(str, args)], capture_output=True, text=True)


def test_new_import_add_code_code(tmp_path):
    study = tmp_path / "study.thematica"
    r = run("new", study, "--title", "Peer support")
    assert r.returncode == 0, r.stderr
    assert tm.load(str(study)).title == "Peer support"
    assert run("new", study, "--title", "again").returncode == 1  # Never overwrites.
    r = run("import", study, DATA / "transcript.docx", DATA / "zoom.vtt",
            "--interviewer", "Interviewer,Ana Souza")
    assert r.returncode == 0, r.stderr
    assert 'imported' in r.stdout and '"zoom"' in r.stdout and "new cases: P4" in r.stdout
    p = tm.load(str(study))
    assert [d.name for d in p.documents] == ["transcript", "zoom"]
    assert [c.name for c in p.cases] == ["P4"]
    assert [t.start_ms for t in p.document("zoom").speaker_turns] == [1000, 4000, 62000]
    assert run("add-code", study, "Bridge/Voice", "--description", "Speaking up").returncode == 0
    assert tm.load(str(study)).codebook.find("Bridge/Voice").description == "Speaking up"
    r = run("code", study, "transcript", "“be my voice”", "--code", "Voice", "--coder", "Ana")
    assert r.returncode == 1 and "closest passage" in r.stderr  # The text has no quotes there.
    r = run("code", study, "transcript", "be  my voice", "--code", "Voice", "--coder", "Ana")
    assert r.returncode == 0, r.stderr
    [e] = tm.load(str(study)).excerpts()
    assert e.text == "be my voice"
    r = run("code", study, "zoom", "Ana Souza", "--code", "Bridge/Voice")
    assert r.returncode == 1 and "occurs 2 times" in r.stderr and "--occurrence" in r.stderr
    assert run("code", study, "zoom", "ana souza", "--code", "Voice", "--occurrence", "2").returncode == 0
    assert run("code", study, "zoom", "peer", "--code", "Voice", "--occurrence", "all").returncode == 0
    assert run("code", study, "zoom", "Ana", "--code", "Voice", "--occurrence", "3").returncode == 1
    texts = [e.text for e in tm.load(str(study)).excerpts()]
    assert texts == ["be my voice", "Ana Souza", "peer"]


def test_import_creates_study_and_failure_changes_nothing(tmp_path):
    study = tmp_path / "new.json"
    r = run("import", study, DATA / "timed.txt", "--speakers", "none", "--case", "P9")
    assert r.returncode == 0, r.stderr
    p = tm.load(str(study))
    assert p.documents[0].speaker_turns == [] and p.case("P9").id == p.documents[0].case_id
    before = study.read_bytes()
    r = run("import", study, DATA / "transcript.docx", DATA / "corrupt.docx")
    assert r.returncode == 1 and "corrupt.docx" in r.stderr
    assert study.read_bytes() == before
    r = run("import", study, DATA / "notes.xyz")
    assert r.returncode == 1 and ".vtt" in r.stderr
    assert study.read_bytes() == before
    assert sorted(x.name for x in tmp_path.iterdir()) == ["new.json"]  # No stray temp files.


def test_import_table(tmp_path):
    study = tmp_path / "survey.thematica"
    r = run("import-table", study, DATA / "survey.csv", "--attributes", "age,group,joined",
            "--types", "group=text")
    assert r.returncode == 0, r.stderr
    assert "imported 3 documents" in r.stdout and "age (number)" in r.stdout
    p = tm.load(str(study))
    assert [d.name for d in p.documents] == ["R1", "R2", "R4"]
    assert p.case("R2").attributes["age"] == 51
    before = study.read_bytes()
    r = run("import-table", study, DATA / "survey.csv", "--attributes", "score")
    assert r.returncode == 1 and "no column 'score'" in r.stderr and "survey.csv" in r.stderr
    assert study.read_bytes() == before
