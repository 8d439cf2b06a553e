"""One rule for names everywhere (thematica/resolve.h): the Python API and
the command line find objects the same way — id, then path, then a name only
one object has — and explain a shared name or a miss the same way."""
import subprocess

import pytest

import thematica as tm


@pytest.fixture()
def project():
    p = tm.Project("resolve")
    staff = p.codebook.add_code("Staff")
    patients = p.codebook.add_code("Patients")
    p.codebook.add_code("Trust", parent=staff)
    p.codebook.add_code("Trust", parent=patients)
    p.codebook.add_code("Advocacy")
    p.add_coder("Ana")
    doc = p.add_document("P1", "Trust takes time 🌉.")
    p.add_excerpt(doc, 0, 5, ["Staff/Trust"], coder="Ana")
    p.add_excerpt(doc, 6, 16, ["Patients/Trust", "Advocacy"], coder="Ana")
    return p


def test_path_then_unique_name_then_ambiguity(project):
    staff_trust = project.codebook.find("Staff/Trust")
    assert project.codebook.path(staff_trust) == "Staff/Trust"
    assert project.codebook.find(staff_trust.id).id == staff_trust.id
    with pytest.raises(tm.InvalidArgumentError, match=r'several codes are named "Trust".*"Patients/Trust".*"Staff/Trust"'):
        project.codebook.find("Trust")


def test_miss_suggests_in_python(project):
    with pytest.raises(tm.NotFoundError, match='did you mean "Advocacy"'):
        project.codebook.find("Advocasy")
    with pytest.raises(tm.NotFoundError, match='did you mean "Ana"'):
        project.coder("Anna")


def test_command_line_follows_the_same_rule(project, tmp_path):
    path = tmp_path / "s.thematica"
    project.save(str(path))
    shared = subprocess.run(["thematica", "query", str(path), "Trust"], capture_output=True, text=True)
    assert shared.returncode != 0 and 'several codes are named "Trust"' in shared.stderr
    by_path = subprocess.run(["thematica", "query", str(path), "Staff/Trust", "--format", "csv"],
                             capture_output=True, text=True)
    assert by_path.returncode == 0 and "Trust" in by_path.stdout
    # The query expression and the Python API agree on the stretch.
    assert project.query("Staff/Trust")["text"].tolist() == ["Trust"]
