"""Format evolution: golden files of every version load into what today's API
builds, round-trip without loss, and a file of a newer minor version keeps
every field this version does not know — checked with protoc, an independent
reader and writer of the protobuf encoding, and with Python's json."""
import hashlib
import importlib.util
import json
import pathlib
import re
import shutil
import subprocess

import pytest

import thematica as tm

ROOT = pathlib.Path(__file__).resolve().parents[2]
FORMATS = ROOT / "tests" / "data" / "formats"
FUTURE = FORMATS / "future"
VERSIONS = sorted(p.name[1:] for p in FORMATS.glob("v*") if p.is_dir())

spec = importlib.util.spec_from_file_location("golden_project", FORMATS / "golden_project.py")
golden_project = importlib.util.module_from_spec(spec)
spec.loader.exec_module(golden_project)


def current_version():
    v = json.loads(tm.dumps(tm.Project()))["format_version"]
    return f"{v.get('major', 0)}.{v.get('minor', 0)}"


def protoc_decode(data):
    if not shutil.which("protoc"):
        pytest.skip("protoc (Debian's protobuf-compiler) is not installed")
    out = subprocess.run(["protoc", f"-I{FUTURE}", "-I/usr/include", "--decode=thematica.v1.Project",
                          str(FUTURE / "thematica.proto")], input=data, capture_output=True, check=True)
    # Our saves say our version; everything else must be the same.
    return re.sub(r"format_version \{[^}]*\}", "format_version {}", out.stdout.decode("utf-8"), count=1)


def without_version(data):
    return {k: v for k, v in data.items() if k != "format_version"}


def test_there_is_a_golden_file_for_every_version_up_to_this_one():
    assert current_version() in VERSIONS, f"add golden files: golden_project.py {current_version()}"
    assert "1.0" in VERSIONS


def test_the_schema_has_not_changed_without_a_new_version():
    manifest = json.loads((FORMATS / "manifest.json").read_text(encoding="utf-8"))
    proto = (ROOT / "proto" / "thematica" / "v1" / "thematica.proto").read_bytes()
    assert manifest[current_version()]["proto_sha256"] == hashlib.sha256(proto).hexdigest(), (
        "thematica.proto changed: bump the minor version, add golden files "
        "(tests/data/formats/golden_project.py) and record the new hash in manifest.json")


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("ext", ["thematica", "json"])
def test_golden_file_loads_as_todays_api_builds_it(version, ext):
    loaded = tm.load(str(FORMATS / f"v{version}" / f"project.{ext}"))
    expected = golden_project.build(version)
    assert tm.dumps(loaded) == tm.dumps(expected)
    assert loaded.validate() == []


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("ext", ["thematica", "json"])
def test_golden_file_survives_save_and_reload(version, ext, tmp_path):
    loaded = tm.load(str(FORMATS / f"v{version}" / f"project.{ext}"))
    loaded.save(str(tmp_path / f"again.{ext}"))
    again = tm.load(str(tmp_path / f"again.{ext}"))
    assert tm.dumps(again) == tm.dumps(loaded)
    if version == current_version():
        # Written by this version: saving it again gives the same bytes.
        assert (tmp_path / f"again.{ext}").read_bytes() == (FORMATS / f"v{version}" / f"project.{ext}").read_bytes()


def test_future_minor_binary_keeps_every_unknown_field(tmp_path):
    original = (FUTURE / "project.thematica").read_bytes()
    decoded = protoc_decode(original)
    for field in ["future_note", "future_things", "future_code_field", "future_value_note",
                  "future_block", "future_turn_field", "future_span_field: 11",
                  "future_span_field: 22", "future_tags"]:
        assert field in decoded
    project = tm.load(str(FUTURE / "project.thematica"))
    project.save(str(tmp_path / "saved.thematica"))
    assert protoc_decode((tmp_path / "saved.thematica").read_bytes()) == decoded


def test_future_minor_json_keeps_every_unknown_member(tmp_path):
    original = json.loads((FUTURE / "project.json").read_text(encoding="utf-8"))
    project = tm.load(str(FUTURE / "project.json"))
    project.save(str(tmp_path / "saved.json"))
    saved = json.loads((tmp_path / "saved.json").read_text(encoding="utf-8"))
    assert without_version(saved) == without_version(original)
    assert saved["future_things"][0]["child"]["name"] == "inner ✓"


def test_future_minor_survives_conversion_between_encodings(tmp_path):
    # binary → JSON → binary and JSON → binary → JSON, with this version.
    decoded = protoc_decode((FUTURE / "project.thematica").read_bytes())
    tm.load(str(FUTURE / "project.thematica")).save(str(tmp_path / "a.json"))
    tm.load(str(tmp_path / "a.json")).save(str(tmp_path / "a.thematica"))
    assert protoc_decode((tmp_path / "a.thematica").read_bytes()) == decoded
    original = json.loads((FUTURE / "project.json").read_text(encoding="utf-8"))
    tm.load(str(FUTURE / "project.json")).save(str(tmp_path / "b.thematica"))
    tm.load(str(tmp_path / "b.thematica")).save(str(tmp_path / "b.json"))
    assert without_version(json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))) == \
        without_version(original)


def test_future_minor_loads_the_fields_this_version_knows():
    project = tm.load(str(FUTURE / "project.thematica"))
    expected = tm.load(str(FORMATS / f"v{VERSIONS[-1]}" / "project.thematica"))
    assert [c.name for c in project.codebook.codes] == [c.name for c in expected.codebook.codes]
    assert [e.text for e in project.excerpts()] == [e.text for e in expected.excerpts()]


def test_a_newer_major_version_is_refused_naming_both_versions(tmp_path):
    data = json.loads((FORMATS / f"v{VERSIONS[-1]}" / "project.json").read_text(encoding="utf-8"))
    data["format_version"] = {"major": 2, "minor": 3}
    (tmp_path / "next.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(tm.Error) as e:
        tm.load(str(tmp_path / "next.json"))
    major = current_version().split(".")[0]
    assert "2.3" in str(e.value) and f"format {major}.x" in str(e.value)
