"""The `thematica` command line: help and usage errors per command, the
version, listing commands and table formats on the example study, "did you
mean", autocode --dry-run, terminal tables, every format for every command."""
import csv
import io
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

import thematica as tm

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "peer_support"

pytestmark = pytest.mark.skipif(shutil.which("thematica") is None, reason="the thematica CLI is not on PATH")


def run(*args, **kwargs):
    return subprocess.run(["thematica", *map(str, args)], capture_output=True, text=True, **kwargs)


# Each command with flags its help must list (the README and the Python
# keywords name them).
FLAGS = {
    "add-code": ["--description"],
    "agreement": ["--coders", "--method", "--codes", "--min-overlap", "--per-document", "--disagreements",
                  "--format", "--out", "--csv", "--json"],
    "autocode": ["--code", "--scope", "--coder", "--regex", "--case-sensitive", "--accent-sensitive",
                 "--no-accent-sensitive", "--dry-run", "--in-place", "--out", "--format"],
    "cases": ["--format", "--out"],
    "code": ["--code", "--coder", "--occurrence"],
    "codes": ["--format", "--out"],
    "combine": ["--output"],
    "convert": ["--target", "--compact"],
    "copy-for": ["--coder", "--documents", "--not-blind", "--output"],
    "crosswalk": ["--csv", "--min-score"],
    "cooccurrence": ["--unit", "--measure", "--format", "--out"],
    "crosstab": ["--attribute", "--unit", "--include-descendants", "--format", "--out"],
    "diff": ["--textconv", "--format", "--out", "--csv", "--json"],
    "documents": ["--format", "--out"],
    "import": ["--speakers", "--case", "--interviewer", "--encoding", "--no-create-cases"],
    "import-table": ["--text", "--name", "--attributes", "--case-column", "--types", "--encoding"],
    "info": ["--format", "--json"],
    "merge": ["--out", "--resolve"],
    "merge-driver": [],
    "new": ["--title"],
    "query": ["--include-descendants", "--attribute", "--context", "--format", "--out"],
    "quotes": ["--theme", "--code", "--attribute", "--include-descendants", "--format", "--out"],
    "report": ["--out", "--attribute", "--max-quotes"],
    "saturation": ["--order", "--format", "--out"],
    "serve": ["--port", "--open", "--host", "--allow-remote"],
    "search": ["--regex", "--case-sensitive", "--accent-sensitive", "--context", "--format", "--out"],
    "themes": ["--format", "--out"],
    "validate": [],
    "suggest": ["--code", "--method", "--unit", "--seed", "--document", "--option", "--coder"],
    "runs": [],
    "accept": ["--min-score", "--coder"],
    "validate-run": ["--coder", "--format"],
    "words": ["--by", "--top", "--stopwords", "--format", "--out"],
}


def listed_commands():
    out = run("--help")
    assert out.returncode == 0, out.stderr
    section = out.stdout.split("Subcommands:", 1)[1]
    return re.findall(r"^  (\S+) ", section, re.M)


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    sys.path.insert(0, str(EXAMPLE))
    import peer_support
    data = json.loads((EXAMPLE / "study.json").read_text(encoding="utf-8"))
    path = tmp_path_factory.mktemp("study") / "study.thematica"
    peer_support.build(data).save(str(path))
    return path, data


def test_every_command_has_help_with_its_flags_and_an_example():
    commands = listed_commands()
    assert sorted(commands) == sorted(FLAGS)
    for command in commands:
        for flag in ("-h", "--help"):
            out = run(command, flag)
            assert out.returncode == 0, (command, out.stderr)
            assert f"thematica {command}" in out.stdout and "Example:" in out.stdout, command
            for name in FLAGS[command]:
                assert re.search(rf"{re.escape(name)}\b", out.stdout), (command, name)


def test_tool_help_and_no_command():
    for flag in ("-h", "--help"):
        out = run(flag)
        assert out.returncode == 0 and "report" in out.stdout and "Subcommands:" in out.stdout
    bare = run()
    assert bare.returncode == 2 and "Subcommands:" in bare.stderr


