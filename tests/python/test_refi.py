"""REFI-QDA from Python: the NVivo sample (tests/data/refi-qda) checked selection by selection
against an independent oracle (Python's own UTF-16 codec), round trips,
schema validation with xmllint, and hostile archives."""
import hashlib
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
IMPORT_DATA = DATA.parent / "import"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
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
    assert not any(".docx" in w for w in warnings)


def test_nvivo_rich_text_files_come_in_as_the_originals(tmp_path):
    """Each source's .docx (richTextPath, under NVivo's Sources/) is the
    document's source_file, checked with zipfile and hashlib."""
    project, _ = tm.read_qdpx(NVIVO)
    with zipfile.ZipFile(NVIVO) as z:
        root = ET.fromstring(z.read("project.qde"))
        rich = {s.get("guid"): s.get("richTextPath").removeprefix("internal://")
                for s in root.iterfind(".//q:TextSource", NS)}
        assert len(rich) == 2
        for doc in project.documents:
            original = z.read("Sources/" + rich[doc.id])
            f = doc.source_file
            assert f is not None
            assert f.name == rich[doc.id] == doc.id + ".docx"
            assert f.content == original
            assert f.sha256 == hashlib.sha256(original).hexdigest()
            assert f.media_type == DOCX_TYPE
    # NVivo → Thematica → .qdpx → Thematica keeps them.
    tm.write_qdpx(project, tmp_path / "n.qdpx")
    back, _ = tm.read_qdpx(tmp_path / "n.qdpx")
    for doc in project.documents:
        f, g = doc.source_file, back.document(doc.id).source_file
        assert (g.name, g.content, g.sha256, g.media_type) == (f.name, f.content, f.sha256,
                                                               f.media_type)


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


# --- What real exports need -----------------------------------------------------

QUALCODER = SAMPLES / "qualcoder4"


def as_attribute(text):
    """A text as an XML attribute holds it after parsing (XML 1.0, 3.3.3)."""
    return text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ").replace("\t", " ")


@pytest.mark.parametrize("sample,count", [("qualcoder4-coded-in-qualcoder.qdpx", 8),
                                          ("qualcoder4-reexport-of-peer-support.qdpx", 54)])
def test_qualcoder_samples_import_with_every_quote_equal_to_its_name(sample, count):
    path = QUALCODER / sample
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read("project.qde"))
    names = {sel.get("guid"): sel.get("name")
             for sel in root.iterfind(".//q:PlainTextSelection", NS)}
    assert len(names) == count
    project, warnings = tm.read_qdpx(path)
    assert any("names no <User>" in w for w in warnings)
    assert any(w.startswith("positions read as") for w in warnings)
    assert len(project.excerpts()) == count
    for e in project.excerpts():
        assert as_attribute(e.text) == as_attribute(names[e.id]), e.id


def test_qualcoder_utf16_positions_land_after_emoji():
    project, warnings = tm.read_qdpx(QUALCODER / "qualcoder4-coded-in-qualcoder.qdpx")
    assert any("positions read as UTF-16 code units (8 of 8" in w for w in warnings), warnings
    texts = sorted(e.text for e in project.excerpts())
    assert {"😀😀", "Cafe\u0301", "中文字符", "tail"} <= set(texts)


def test_bare_plain_text_paths_resolve_inside_the_archive(tmp_path):
    code = "22222222-2222-4222-8222-222222222222"
    qde = (
        '<Project xmlns="urn:QDA-XML:project:1.0" name="bare" origin="SomeTool 2">'
        f'<CodeBook><Codes><Code guid="{code}" name="c" isCodable="true"/></Codes></CodeBook>'
        "<Sources>"
        '<TextSource guid="33333333-3333-4333-8333-000000000001" name="Board" '
        'plainTextPath="board_2017.txt">'
        '<PlainTextSelection guid="44444444-4444-4444-8444-444444444444" startPosition="4" '
        f'endPosition="9"><Coding guid="55555555-5555-4555-8555-555555555555">'
        f'<CodeRef targetGUID="{code}"/></Coding></PlainTextSelection></TextSource>'
        '<TextSource guid="33333333-3333-4333-8333-000000000002" name="Outside" '
        'plainTextPath="../board_2017.txt"/>'
        "</Sources></Project>")
    path = tmp_path / "bare.qdpx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", qde)
        z.writestr("Sources/board_2017.txt", "The board met.")
    project, warnings = tm.read_qdpx(path)
    assert [d.name for d in project.documents] == ["Board"]
    assert project.excerpts()[0].text == "board"
    assert any("../board_2017.txt" in w for w in warnings)
    assert not any("board_2017.txt" in w and "../" not in w for w in warnings)
    tm.write_qdpx(project, tmp_path / "again.qdpx")
    with zipfile.ZipFile(tmp_path / "again.qdpx") as z:
        texts = [z.read(n).decode() for n in z.namelist() if n.startswith("sources/")]
    assert texts == ["The board met."]


