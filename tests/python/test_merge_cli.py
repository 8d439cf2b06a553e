"""`thematica diff`, `thematica merge` and `thematica merge-driver` on files,
and a real `git merge` of two branches that changed one study with the
merge driver and the textconv configured as the README shows."""
from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess

import pytest

import thematica as tm

from test_merge import fork, make_base

pytestmark = pytest.mark.skipif(shutil.which("thematica") is None, reason="the thematica CLI is not on PATH")


def run(*args, **kwargs):
    return subprocess.run(["thematica", *map(str, args)], capture_output=True, text=True, **kwargs)


@pytest.fixture
def sides(tmp_path):
    base = make_base()
    ours, theirs = fork(base, 2), fork(base, 3)
    ours.codebook.rename(ours.codebook.find("C1"), "Listening")
    theirs.set_case_attribute(theirs.cases[0], "role", "carer")
    paths = {}
    for name, p in [("base", base), ("ours", ours), ("theirs", theirs)]:
        paths[name] = tmp_path / f"{name}.thematica"
        p.save(str(paths[name]))
    return paths


def test_diff_text_csv_json(sides, tmp_path):
    r = run("diff", sides["base"], sides["ours"])
    assert r.returncode == 0, r.stderr
    assert "code renamed: Listening: C1 → Listening" in r.stdout
    r = run("diff", sides["base"], sides["theirs"], "--csv")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [(x["kind"], x["change"], x["field"], x["before"], x["after"]) for x in rows] == [
        ("case", "changed", "attribute:role", "patient", "carer")]
    # Any project format: the same diff from a .qdpx export.
    qdpx = tmp_path / "ours.qdpx"
    assert run("convert", sides["ours"], qdpx).returncode == 0
    r = run("diff", sides["ours"], qdpx, "--json")
    assert r.returncode == 0, r.stderr
    assert isinstance(json.loads(r.stdout), list)


def test_diff_textconv(sides):
    r = run("diff", "--textconv", sides["ours"])
    assert r.returncode == 0, r.stderr
    assert "code Listening" in r.stdout.splitlines()
    assert "  | I felt \U0001F600 heard by my peer worker." in r.stdout


def test_merge_clean_and_with_conflicts(sides, tmp_path):
    out = tmp_path / "merged.json"
    r = run("merge", sides["base"], sides["ours"], sides["theirs"], "-o", out)
    assert r.returncode == 0, r.stdout + r.stderr
    merged = tm.load(str(out))
    assert merged.codebook.find("Listening")
    assert merged.cases[0].attributes["role"] == "carer"
    # Both set the attribute: a conflict, reported, with ours' value by default.
    ours = tm.load(str(sides["ours"]))
    ours.set_case_attribute(ours.cases[0], "role", "nurse")
    ours.save(str(sides["ours"]))
    r = run("merge", sides["base"], sides["ours"], sides["theirs"], "-o", out)
    assert r.returncode == 1
    assert "CONFLICT (attribute_value)" in r.stdout
    assert tm.load(str(out)).cases[0].attributes["role"] == "nurse"
    key = next(line.split()[1].rstrip(";") for line in r.stdout.splitlines() if line.startswith("  key "))
    r = run("merge", sides["base"], sides["ours"], sides["theirs"], "-o", out, "--resolve", f"{key}=theirs")
    assert r.returncode == 1  # Still reported, now resolved.
    assert "resolved: theirs" in r.stdout
    assert tm.load(str(out)).cases[0].attributes["role"] == "carer"


def test_merge_driver_sniffs_temp_files(sides, tmp_path):
    # git passes names without the extension; %A is JSON here.
    names = {}
    for name in ("base", "ours", "theirs"):
        names[name] = tmp_path / f".merge_file_{name}"
        tm.load(str(sides[name])).save(str(tmp_path / f"{name}.json"))
        shutil.copy(tmp_path / f"{name}.json", names[name])
    r = run("merge-driver", names["base"], names["ours"], names["theirs"])
    assert r.returncode == 0, r.stderr
    text = names["ours"].read_text(encoding="utf-8")
    assert text.lstrip().startswith("{")
    merged = tm.loads(text, format="json")
    assert merged.codebook.find("Listening")
    assert merged.cases[0].attributes["role"] == "carer"
    r = run("merge-driver", names["base"], tmp_path / "missing", names["theirs"])
    assert r.returncode == 1 and "missing" in r.stderr


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_merge_of_two_branches_uses_the_driver(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()

    def git(*args, check=True):
        r = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)
        if check:
            assert r.returncode == 0, r.stdout + r.stderr
        return r

    git("init", "-q", "-b", "main")
    git("config", "user.email", "test@example.org")
    git("config", "user.name", "Test")
    git("config", "merge.thematica.name", "Thematica three-way merge")
    git("config", "merge.thematica.driver", "thematica merge-driver %O %A %B")
    git("config", "diff.thematica.textconv", "thematica diff --textconv")
    (repo / ".gitattributes").write_text("*.thematica merge=thematica diff=thematica\n"
                                         "*.json merge=thematica diff=thematica\n")
    study = repo / "study.thematica"
    base = make_base()
    base.save(str(study))
    git("add", ".")
    git("commit", "-q", "-m", "base")
    git("checkout", "-q", "-b", "ana")
    p = tm.load(str(study))
    p.codebook.rename(p.codebook.find("C1"), "Listening")
    p.save(str(study))
    git("commit", "-q", "-am", "ana renames C1")
    # git diff shows the change through the textconv.
    shown = git("diff", "HEAD~1", "--", "study.thematica").stdout
    assert "-code C1" in shown and "+code Listening" in shown
    git("checkout", "-q", "main")
    p = tm.load(str(study))
    p.set_case_attribute(p.cases[0], "role", "carer")
    p.save(str(study))
    git("commit", "-q", "-am", "main sets a role")
    r = git("merge", "-q", "--no-edit", "ana", check=False)
    assert r.returncode == 0, r.stdout + r.stderr
    merged = tm.load(str(study))
    assert merged.codebook.find("Listening")
    assert merged.cases[0].attributes["role"] == "carer"

    # Both branches set the same attribute differently: git reports a conflict,
    # and the file holds the default resolution (ours), still a valid project.
    git("checkout", "-q", "-b", "ben")
    p = tm.load(str(study))
    p.set_case_attribute(p.cases[1], "role", "nurse")
    p.save(str(study))
    git("commit", "-q", "-am", "ben")
    git("checkout", "-q", "main")
    p = tm.load(str(study))
    p.set_case_attribute(p.cases[1], "role", "doctor")
    p.save(str(study))
    git("commit", "-q", "-am", "main")
    r = git("merge", "-q", "--no-edit", "ben", check=False)
    assert r.returncode != 0
    assert "CONFLICT (attribute_value)" in r.stdout + r.stderr
    assert tm.load(str(study)).cases[1].attributes["role"] == "doctor"
