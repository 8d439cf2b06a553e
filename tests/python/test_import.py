"""Project.import_file / import_files / import_table, code by phrase and
code_turns. The files in tests/data/import were made by the real producers
(make_files.py there: python-docx, odfpy, webvtt-py, headless Chromium); their
expected text is in expected.json, written by the same script."""
import datetime
import json
import pathlib
import shutil

import pytest

import thematica as tm

DATA = pathlib.Path(__file__).resolve().parents[2] / "tests" / "data" / "import"
EXPECTED = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))

FILES = [
    ("transcript.docx", "docx"), ("transcript.odt", "odt"), ("teams.vtt", "vtt"),
    ("transcript.html", "html"), ("transcript.rtf", "rtf"), ("timed.txt", "timed"),
    ("transcript_utf16.txt", "txt"), ("transcript.md", "md"), ("legacy_cp1252.txt", "cp1252"),
    ("transcript.pdf", "pdf"),
]


def dump(p):
    return tm.dumps(p, format="json")


@pytest.mark.parametrize("file,key", FILES)
def test_each_format_gives_the_text_a_person_sees(file, key):
    if file.endswith(".pdf") and shutil.which("pdftotext") is None:
        pytest.skip("poppler's pdftotext is not installed (apt-get install poppler-utils)")
    p = tm.Project()
    doc = p.import_file(DATA / file)
    assert doc.text == EXPECTED[key]
    assert doc.name == pathlib.Path(file).stem
    assert doc.source_file.content == (DATA / file).read_bytes()
    assert doc.source_file.name == file
    import hashlib
    assert doc.source_file.sha256 == hashlib.sha256((DATA / file).read_bytes()).hexdigest()


@pytest.mark.parametrize("file", ["transcript.docx", "transcript.odt", "teams.vtt", "zoom.srt",
                                  "transcript.html", "transcript_utf16.txt"])
def test_emoji_and_combining_marks_survive_and_offsets_are_code_points(file):
    p = tm.Project()
    doc = p.import_file(DATA / file)
    for s in ("😀👍🏽", "cafe\u0301"):
        assert s in doc.text
        start = doc.text.index(s)
        code = p.codebook.add_code(f"c{len(p.codebook)}")
        assert p.add_excerpt(doc, start, start + len(s), codes=[code]).text == s


def test_webvtt_py_reads_what_we_read():
    webvtt = pytest.importorskip("webvtt")
    captions = webvtt.read(str(DATA / "teams.vtt"))
    p = tm.Project()
    doc = p.import_file(DATA / "teams.vtt")
    # Every cue's words (webvtt-py strips the voice tags) are in our text, in order.
    at = 0
    for c in captions:
        at = doc.text.index(c.text, at)
    starts = [t.start_ms for t in doc.speaker_turns]
    assert starts == [1000, 4000, 62000]
    assert [t.end_ms for t in doc.speaker_turns] == [3500, 8250, 64000]
    assert [t.speaker for t in doc.speaker_turns] == ["Interviewer", "P4", "Interviewer"]


def test_python_docx_and_odfpy_agree_on_paragraphs():
    docx = pytest.importorskip("docx")
    paragraphs = [p.text for p in docx.Document(str(DATA / "transcript.docx")).paragraphs]
    doc = tm.Project().import_file(DATA / "transcript.docx")
    # python-docx gives body paragraphs (not table cells); each is a line of ours.
    for para in paragraphs:
        assert para in doc.text.split("\n") or para.replace("\n", "\n") in doc.text
    assert "HEADER" not in doc.text and "FOOTER" not in doc.text


def test_speakers_cases_and_interviewer():
    p = tm.Project()
    p4 = p.add_case("P4", attributes={"role": "patient"})
    doc = p.import_file(DATA / "zoom.vtt", interviewer=["Ana Souza"])
    assert [c.name for c in p.cases] == ["P4"]
    assert doc.case_id == p4.id
    turns = doc.speaker_turns
    assert [(t.speaker, t.case_id) for t in turns] == [("Ana Souza", ""), ("P4", p4.id),
                                                       ("Ana Souza", "")]
    assert doc.text[turns[1].start:turns[1].end].startswith("She was my bridge")
    # Without the interviewer named, "Ana Souza" becomes a case.
    q = tm.Project()
    q.import_file(DATA / "zoom.vtt")
    assert sorted(c.name for c in q.cases) == ["Ana Souza", "P4"]


