"""The thematic map, theme report, codebook document and notebook displays."""
import json
import os
import pathlib
import subprocess
import sys

import pytest

import thematica as tm

EXAMPLE = pathlib.Path(__file__).resolve().parents[2] / "examples" / "peer_support"


@pytest.fixture(scope="module")
def study():
    sys.path.insert(0, str(EXAMPLE))
    import peer_support
    return peer_support.build(json.loads((EXAMPLE / "study.json").read_text(encoding="utf-8")))


def test_report_reproduces_the_papers_structure(study):
    md = study.report()
    # Every theme in hierarchy order, sub-themes one level deeper.
    order = [line for line in md.splitlines() if line.startswith("#")]
    assert order[1] == "## The bridge: peer support workers as a bridge to overcome system barriers"
    assert order[3] == "### Advocacy"
    assert order[-1] == "## When the bridge works well: restoring trust between HCPs and PWUD"
    # Quotes keep their typography and are attributed as the paper prints them.
    assert "> “be my voice” (P4, patient)" in md
    assert "(P13, peer worker)" in md and "(P6, peer support worker employer)" in md
    # Unattributed quotes are kept when every quote is asked for (the default
    # picks up to 3 representative quotes, preferring a participant).
    assert "(unattributed)" in study.report(quotes="all")
    assert "*6 participants (3 HCP, 1 patient, 1 peer support worker employer, 1 peer worker)" not in md
    html = study.report(format="html")
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html
    assert "“be my voice” <span class=\"who\">(P4, patient)</span>" in html


def test_map_shows_the_core_with_the_others_around(study):
    m = study.thematic_map()
    assert isinstance(m, tm.ThematicMap)
    core = "The bridge: peer support workers as a bridge to overcome system barriers"
    # The label wraps at about 24 characters; the core is a bold double box.
    wrapped = core.replace("support ", "support\\n").replace("to ", "to\\n")
    assert f'[label="{wrapped}\\n10 excerpts · 8 participants", fillcolor="#1f77b4", shape=box, penwidth=3' in m.dot
    assert m.dot.count(" -> ") == len(study.relations)
    assert m._repr_svg_().lstrip().startswith("<?xml") or "<svg" in m._repr_svg_()
    assert m.png()[:8] == b"\x89PNG\r\n\x1a\n"


def test_write_report_and_cli(study, tmp_path):
    study.write_report(str(tmp_path / "py"))
    names = sorted(p.name for p in (tmp_path / "py").iterdir())
    assert names == ["codebook.csv", "codebook.docx", "codebook.html", "codebook.md", "codebook.xlsx",
                     "report.docx", "report.html", "report.md", "thematic_map.dot", "thematic_map.pdf",
                     "thematic_map.png", "thematic_map.svg"]
    path = tmp_path / "study.thematica"
    study.save(str(path))
    out = subprocess.run(["thematica", "report", str(path), "--out", str(tmp_path / "cli")],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "cli" / "report.md").read_text(encoding="utf-8") == \
        (tmp_path / "py" / "report.md").read_text(encoding="utf-8")
    missing = subprocess.run(["thematica", "report", str(path), "--out", str(tmp_path / "none")],
                             capture_output=True, text=True, env={**os.environ, "THEMATICA_DOT": "/nope/dot"})
    assert missing.returncode == 1 and "install graphviz" in missing.stderr
    assert not (tmp_path / "none").exists()  # Nothing written.


def test_codebook_document(study):
    csv = study.codebook_document("csv")
    assert csv.splitlines()[0] == ("path,name,parent,description,inclusion,exclusion,example,color,"
                                   "codable,excerpts,documents,cases")
    assert "Functions/Speaking up for patients" in csv
    assert "- **Definition:**" in study.codebook_document()
    with pytest.raises(ValueError, match="unknown format"):
        study.codebook_document("pdf")


def test_notebook_displays(study):
    assert "<table>" in study._repr_html_()
    assert "36 codes" in study.codebook._repr_html_()
    e = study.excerpts()[0]
    assert e._repr_html_().startswith("<blockquote>“")
    assert "&lt;" in tm.Project(title="<x>")._repr_html_()
