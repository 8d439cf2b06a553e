"""The example study (examples/peer_support) is faithful to the paper and its
C++ and Python twins build the same project."""
import json
import os
import pathlib
import subprocess
import sys

import pytest

import thematica as tm

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "peer_support"
# What the paper says, kept as data (tests/data/SOURCES.md): every passage it
# prints between quotation marks, by paragraph, with the participants the
# paragraph names.
PAPER = json.loads((ROOT / "tests" / "data" / "peer_support" / "paper_quotations.json")
                   .read_text(encoding="utf-8"))["paragraphs"]
STUDY = json.loads((EXAMPLE / "study.json").read_text(encoding="utf-8"))

sys.path.insert(0, str(EXAMPLE))
import peer_support  # noqa: E402


@pytest.fixture(scope="module")
def project():
    return peer_support.build(STUDY)


def test_fourteen_participants_with_the_papers_roles(project):
    # Roles as the issue and the paper's attributions give them.
    expected = {**{f"P{i}": "patient" for i in (1, 2, 3, 4, 5, 7)},
                "P6": "peer support worker employer",
                **{f"P{i}": "HCP" for i in range(8, 13)},
                "P13": "peer worker", "P14": "peer worker"}
    assert {c.name: c.attributes["role"] for c in project.cases} == expected


def paragraph_quoting(text):
    return next(p for p in PAPER if any(text in quoted for quoted in p["quotations"]))


def test_every_quote_is_verbatim_in_the_paper():
    for q in STUDY["quotes"]:
        assert any(q["text"] in quoted for p in PAPER for quoted in p["quotations"]), q["text"][:60]
        assert not q["text"].startswith("“") and not q["text"].endswith("”")


def test_every_quote_sits_beside_its_participants_attribution():
    # The paragraph quoting the words names the participant (P13, peer worker),
    # (P4), "P6 said", …; the one unattributed quote's paragraph names nobody.
    for q in STUDY["quotes"]:
        named = paragraph_quoting(q["text"])["participants_named"]
        if q["participant"] is None:
            assert named == []
        else:
            assert q["participant"] in named, (q["participant"], q["text"][:50])


def test_typography_is_kept(project):
    texts = "".join(d.text for d in project.documents)
    for mark in ["’", "…", "—", "[", "..."]:
        assert mark in texts


def test_every_quote_is_one_excerpt_over_exactly_its_text(project):
    excerpts = project.excerpts()
    assert len(excerpts) == len(STUDY["quotes"]) == 43
    assert sorted(e.text for e in excerpts) == sorted(q["text"] for q in STUDY["quotes"])
    assert all(e.code_ids for e in excerpts)


def test_p1_has_an_empty_document_and_a_memo(project):
    assert project.document("P1").text == ""
    assert [m.title for m in project.memos_for(project.case("P1"))] == ["No quotes published"]
    assert project.document("Unattributed quotes").case_id == ""


def test_every_used_code_is_under_a_theme_and_the_map_has_the_core(project):
    themed = {c.id for t in project.themes for c in project.theme_codes(t)}
    used = {c for e in project.excerpts() for c in e.code_ids}
    assert used <= themed
    core = project.theme("The bridge: peer support workers as a bridge to overcome system barriers")
    labels = {(project.theme(r.source_id).name, r.label, project.theme(r.target_id).name)
              for r in project.relations}
    assert ("Functions of the bridge", "function of", core.name) in labels
    assert (core.name, "restores",
            "When the bridge works well: restoring trust between HCPs and PWUD") in labels
    assert project.validate() == []


def test_codes_by_role_agree_with_the_paper(project):
    roles, rows = peer_support.code_role_table(project)
    table = {name.split("/")[-1]: dict(zip(roles, counts)) for name, counts in rows}
    # "someone who could “push for you” (P5, patient) or “be my voice” (P4,
    # patient)", and P7 wanted someone to “speak up for [her]”: three patients.
    assert table["Speaking up for patients"] == {"patient": 3, "peer support worker employer": 0,
                                                 "HCP": 0, "peer worker": 0}
    # Stability quotes come from P8, P9 and P10, all HCPs.
    assert table["Stability and reliability"]["HCP"] == 3
    # Boundaries and friendship: P12 (HCP), P13 and P14 (peer workers).
    assert table["Professional boundaries"] == {"patient": 0, "peer support worker employer": 0,
                                                "HCP": 1, "peer worker": 2}


def test_attribution_in_the_papers_form(project):
    e = next(e for e in project.excerpts() if e.text == "be my voice")
    assert peer_support.attribution(project, e) == "(P4, patient)"
    unattributed = project.excerpts(document="Unattributed quotes")[0]
    assert peer_support.attribution(project, unattributed) == "(unattributed)"


def test_python_and_cpp_twins_write_identical_files(tmp_path):
    build_dir = pathlib.Path(os.environ.get("THEMATICA_BUILD_DIR", ROOT / "build" / "dev"))
    binary = build_dir / "examples" / "peer_support_example"
    assert binary.exists(), f"C++ twin not built at {binary} (run scripts/build --tests)"
    py_out, cc_out = tmp_path / "py", tmp_path / "cc"
    py = subprocess.run([sys.executable, str(EXAMPLE / "peer_support.py"), "--out", str(py_out)],
                        capture_output=True, text=True, cwd=ROOT)
    assert py.returncode == 0, py.stderr
    cc = subprocess.run([str(binary), f"--out={cc_out}"], capture_output=True, text=True, cwd=ROOT)
    assert cc.returncode == 0, cc.stderr
    for name in ["peer_support.thematica", "peer_support.json"]:
        assert (py_out / name).read_bytes() == (cc_out / name).read_bytes(), name
    assert py.stdout.replace(str(py_out), "OUT") == cc.stdout.replace(str(cc_out), "OUT")
    assert "“be my voice” (P4, patient)" in py.stdout
    loaded = tm.load(str(py_out / "peer_support.thematica"))
    assert tm.dumps(loaded) == (py_out / "peer_support.json").read_text(encoding="utf-8")