def test_speakers_none_regex_case_and_create_cases():
    p = tm.Project()
    doc = p.import_file(DATA / "transcript.docx", speakers="none", case="P9")
    assert doc.speaker_turns == []
    assert p.case("P9").id == doc.case_id
    doc2 = p.import_file(DATA / "transcript.docx", name="again",
                         speakers=r"(?P<speaker>P\d+): ", create_cases=False)
    assert [t.speaker for t in doc2.speaker_turns] == ["P4", "P4"]
    assert [t.case_id for t in doc2.speaker_turns] == ["", ""]
    with pytest.raises(tm.InvalidArgumentError, match="regular expression"):
        p.import_file(DATA / "transcript.docx", name="x", speakers="(unclosed")


def test_times_survive_save_and_load(tmp_path):
    p = tm.Project()
    p.import_file(DATA / "teams.vtt")
    p.import_file(DATA / "timed.txt")
    for ext in ("thematica", "json"):
        path = tmp_path / f"s.{ext}"
        p.save(str(path))
        q = tm.load(str(path))
        for a, b in zip(p.documents, q.documents):
            assert [(t.start_ms, t.end_ms) for t in a.speaker_turns] == [
                (t.start_ms, t.end_ms) for t in b.speaker_turns]
            assert a.source_file.content == b.source_file.content
        assert dump(q) == dump(p)
    assert [t.start_ms for t in p.document("timed").speaker_turns] == [62000, 65000, 130500]


@pytest.mark.parametrize("file,error,message", [
    ("corrupt.docx", tm.FormatError, "not a valid .docx"),
    ("encrypted.docx", tm.InvalidArgumentError, "password-protected"),
    ("notes.xyz", tm.InvalidArgumentError, "supported: .txt"),
    ("undecodable.txt", tm.InvalidArgumentError, "tried utf-8, windows-1252"),
    ("scanned.pdf", tm.InvalidArgumentError, "scanned? run OCR first"),
    ("missing.docx", FileNotFoundError, "missing.docx"),
])
def test_bad_input_names_the_file_and_changes_nothing(file, error, message):
    if file.endswith(".pdf") and shutil.which("pdftotext") is None:
        pytest.skip("poppler's pdftotext is not installed")
    p = tm.Project()
    p.add_case("P1")
    before = dump(p)
    with pytest.raises(error) as info:
        p.import_file(DATA / file)
    assert message in str(info.value)
    assert file in str(info.value)
    assert dump(p) == before


def test_named_encoding():
    p = tm.Project()
    doc = p.import_file(DATA / "undecodable.txt", encoding="latin-1")
    assert doc.text == "P4: café \x81 ok"
    with pytest.raises(tm.InvalidArgumentError, match="unknown encoding"):
        p.import_file(DATA / "undecodable.txt", name="x", encoding="klingon")


def test_import_files_all_or_nothing():
    p = tm.Project()
    before = dump(p)
    with pytest.raises(tm.FormatError, match="corrupt.docx"):
        p.import_files([DATA / "transcript.docx", DATA / "teams.vtt", DATA / "corrupt.docx"])
    assert dump(p) == before
    docs = p.import_files([DATA / "transcript.docx", DATA / "teams.vtt"])
    assert [d.name for d in docs] == ["transcript", "teams"]
    with pytest.raises(tm.ConflictError, match="already exists"):
        p.import_files([DATA / "zoom.vtt", DATA / "teams.vtt"])
    assert [d.name for d in p.documents] == ["transcript", "teams"]


# ----------------------------------------------------------------- tables ----

@pytest.mark.parametrize("source", ["survey.csv", "survey.xlsx", "frame"])
def test_import_table(source):
    if source == "frame":
        pd = pytest.importorskip("pandas")
        table = pd.read_csv(DATA / "survey.csv", dtype=str, keep_default_na=False)
    else:
        if source.endswith(".xlsx"):
            pytest.importorskip("openpyxl")
        table = DATA / source
    p = tm.Project()
    docs = p.import_table(table, text="answer", name="id", attributes=["age", "group", "joined"],
                          case="id")
    assert [d.name for d in docs] == ["R1", "R2", "R4"]  # R3's answer is empty.
    assert docs[0].text == "The peer worker was my bridge 😀."
    assert "cafe\u0301" in docs[1].text
    types = {a.name: a.type for a in p.attributes}
    assert types == {"age": "number", "group": "text", "joined": "date"}
    r1 = p.case("R1")
    assert docs[0].case_id == r1.id
    assert r1.attributes["age"] == 34
    assert r1.attributes["joined"] == datetime.date(2021, 3, 1)
    assert "age" not in p.case("R4").attributes  # Missing stays missing.