def test_unknown_or_misplaced_flags_exit_2(study):
    path, _ = study
    cases = [
        ("search", path, "x", "--unit", "cases"),  # crosstab's flag
        ("search", path, "x", "--title", "T"),      # new's flag
        ("info", path, "--bogus"),
        ("codes", path, "--attribute", "role"),
        ("--bogus",),
        ("no-such-command",),
        ("words", path, "--by", "paragraph"),       # not among the choices
        ("info",),                                   # FILE missing
        ("validate", path, path),                    # one FILE too many
    ]
    for args in cases:
        out = run(*args)
        assert out.returncode == 2, (args, out.stdout, out.stderr)
        assert out.stdout == "", args
    before = path.read_bytes()
    assert run("autocode", path, "trust", "--code", "Credibility", "--bogus").returncode == 2
    assert path.read_bytes() == before
    missing = run("info")
    assert "usage: thematica info FILE" in missing.stderr


def test_version_is_the_projects():
    out = run("--version")
    assert out.returncode == 0
    # The first line is the version; the second says whether AI-assisted coding is on.
    version, ai_line = out.stdout.strip().splitlines()
    assert ai_line in ("AI-assisted coding: enabled",) or ai_line.startswith("AI-assisted coding: off (")
    assert "Debug" not in out.stdout and re.fullmatch(r"\d+\.\d+\.\d+", version)
    assert version == tm.__version__
    cmake = (ROOT / "CMakeLists.txt").read_text(encoding="utf-8")
    assert re.search(r"project\(thematica VERSION (\S+)", cmake).group(1) == version
    # The wheel's version comes from the same line (scikit-build-core's regex provider).
    tomllib = pytest.importorskip("tomllib", reason="tomllib is Python 3.11+")
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" in pyproject["project"]["dynamic"] and "version" not in pyproject["project"]
    source = pyproject["tool"]["scikit-build"]["metadata"]["version"]
    assert source["input"] == "CMakeLists.txt"
    assert re.search(source["regex"], cmake).group("value") == version


def json_of(*args):
    out = run(*args, "--format", "json")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_listing_commands_on_the_example_study(study):
    path, data = study
    codes = json_of("codes", path)
    paths = {r["code"] for r in codes}
    expected = {c["name"] for c in data["codebook"]} | {
        f'{c["name"]}/{k["name"]}' for c in data["codebook"] for k in c.get("children", [])}
    assert paths == expected
    trust = next(r for r in codes if r["code"] == "Trust/Rebuilding trust")
    n = sum("Rebuilding trust" in q["codes"] for q in data["quotes"])
    assert trust["excerpts"] == n > 0

    themes = {r["theme"]: r for r in json_of("themes", path)}
    assert themes["Advocacy"]["parent"] == "Functions of the bridge"
    assert "Functions/Speaking up for patients" in themes["Advocacy"]["codes"]

    cases = {r["case"]: r for r in json_of("cases", path)}
    assert {name: r["role"] for name, r in cases.items()} == {p["name"]: p["role"] for p in data["participants"]}

    documents = json_of("documents", path)
    assert len(documents) == len(tm.load(str(path)).documents)
    assert sum(r["excerpts"] for r in documents) == len(data["quotes"])


def test_quotes_of_a_theme_with_their_attribution(study):
    path, data = study
    role = {p["name"]: p["role"] for p in data["participants"]}
    advocacy = next(t for top in data["themes"] for t in top.get("children", top.get("subthemes", []))
                    if t["name"] == "Advocacy")
    expected = sorted((q["text"], f'({q["participant"]}, {role[q["participant"]]})') for q in data["quotes"]
                      if set(q["codes"]) & set(advocacy["codes"]))
    rows = json_of("quotes", path, "--theme", "Advocacy", "--attribute", "role")
    assert sorted((r["quote"], r["attribution"]) for r in rows) == expected
    assert ("be my voice", "(P4, patient)") in expected
    text = run("quotes", path, "--theme", "Advocacy", "--attribute", "role")
    assert text.returncode == 0 and "(P4, patient)" in text.stdout
    trust = json_of("quotes", path, "--code", "Trust", "--attribute", "role")
    assert sorted(r["quote"] for r in trust) == sorted(
        q["text"] for q in data["quotes"]
        if set(q["codes"]) & {k["name"] for c in data["codebook"] if c["name"] == "Trust" for k in c["children"]})
    assert json_of("quotes", path, "--code", "Trust", "--no-include-descendants") == []
    plain = json_of("quotes", path, "--theme", "Advocacy")
    assert {r["attribution"] for r in plain} == {f"({q['participant']})" for q in data["quotes"]
                                                 if set(q["codes"]) & set(advocacy["codes"])}


