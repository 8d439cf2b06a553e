"""The compact encoding of format 1.2 from Python: `format="compact"` on
save/dumps/loads, golden compact files of every version that has one, and
refusal of damaged compact files as FormatError (checked independently of
our reader with the protobuf runtime's own parser where it helps)."""
import json
import pathlib
import shutil
import subprocess

import pytest

import thematica as tm

ROOT = pathlib.Path(__file__).resolve().parents[2]
FORMATS = ROOT / "tests" / "data" / "formats"
GOLDEN_COMPACT = sorted(FORMATS.glob("v*/project.compact.thematica"))
MAGIC = b"\0thematica compact\n"


def golden():
    return tm.load(str(FORMATS / "v1.1" / "project.thematica"))


def test_every_version_from_one_two_has_a_compact_golden_file():
    v = json.loads(tm.dumps(tm.Project()))["format_version"]
    if (v["major"], v.get("minor", 0)) >= (1, 2):
        assert FORMATS / f"v{v['major']}.{v['minor']}" / "project.compact.thematica" in GOLDEN_COMPACT


@pytest.mark.parametrize("path", GOLDEN_COMPACT, ids=lambda p: p.parent.name)
def test_compact_golden_file_equals_the_record_golden_file(path, tmp_path):
    records = tm.load(str(path.parent / "project.thematica"))
    compact = tm.load(str(path))
    assert tm.dumps(compact) == tm.dumps(records)
    # Saved again compact by this version: the same bytes.
    compact.save(str(tmp_path / "again.thematica"), format="compact")
    assert (tmp_path / "again.thematica").read_bytes() == path.read_bytes()


def test_dumps_loads_and_save_in_compact_keep_everything(tmp_path):
    p = golden()
    data = tm.dumps(p, format="compact")
    assert isinstance(data, bytes) and data.startswith(MAGIC)
    assert tm.dumps(tm.loads(data, format="compact")) == tm.dumps(p)
    # Either binary reader reads either binary encoding.
    assert tm.dumps(tm.loads(data, format="binary")) == tm.dumps(p)
    assert tm.dumps(tm.loads(tm.dumps(p, format="binary"), format="compact")) == tm.dumps(p)
    p.save(str(tmp_path / "c.thematica"), format="compact")
    assert (tmp_path / "c.thematica").read_bytes() == data
    assert tm.dumps(tm.load(str(tmp_path / "c.thematica"))) == tm.dumps(p)
    # The default stays the record encoding.
    p.save(str(tmp_path / "r.thematica"))
    assert not (tmp_path / "r.thematica").read_bytes().startswith(MAGIC)


def test_compact_is_refused_for_json_files_and_unknown_formats_are_named(tmp_path):
    with pytest.raises(ValueError, match="use .json for json, .thematica for binary and compact"):
        golden().save(str(tmp_path / "c.json"), format="compact")
    with pytest.raises(ValueError, match='unknown format "columns"'):
        golden().save(str(tmp_path / "c.thematica"), format="columns")
    assert not list(tmp_path.iterdir())


def test_older_readers_refuse_a_compact_file_and_protoc_reads_it_after_the_prefix():
    # What a reader of format 1.1 does: parse the bytes as one protobuf
    # message. protoc (an independent protobuf implementation) stands in.
    if not shutil.which("protoc"):
        pytest.skip("protoc (Debian's protobuf-compiler) is not installed")
    data = tm.dumps(golden(), format="compact")
    decode = lambda b: subprocess.run(["protoc", "--decode_raw"], input=b, capture_output=True)
    assert decode(data).returncode != 0  # the zero byte is no valid field tag
    rest = decode(data[len(MAGIC):])
    assert rest.returncode == 0
    assert "Golden" in rest.stdout.decode("utf-8", "replace")


def test_truncated_compact_files_raise_format_error(tmp_path):
    data = tm.dumps(golden(), format="compact")
    for cut in [1, len(MAGIC), len(MAGIC) + 5, len(data) // 2, len(data) - 1]:
        path = tmp_path / f"cut{cut}.thematica"
        path.write_bytes(data[:cut])
        with pytest.raises(tm.FormatError, match="corrupt|truncated|no format_version"):
            tm.load(str(path))


def test_convert_writes_compact_on_request(tmp_path):
    source = FORMATS / "v1.1" / "project.thematica"
    out = subprocess.run(["thematica", "convert", str(source), str(tmp_path / "c.thematica"), "--compact"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "c.thematica").read_bytes().startswith(MAGIC)
    assert tm.dumps(tm.load(str(tmp_path / "c.thematica"))) == tm.dumps(golden())
    bad = subprocess.run(["thematica", "convert", str(source), str(tmp_path / "c.json"), "--compact"],
                         capture_output=True, text=True)
    assert bad.returncode != 0 and "--compact applies to a .thematica output" in bad.stderr