def test_import_table_type_override_and_errors():
    p = tm.Project()
    p.import_table(DATA / "survey.csv", attributes=["age"], types={"age": "text"})
    assert p.attribute("age").type == "text"
    assert p.case("R1").attributes["age"] == "34"
    q = tm.Project()
    before = dump(q)
    with pytest.raises(tm.InvalidArgumentError, match="no column 'score'.*survey.csv|survey.csv.*'score'"):
        q.import_table(DATA / "survey.csv", attributes=["score"])
    with pytest.raises(tm.InvalidArgumentError, match="unknown table type"):
        q.import_table(DATA / "notes.xyz")
    assert dump(q) == before


# --------------------------------------------------------- code by phrase ----

def study():
    p = tm.Project()
    doc = p.add_document("P4", "He said: “to be my voice” — and then,\n  to be my voice again… "
                               "Be my   voice!")
    voice = p.codebook.add_code("Voice")
    return p, doc, voice


def test_code_phrase_lenient_quotes_spaces_dashes():
    p, doc, voice = study()
    [e] = p.code(doc, '"to be my voice" - and then, to be', codes=[voice])
    assert e.text == "“to be my voice” — and then,\n  to be"
    [e2] = p.code(doc, "again...", codes=["Voice"])
    assert e2.text == "again…"


def test_code_phrase_ambiguous_lists_occurrences():
    p, doc, voice = study()
    with pytest.raises(tm.InvalidArgumentError) as info:
        p.code(doc, "to be my voice", codes=[voice])
    message = str(info.value)
    assert "occurs 2 times" in message and "1: [" in message and "2: [" in message
    assert len(p.excerpts()) == 0
    [second] = p.code(doc, "to be my voice", codes=[voice], occurrence=2)
    assert second.start == doc.text.index("to be my voice again") and second.text == "to be my voice"
    made = p.code(doc, "to be my voice", codes=[voice], occurrence="all")
    assert len(made) == 2


def test_code_phrase_case_fallback_and_not_found_shows_closest():
    p, doc, voice = study()
    [e] = p.code(doc, "BE MY VOICE!", codes=[voice])
    assert e.text == "Be my   voice!"
    with pytest.raises(tm.InvalidArgumentError, match="closest passage.*my voice"):
        p.code(doc, "be my vioce again", codes=[voice])
    with pytest.raises(tm.InvalidArgumentError, match="occurrence=5"):
        p.code(doc, "to be my voice", codes=[voice], occurrence=5)


def test_code_offsets_alias_and_code_turns():
    p = tm.Project()
    doc = p.import_file(DATA / "transcript.docx")
    voice = p.codebook.add_code("Voice")
    e = p.code(doc, 0, 11, codes=[voice])
    assert e.text == "Interviewer"
    made = p.code_turns(speaker="P4", codes=[voice])
    assert [x.text.split("\n")[0] for x in made] == [
        "She was my bridge 😀👍🏽 — she would be my voice.", "They listened to her. 谢谢."]
    with pytest.raises(tm.InvalidArgumentError, match="no speaker turn"):
        p.code_turns(speaker="P99", codes=[voice])


def test_example_transcripts_import_and_every_quote_codes_by_phrase():
    root = DATA.parents[2] / "examples" / "peer_support"
    study = json.loads((root / "study.json").read_text(encoding="utf-8"))
    p = tm.Project()
    files = sorted((root / "transcripts").glob("*.docx")) + sorted(
        (root / "transcripts").glob("*.vtt"))
    docs = p.import_files(files)
    quoted = {q["participant"] for q in study["quotes"] if q["participant"]}
    assert {d.name for d in docs} == quoted
    assert {c.name for c in p.cases} == quoted
    assert all(p.case(d.name).id == d.case_id for d in docs)
    assert all(t.start_ms is not None for t in p.document("P4").speaker_turns)
    code = p.codebook.add_code("Quoted")
    for q in study["quotes"]:
        if q["participant"]:
            # Caption cues split the quotes; the phrase still matches, exactly once.
            [e] = p.code(q["participant"], q["text"], codes=[code])
            assert " ".join(e.text.split()) == " ".join(q["text"].split())


def test_speaker_turn_times_by_hand():
    p = tm.Project()
    doc = p.add_document("d", "Hello there", speaker_turns=[
        tm.SpeakerTurn(0, 5, "", "P1", start_ms=1500, end_ms=2500), tm.SpeakerTurn(6, 11)])
    assert [(t.start_ms, t.end_ms) for t in doc.speaker_turns] == [(1500, 2500), (None, None)]
    q = tm.loads(tm.dumps(p, format="binary"), format="binary")
    assert q.document("d").speaker_turns == doc.speaker_turns