def test_formats_agree_and_out_writes_a_file(study, tmp_path):
    path, _ = study
    for command in (["crosstab", path, "--attribute", "role"], ["cooccurrence", path],
                    ["words", path, "--top", "5"], ["saturation", path], ["search", path, "bridge"],
                    ["codes", path], ["cases", path]):
        rows = json_of(*command)
        assert rows, command
        via_csv = list(csv.DictReader(io.StringIO(run(*command, "--format", "csv").stdout)))
        assert via_csv == list(csv.DictReader(io.StringIO(run(*command, "--csv").stdout)))
        assert [list(r) for r in rows] == [list(r) for r in via_csv]
        assert [{k: str(v) for k, v in r.items()} for r in rows] == via_csv
        assert json.loads(run(*command, "--json").stdout) == rows
    out = tmp_path / "codes.json"
    assert run("codes", path, "--out", out).returncode == 0
    assert json.loads(out.read_text(encoding="utf-8")) == json_of("codes", path)
    text = tmp_path / "codes.txt"
    assert run("codes", path, "--out", text, "--format", "csv").returncode == 0
    assert text.read_text(encoding="utf-8").startswith("code,description,")
    assert run("crosstab", path, "--attribute", "role", "--format", "xml").returncode == 2


def test_readme_query_with_themes_works(study):
    path, _ = study
    out = run("query", path, 'Advocacy AND "Rebuilding trust"', "--attribute_filter", "role=patient")
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[:3] == ["document", "start", "end"]
    either = json_of("query", path, 'Advocacy OR "Rebuilding trust"', "--attribute", "role=patient")
    assert either and {r["document"] for r in either} <= {"P1", "P2", "P3", "P4", "P5", "P6", "P7"}


def test_did_you_mean(study):
    path, _ = study
    checks = [
        (("query", path, 'Advocasy AND "Rebuilding trust"'), 'did you mean "Advocacy"'),
        (("quotes", path, "--theme", "Advocasy"), 'did you mean "Advocacy"'),
        (("quotes", path, "--theme", "Advocacy", "--attribute", "rol"), 'did you mean "role"'),
        (("crosstab", path, "--attribute", "roles"), 'did you mean "role"'),
        (("autocode", path, "trust", "--code", "Credibilty", "--dry-run"), 'did you mean "Credibility"'),
        (("autocode", path, "trust", "--code", "Credibility", "--coder", "Study tem", "--dry-run"),
         'did you mean "Study team"'),
        (("agreement", path, "--coders", "Study tem,Study team"), 'did you mean "Study team"'),
        (("code", path, "P4", "be my voice", "--code", "Speaking up for patient"),
         'did you mean "Speaking up for patients"'),
    ]
    for args, message in checks:
        out = run(*args)
        assert out.returncode == 1 and message in out.stderr, (args, out.stderr)
    far = run("quotes", path, "--theme", "Zzzzzzzzzz")
    assert far.returncode == 1 and "did you mean" not in far.stderr and "the study has: Advocacy" in far.stderr


def test_autocode_dry_run_in_place_and_out(study, tmp_path):
    path = tmp_path / "study.thematica"
    shutil.copy(study[0], path)
    before = path.read_bytes()
    dry = run("autocode", path, "trust", "--code", "Credibility", "--scope", "sentence", "--dry-run",
              "--format", "json")
    assert dry.returncode == 0, dry.stderr
    rows = json.loads(dry.stdout)
    assert rows and all("trust" in r["text"].lower() and r["code"] == "Trust/Credibility" for r in rows)
    assert "nothing written" in dry.stderr
    assert path.read_bytes() == before
    assert run("autocode", path, "trust", "--code", "Credibility").returncode == 2  # Where to write?
    assert run("autocode", path, "trust", "--code", "Credibility", "--dry-run", "--in-place").returncode == 2
    assert path.read_bytes() == before
    n = len(tm.load(str(path)).excerpts())
    out = tmp_path / "coded.json"
    assert run("autocode", path, "trust", "--code", "Credibility", "--scope", "sentence", "--out", out).returncode == 0
    assert path.read_bytes() == before and len(tm.load(str(out)).excerpts()) == n + len(rows)
    assert run("autocode", path, "trust", "--code", "Credibility", "--scope", "sentence",
               "--in-place").returncode == 0
    assert len(tm.load(str(path)).excerpts()) == n + len(rows)


