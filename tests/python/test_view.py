"""thematica.open_view: a read-only view of a compact file whose texts stay in
the file. The oracle is thematica.load of the same file: every answer of the
view must be the loaded project's, and to_project() must be that project."""
import gc
import pathlib
import random

import pytest

import thematica as tm

ROOT = pathlib.Path(__file__).resolve().parents[2]
FORMATS = ROOT / "tests" / "data" / "formats"


def random_project(seed):
    rng = random.Random(seed)
    p = tm.Project(title="view ✓")
    cases = [p.add_case(f"P{i}") for i in range(4)]
    codes = []
    for i in range(15):
        parent = rng.choice(codes) if codes and rng.random() < 0.6 else None
        codes.append(p.codebook.add_code(f"c{i}", parent=parent))
    words = ["word ", "été ", "😀 ", "Straße\n", "日本語 "]
    docs = []
    for d in range(8):
        text = "".join(rng.choice(words) for _ in range(rng.randrange(0, 40)))
        docs.append(p.add_document(f"d{d}", text, case=rng.choice(cases + [None])))
    for _ in range(120):
        doc = rng.choice(docs)
        n = len(doc.text)
        if n < 2:
            continue
        start = rng.randrange(0, n - 1)
        end = rng.randrange(start + 1, n + 1)
        chosen = rng.sample(codes, rng.choice([1, 2]))
        p.add_excerpt(doc, start, end, codes=chosen)
    return p


@pytest.mark.parametrize("seed", range(6))
def test_view_answers_as_the_loaded_project(seed, tmp_path):
    path = str(tmp_path / "p.thematica")
    random_project(seed).save(path, format="compact")
    p = tm.load(path)
    v = tm.open_view(path)
    assert [(d.id, d.name, d.case_id or "") for d in v.documents] == [
        (d.id, d.name, d.case_id or "") for d in p.documents]
    for d in p.documents:
        assert v.text(d.id) == d.text
        assert v.text(d.name) == d.text
    assert [(c.id, c.name, c.parent_id or "") for c in v.codes] == [
        (c.id, c.name, c.parent_id or "") for c in p.codebook.codes]
    for code in p.codebook.codes:
        for descendants in (False, True):
            want = p.excerpts(code=code, include_descendants=descendants)
            got = v.excerpts(code=code.id, descendants=descendants)
            assert [e.id for e in got] == [e.id for e in want]
            # Oracle for the text: Python's own code-point slicing.
            assert [e.text for e in got] == [
                p.document(e.document_id).text[e.span.start:e.span.end] for e in want]
            assert [(e.start, e.end, e.code_ids, e.coder_id or "") for e in got] == [
                (e.span.start, e.span.end, list(e.code_ids), e.coder_id or "") for e in want]
    for descendants in (False, True):
        assert [(c.code_id, c.excerpts, c.documents, c.cases) for c in v.code_counts(descendants)] == [
            (c.code_id, c.excerpts, c.documents, c.cases) for c in p.code_counts(descendants)]
    assert tm.dumps(v.to_project()) == tm.dumps(p)
    v.validate()


def test_objects_keep_the_view_alive(tmp_path):
    path = str(tmp_path / "p.thematica")
    random_project(1).save(path, format="compact")
    expected = tm.load(path).documents[1].text
    doc = tm.open_view(path).documents[1]
    excerpts = tm.open_view(path).excerpts()
    gc.collect()
    assert doc.text == expected
    assert all(isinstance(e.text, str) for e in excerpts)


def test_golden_compact_file(tmp_path):
    path = str(FORMATS / "v1.2" / "project.compact.thematica")
    v, p = tm.open_view(path), tm.load(path)
    assert [d.text for d in v.documents] == [d.text for d in p.documents]
    assert tm.dumps(v.to_project()) == tm.dumps(p)


def test_other_encodings_are_refused_with_how_to_convert(tmp_path):
    p = random_project(2)
    p.save(str(tmp_path / "records.thematica"))
    p.save(str(tmp_path / "p.json"))
    for name in ("records.thematica", "p.json"):
        with pytest.raises(tm.InvalidArgumentError, match="--compact"):
            tm.open_view(str(tmp_path / name))
    with pytest.raises(FileNotFoundError):
        tm.open_view(str(tmp_path / "missing.thematica"))


def test_damaged_files_are_format_errors(tmp_path):
    path = tmp_path / "p.thematica"
    random_project(3).save(str(path), format="compact")
    data = path.read_bytes()
    last = max(i for i, d in enumerate(tm.load(str(path)).documents) if d.text)
    (tmp_path / "cut.thematica").write_bytes(data[: len(data) // 2])
    with pytest.raises(tm.FormatError):
        tm.open_view(str(tmp_path / "cut.thematica"))
    # The last text's last byte is no UTF-8: the view opens, that text does not read.
    (tmp_path / "bad.thematica").write_bytes(data[:-1] + b"\xff")
    v = tm.open_view(str(tmp_path / "bad.thematica"))
    with pytest.raises(tm.FormatError, match="text of document"):
        v.text(last)
    assert v.text(0) == tm.load(str(path)).documents[0].text or last == 0
    with pytest.raises(tm.FormatError):
        v.validate()


def test_unknown_code_and_document_raise_key_error(tmp_path):
    path = str(tmp_path / "p.thematica")
    random_project(4).save(path, format="compact")
    v = tm.open_view(path)
    with pytest.raises(KeyError):
        v.excerpts(code="no such code")
    with pytest.raises(KeyError):
        v.text("no such document")
    with pytest.raises(ValueError):
        v.text(len(v.documents))