# Text with emoji (one with a skin-tone modifier), a combining mark, CRLF and a lone CR.
TARGET_TEXT = "Start 😀 smile.\r\nCafe\u0301 visit 👍🏽 ok.\r\n漢字 end\rlone"


def target_project():
    p = tm.Project(title="targets")
    p.set_id_seed(5)
    ana = p.add_coder("Ana")
    doc = p.add_document("d", TARGET_TEXT)
    a = p.codebook.add_code("A")
    b = p.codebook.add_code("B")
    for quote, codes, coder in [("smile.", [a], ana), ("\r\nCafe\u0301 visit 👍🏽", [a, b], None),
                                ("ok.\r\n漢字", [b], ana), ("lone", [a], None)]:
        start = TARGET_TEXT.index(quote)
        p.add_excerpt(doc, start, start + len(quote), codes=codes, coder=coder)
    return p


def slicer(target, text):
    """The quote a receiving tool shows for [start, end), by its own rule,
    computed with Python's codecs rather than Thematica."""
    if target in ("nvivo", "qualcoder"):
        units = text.encode("utf-16-le")
        return lambda a, b: units[2 * a:2 * b].decode("utf-16-le")
    if target == "atlas.ti":
        # Code points with each CRLF counted as one: position -> string index.
        index, i = [], 0
        while i < len(text):
            index.append(i)
            i += 2 if text.startswith("\r\n", i) else 1
        index.append(len(text))
        return lambda a, b: text[index[a]:index[b]]
    return lambda a, b: text[a:b]


@pytest.mark.parametrize("target", ["refi", "nvivo", "atlas.ti", "maxqda", "qualcoder"])
def test_every_export_target_reads_back_exact_under_its_rule(tmp_path, target):
    p = target_project()
    path = tmp_path / f"{target}.qdpx"
    warnings = tm.write_qdpx(p, path, target=target)
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read("project.qde"))
        [source] = root.iterfind(".//q:TextSource", NS)
        text = z.read("sources/" + source.get("plainTextPath").removeprefix("internal://"))
        text = text.decode("utf-8")
        names = z.namelist()
    assert any(n.startswith("thematica/") for n in names) == (target == "refi")
    expected_text = TARGET_TEXT
    if target == "qualcoder":
        expected_text = TARGET_TEXT.replace("\r\n", "\n").replace("\r", "\n")
    assert text == expected_text
    split = target in ("nvivo", "qualcoder")
    expected = []
    for e in p.excerpts():
        quote = e.text
        if target == "qualcoder":
            quote = quote.replace("\r\n", "\n").replace("\r", "\n")
        expected += [(quote, [c]) for c in e.code_ids] if split else [(quote, e.code_ids)]
    show = slicer(target, text)
    got = []
    for sel in source.iterfind("q:PlainTextSelection", NS):
        quote = show(int(sel.get("startPosition")), int(sel.get("endPosition")))
        codes = [c.find("q:CodeRef", NS).get("targetGUID") for c in sel.iterfind("q:Coding", NS)]
        got.append((quote, codes))
        if target == "qualcoder":
            assert as_attribute(sel.get("name")) == as_attribute(quote)
    assert got == expected
    if target == "qualcoder":
        users = {u.get("guid") for u in root.iterfind(".//q:User", NS)}
        refs = {el.get("creatingUser") for el in root.iter() if el.get("creatingUser")}
        assert refs and refs <= users
        assert root.get("creatingUserGUID") in users
        assert len(warnings) == 1 and "above U+FFFF" in warnings[0]
    else:
        assert warnings == []
    # Thematica reads its own targeted export back to the same quotes.
    back, _ = tm.read_qdpx(path)
    assert [e.text for e in back.excerpts()] == [q for q, _ in expected]


def test_unknown_export_target_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown export target"):
        tm.write_qdpx(target_project(), tmp_path / "x.qdpx", target="dedoose")
    assert not (tmp_path / "x.qdpx").exists()


