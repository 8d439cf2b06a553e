"""REFI-QDA from Python: the NVivo sample (tests/data/refi-qda) checked selection by selection
against an independent oracle (Python's own UTF-16 codec), round trips,
schema validation with xmllint, and hostile archives."""
import pathlib
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile

import pytest

import thematica as tm

DATA = pathlib.Path(__file__).resolve().parents[1] / "data" / "refi-qda"
SAMPLES = DATA / "samples"
XSD = DATA / "xsd"
NVIVO = SAMPLES / "nvivo12-hungarian-two-sources.qdpx"
NS = {"q": "urn:QDA-XML:project:1.0"}


def nvivo_selections():
    """(guid, text NVivo showed) per selection, computed without Thematica:
    NVivo counts UTF-16 code units of the text without its BOM."""
    with zipfile.ZipFile(NVIVO) as z:
        root = ET.fromstring(z.read("project.qde"))
        for source in root.iterfind(".//q:TextSource", NS):
            name = source.get("plainTextPath").removeprefix("internal://")
            text = z.read("Sources/" + name).decode("utf-8").removeprefix("\ufeff")
            units = text.encode("utf-16-le")
            for sel in source.iterfind("q:PlainTextSelection", NS):
                a, b = int(sel.get("startPosition")), int(sel.get("endPosition"))
                yield sel.get("guid"), units[2 * a:2 * b].decode("utf-16-le")


def test_nvivo_sample_counts_match_the_file():
    project, warnings = tm.read_qdpx(NVIVO)
    assert len(project.coders) == 2
    assert len(project.codebook.codes) == 152
    assert len(project.documents) == 2
    assert len(project.excerpts()) == 303
    assert any(".docx" in w for w in warnings)


def test_every_nvivo_excerpt_shows_the_text_nvivo_showed():
    project, _ = tm.read_qdpx(NVIVO)
    expected = dict(nvivo_selections())
    assert len(expected) == 303
    for excerpt in project.excerpts():
        assert excerpt.text == expected[excerpt.id], excerpt.id


def test_positions_can_be_overridden():
    with pytest.raises(ValueError, match="unknown position convention"):
        tm.read_qdpx(NVIVO, positions="furlongs")
    try:
        project, _ = tm.read_qdpx(NVIVO, positions="Unicode code points")
    except tm.Error:
        return  # Some selections fall outside the text: also a clear answer.
    expected = dict(nvivo_selections())
    wrong = sum(e.text != expected[e.id] for e in project.excerpts())
    assert wrong > 100


def study():
    p = tm.Project(title="Étude 😀")
    p.set_id_seed(3)
    ana = p.add_coder("Ana")
    case = p.add_case("P1", attributes={"role": "patient", "age": 30.5})
    doc = p.add_document("d", "Line 1 😀\r\n“quoted” 漢字 text\r\nend", case=case)
    folder = p.codebook.add_code("Folder", codable=False)
    code = p.codebook.add_code("C", parent=folder, description="def", inclusion="inc",
                               exclusion="exc", example="ex", color="#ff0000")
    p.add_excerpt(doc, 10, 18, codes=[code], coder=ana, memo="a memo")
    top = p.add_theme("Top", codes=[code], color="#123456")
    sub = p.add_theme("Sub", parent=top, codes=[code])
    p.add_relation(sub, code, "explains")
    return p


def test_qdpx_round_trip_is_exact(tmp_path):
    p = study()
    tm.write_qdpx(p, tmp_path / "s.qdpx")
    q, warnings = tm.read_qdpx(tmp_path / "s.qdpx")
    assert warnings == []
    assert tm.dumps(q) == tm.dumps(p)
    assert q.excerpts()[0].text == "“quoted”"


def test_written_project_validates_against_the_schema(tmp_path):
    if shutil.which("xmllint") is None:
        pytest.skip("xmllint (libxml2-utils) not installed")
    tm.write_qdpx(study(), tmp_path / "s.qdpx")
    with zipfile.ZipFile(tmp_path / "s.qdpx") as z:
        (tmp_path / "project.qde").write_bytes(z.read("project.qde"))
        assert any(n.startswith("sources/") for n in z.namelist())
    result = subprocess.run(["xmllint", "--noout", "--schema", str(XSD / "Project-mrt2019.xsd"),
                             str(tmp_path / "project.qde")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_qdc_round_trip(tmp_path):
    p = study()
    tm.write_qdc(p, tmp_path / "book.qdc")
    q, _ = tm.read_qdc(tmp_path / "book.qdc")
    assert [c.name for c in q.codebook.codes] == ["Folder", "C"]
    c = q.codebook.codes[1]
    assert (c.description, c.inclusion, c.exclusion, c.example) == ("def", "inc", "exc", "ex")
    assert {t.name for t in q.themes} == {"Top", "Sub"}


def test_annex_codebook():
    q, _ = tm.read_qdc(SAMPLES / "spec-annexA1-codebook.qdc")
    assert len(q.codebook.codes) == 6


def test_hostile_archives_raise_clear_errors(tmp_path):
    evil = tmp_path / "evil.qdpx"
    with zipfile.ZipFile(evil, "w") as z:
        z.writestr("project.qde", '<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>')
        z.writestr("../../escape.txt", "x")
    with pytest.raises(ValueError, match="escapes the archive"):
        tm.read_qdpx(evil)
    bomb = tmp_path / "bomb.qdpx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", '<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>')
        z.writestr("sources/a.txt", b"\0" * (4 << 20))
    with pytest.raises(tm.Error, match="compression ratio"):
        tm.read_qdpx(bomb)
    with pytest.raises(tm.Error, match="limit is 1000"):
        tm.read_qdpx(bomb, max_entry_size=1000)
    dtd = tmp_path / "dtd.qdc"
    dtd.write_text('<!DOCTYPE CodeBook [<!ENTITY a "aaaa">]><CodeBook/>')
    with pytest.raises(ValueError, match="DOCTYPE"):
        tm.read_qdc(dtd)
    with pytest.raises(FileNotFoundError):
        tm.read_qdpx(tmp_path / "missing.qdpx")
