"""Saving and loading from Python: round trips, atomicity, corrupt files."""
import os

import pytest

import thematica as tm


def make():
    p = tm.Project(title="Étude 😀")
    p.set_id_seed(1)
    case = p.add_case("P1", attributes={"role": "patient", "age": 30.5})
    doc = p.add_document("d", "“quoted” \"json\" {braces} \\ 😀 end", case=case)
    code = p.codebook.add_code("C", description="def", inclusion="inc", color="#fff")
    p.add_excerpt(doc, 1, 7, codes=[code], memo="m")
    p.add_theme("T", codes=[code])
    return p


@pytest.mark.parametrize("name", ["p.thematica", "p.json"])
def test_round_trip_is_lossless(tmp_path, name):
    p = make()
    path = tmp_path / name
    p.save(str(path))
    q = tm.load(str(path))
    assert tm.dumps(q, format="binary") == tm.dumps(p, format="binary")
    assert q.excerpts()[0].text == "quoted"
    assert q.case("P1").attributes == {"role": "patient", "age": 30.5}
    # Saving the loaded project again gives the same bytes.
    again = tmp_path / ("again" + os.path.splitext(name)[1])
    q.save(str(again))
    assert again.read_bytes() == path.read_bytes()


def test_dumps_and_loads():
    p = make()
    assert isinstance(tm.dumps(p, format="binary"), bytes)
    assert tm.dumps(tm.loads(tm.dumps(p))) == tm.dumps(p)
    assert tm.dumps(tm.loads(tm.dumps(p, format="binary"), format="binary")) == tm.dumps(p)
    with pytest.raises(ValueError, match='unknown format "xml"'):
        tm.dumps(p, format="xml")


def test_truncated_and_corrupt_files_raise_format_error(tmp_path):
    data = tm.dumps(make(), format="binary")
    path = tmp_path / "cut.thematica"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(tm.FormatError, match="corrupt or truncated"):
        tm.load(str(path))
    path.write_bytes(b"\xff\xfe garbage")
    with pytest.raises(ValueError, match="corrupt or truncated"):
        tm.load(str(path))
    bad_json = tmp_path / "bad.json"
    bad_json.write_text('{"format_version": {"major": 1}, "documents": [ {"name": ', encoding="utf-8")
    with pytest.raises(tm.FormatError, match="not a valid Thematica JSON project"):
        tm.load(str(bad_json))


def test_newer_major_version_is_refused(tmp_path):
    path = tmp_path / "future.json"
    path.write_text('{"format_version": {"major": 9, "minor": 1}}', encoding="utf-8")
    with pytest.raises(tm.ConflictError, match="the file is in Thematica format 9.1"):
        tm.load(str(path))


def test_broken_references_list_every_problem(tmp_path):
    import json
    data = json.loads(tm.dumps(make()))
    data["codes"][0]["color"] = "blue"
    data["excerpts"][0]["code_ids"] = ["11111111-1111-4111-8111-111111111111"]
    data["themes"][0]["parent_id"] = data["themes"][0]["id"]
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(tm.InvalidArgumentError) as info:
        tm.load(str(path))
    message = str(info.value)
    assert "invalid project (3 problems)" in message
    assert 'invalid colour "blue"' in message
    assert "code 11111111-1111-4111-8111-111111111111 not found" in message
    assert "its parents form a cycle" in message


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="cannot open"):
        tm.load(str(tmp_path / "nope.thematica"))
    with pytest.raises(FileNotFoundError):
        make().save(str(tmp_path / "no" / "such" / "dir.thematica"))
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ValueError, match="expected .thematica or .json"):
        make().save(str(tmp_path / "x.txt"))


def test_failed_save_keeps_the_old_file(tmp_path):
    path = tmp_path / "keep.json"
    make().save(str(path))
    before = path.read_bytes()
    # A folder where the file should be replaced cannot be written over.
    target = tmp_path / "dir.json"
    target.mkdir()
    with pytest.raises(OSError):
        make().save(str(target))
    assert path.read_bytes() == before
    assert sorted(x.name for x in tmp_path.iterdir()) == ["dir.json", "keep.json"]


def test_cli_on_saved_files(tmp_path):
    import json
    import subprocess
    path = tmp_path / "p.thematica"
    make().save(str(path))
    out = subprocess.run(["thematica", "info", str(path), "--json"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    counts = json.loads(out.stdout)
    assert {k: counts[k] for k in ["documents", "cases", "codes", "excerpts", "themes", "relations",
                                   "coders", "memos"]} == {
        "documents": 1, "cases": 1, "codes": 1, "excerpts": 1, "themes": 1, "relations": 0,
        "coders": 0, "memos": 1}
    converted = tmp_path / "p.json"
    assert subprocess.run(["thematica", "convert", str(path), str(converted)]).returncode == 0
    assert tm.dumps(tm.load(str(converted))) == tm.dumps(tm.load(str(path)))
    assert subprocess.run(["thematica", "validate", str(converted)], capture_output=True).returncode == 0
    broken = tmp_path / "broken.json"
    broken.write_text(converted.read_text(encoding="utf-8").replace('"start": "1"', '"start": "-4"'),
                      encoding="utf-8")
    bad = subprocess.run(["thematica", "validate", str(broken)], capture_output=True, text=True)
    assert bad.returncode == 1 and "range [-4, 7) outside" in bad.stderr
    usage = subprocess.run(["thematica", "info"], capture_output=True, text=True)
    assert usage.returncode == 2 and "usage: thematica info FILE" in usage.stderr


def test_cli_converts_through_refi_qda_and_back(tmp_path):
    import json
    import subprocess
    path = tmp_path / "p.thematica"
    p = make()
    p.add_coder("Ana")
    p.save(str(path))
    qdpx = tmp_path / "p.qdpx"
    assert subprocess.run(["thematica", "convert", str(path), str(qdpx)], capture_output=True).returncode == 0
    back = tmp_path / "back.json"
    converted = subprocess.run(["thematica", "convert", str(qdpx), str(back)], capture_output=True, text=True)
    assert converted.returncode == 0, converted.stderr
    counts = lambda f: json.loads(subprocess.run(["thematica", "info", str(f), "--json"],
                                                 capture_output=True, text=True).stdout)
    before, after = counts(path), counts(back)
    for key in ["documents", "cases", "codes", "excerpts", "themes", "coders"]:
        assert before[key] == after[key], key
    assert tm.load(str(back)).excerpts()[0].text == "quoted"
    unknown = subprocess.run(["thematica", "convert", str(path), str(tmp_path / "x.docx")],
                             capture_output=True, text=True)
    assert unknown.returncode == 1 and "expected .thematica, .json, .qdpx or .qdc" in unknown.stderr