def test_codebook_csv_is_taguettes_form_and_round_trips(tmp_path):
    import csv

    p = study()
    p.codebook.add_code("Quote \"this\", please", description="line one\nline two")
    tm.write_codebook_csv(p, tmp_path / "codebook.csv")
    with open(tmp_path / "codebook.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["tag", "description"]
    assert [r["tag"] for r in rows] == ["Folder", "Folder/C", "Quote \"this\", please"]
    assert rows[1]["description"] == "def"
    assert rows[2]["description"] == "line one\nline two"
    q = tm.read_codebook_csv(tmp_path / "codebook.csv")
    assert [q.codebook.path(c) for c in q.codebook.codes] == [r["tag"] for r in rows]
    assert [c.description for c in q.codebook.codes] == [r["description"] for r in rows]
    # Taguette's other accepted column names, written by Python's csv module.
    with open(tmp_path / "named.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["name", "description", "number of highlights"])
        w.writerow(["Barriers/Stigma", "judged, \"shamed\"", "3"])
    q = tm.read_codebook_csv(tmp_path / "named.csv")
    assert q.codebook.find("Barriers/Stigma").description == "judged, \"shamed\""
    bad = tmp_path / "bad.csv"
    bad.write_text("code,description\nx,y\n")
    with pytest.raises(ValueError, match="no tag, path or name column"):
        tm.read_codebook_csv(bad)


def test_cli_convert_writes_targets_and_codebook_csv(tmp_path):
    if shutil.which("thematica") is None:
        pytest.skip("the thematica command is not on PATH")
    study_path = tmp_path / "study.thematica"
    target_project().save(str(study_path))

    def convert(*args):
        return subprocess.run(["thematica", "convert", *map(str, args)],
                              capture_output=True, text=True)

    run = convert(study_path, tmp_path / "q.qdpx", "--target", "qualcoder")
    assert run.returncode == 0, run.stderr
    assert "above U+FFFF" in run.stderr
    with zipfile.ZipFile(tmp_path / "q.qdpx") as z:
        root = ET.fromstring(z.read("project.qde"))
    assert "UTF-16 code units" in root.get("origin")
    assert len(list(root.iterfind(".//q:PlainTextSelection", NS))) == 5
    bad = convert(study_path, tmp_path / "x.qdpx", "--target", "dedoose")
    assert bad.returncode == 2 and "unknown export target" in bad.stderr
    wrong = convert(study_path, tmp_path / "x.json", "--target", "nvivo")
    assert wrong.returncode == 2 and "applies to a .qdpx" in wrong.stderr

    run = convert(study_path, tmp_path / "codebook.csv")
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "codebook.csv").read_text(encoding="utf-8").splitlines()[0] == \
        "tag,description"
    run = convert(tmp_path / "codebook.csv", tmp_path / "book.qdc")
    assert run.returncode == 0, run.stderr
    book, _ = tm.read_qdc(tmp_path / "book.qdc")
    assert [c.name for c in book.codebook.codes] == ["A", "B"]


def test_imported_docx_travels_as_the_rich_text_file(tmp_path):
    p = tm.Project("Originals")
    doc = p.import_file(IMPORT_DATA / "transcript.docx")
    original = (IMPORT_DATA / "transcript.docx").read_bytes()
    assert doc.source_file.sha256 == hashlib.sha256(original).hexdigest()
    tm.write_qdpx(p, tmp_path / "o.qdpx")
    with zipfile.ZipFile(tmp_path / "o.qdpx") as z:
        source = ET.fromstring(z.read("project.qde")).find(".//q:TextSource", NS)
        assert source.get("richTextPath") == f"internal://{doc.id}.docx"
        assert z.read(f"sources/{doc.id}.docx") == original
    back, warnings = tm.read_qdpx(tmp_path / "o.qdpx")
    assert warnings == []
    f = back.document(doc.id).source_file
    assert (f.name, f.content, f.sha256, f.media_type, f.importer) == (
        "transcript.docx", original, hashlib.sha256(original).hexdigest(), DOCX_TYPE,
        doc.source_file.importer)
    # For NVivo (no sidecar) the original comes back named by its path.
    tm.write_qdpx(p, tmp_path / "n.qdpx", target="nvivo")
    again, _ = tm.read_qdpx(tmp_path / "n.qdpx")
    g = again.document(doc.id).source_file
    assert (g.name, g.content, g.sha256, g.media_type) == (
        f"{doc.id}.docx", original, hashlib.sha256(original).hexdigest(), DOCX_TYPE)


def test_speaker_turn_times_survive_the_sidecar(tmp_path):
    p = tm.Project("Times")
    doc = p.import_file(IMPORT_DATA / "zoom.vtt")
    turns = [(t.start, t.end, t.speaker, t.start_ms, t.end_ms) for t in doc.speaker_turns]
    assert len(turns) >= 2 and all(t[3] is not None and t[4] is not None for t in turns)
    tm.write_qdpx(p, tmp_path / "t.qdpx")
    with zipfile.ZipFile(tmp_path / "t.qdpx") as z:
        # A .vtt is not rich text: it travels in the sidecar only.
        assert "richTextPath" not in z.read("project.qde").decode()
    back, warnings = tm.read_qdpx(tmp_path / "t.qdpx")
    assert warnings == []
    d = back.document(doc.id)
    assert [(t.start, t.end, t.speaker, t.start_ms, t.end_ms) for t in d.speaker_turns] == turns
    assert d.source_file.content == (IMPORT_DATA / "zoom.vtt").read_bytes()