def on_terminal(argv, stream, **env):
    """Runs argv with `stream` ("stdout" or "stderr") on a pseudo-terminal;
    returns the process and what it wrote there."""
    import pty
    primary, secondary = pty.openpty()
    other = "stderr" if stream == "stdout" else "stdout"
    child = subprocess.run(argv, **{stream: secondary, other: subprocess.PIPE}, env={**os.environ, **env})
    os.close(secondary)
    output = b""
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # EIO once the child's side is closed and drained.
            break
        if not chunk:
            break
        output += chunk
    os.close(primary)
    return child, output.decode("utf-8")


def test_terminal_tables_stay_one_line_per_row_and_fit(tmp_path):
    p = tm.Project()
    d = p.add_document("doc", "first line\nsecond line " + "long " * 40 + "end")
    p.codebook.add_code("A")
    p.add_excerpt(d, 0, len(d.text), codes=["A"])
    path = tmp_path / "p.thematica"
    p.save(str(path))
    child, output = on_terminal(["thematica", "quotes", str(path)], "stdout", COLUMNS="60")
    assert child.returncode == 0, child.stderr
    lines = output.replace("\r\n", "\n").strip("\n").split("\n")
    assert len(lines) == 2  # The header and one row, the cell's line break shown as ⏎.
    assert "first line⏎second line" in lines[1] and "…" in lines[1]
    assert all(len(line) <= 60 for line in lines)
    piped = run("quotes", path, env={**os.environ, "COLUMNS": "60"})  # Not a terminal: nothing cut.
    assert "end" in piped.stdout and "…" not in piped.stdout and "⏎" in piped.stdout
    assert "first line\nsecond" in json.loads(run("quotes", path, "--format", "json").stdout)[0]["quote"]


def test_agreement_and_validate_read_every_format(tmp_path):
    p = tm.Project()
    for name in ("Ana", "Ben"):
        p.add_coder(name)
    d = p.add_document("d", "abcdefghij")
    p.codebook.add_code("X")
    p.add_excerpt(d, 0, 5, codes=["X"], coder="Ana")
    p.add_excerpt(d, 3, 8, codes=["X"], coder="Ben")
    native = tmp_path / "p.thematica"
    p.save(str(native))
    expected = run("agreement", native, "--coders", "Ana,Ben", "--format", "json")
    assert expected.returncode == 0, expected.stderr
    for ext in ("json", "qdpx"):
        other = tmp_path / f"p.{ext}"
        assert run("convert", native, other).returncode == 0
        out = run("agreement", other, "--coders", "Ana,Ben", "--format", "json")
        assert out.returncode == 0, out.stderr
        assert json.loads(out.stdout) == json.loads(expected.stdout)
        valid = run("validate", other)
        assert valid.returncode == 0 and "valid" in valid.stdout, valid.stderr
    broken = tmp_path / "broken.qdpx"
    broken.write_bytes(b"not a zip")
    bad = run("validate", broken)
    assert bad.returncode == 1 and "broken.qdpx" in bad.stderr


def test_progress_bar_on_a_terminal_only(study, tmp_path):
    path, _ = study
    child, shown = on_terminal(["thematica", "convert", str(path), str(tmp_path / "s.json")], "stderr")
    assert child.returncode == 0 and "] 2/2" in shown and "#" * 30 in shown
    piped = run("convert", path, tmp_path / "t.json")
    assert piped.returncode == 0 and "2/2" not in piped.stderr
    transcripts = sorted((EXAMPLE / "transcripts").glob("*.docx"))[:3]
    child, shown = on_terminal(["thematica", "import", str(tmp_path / "new.thematica"), *map(str, transcripts)],
                               "stderr")
    assert child.returncode == 0 and "] 1/3" in shown and "] 3/3" in shown
