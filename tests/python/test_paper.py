"""Outputs that go straight into a paper (issue 15): retrieval for notebooks
(quotes, memos, framework matrix, themes in queries), the thematic map as a
figure (ratio, legibility at 6.5 in, contrast, PDF), and the report as a
results section in Markdown, HTML and .docx (read back with python-docx)."""
import json
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

import thematica as tm

EXAMPLE = pathlib.Path(__file__).resolve().parents[2] / "examples" / "peer_support"
CORE = "The bridge: peer support workers as a bridge to overcome system barriers"
THEMES = [CORE, "Functions of the bridge", "Advocacy", "Navigating transitions within the healthcare system",
          "Building a strong bridge: making the role of peer support worker function effectively",
          "Ongoing training and peer mentorship", "Establishing boundaries",
          "Characteristics of an effective peer support worker", "Intrinsic qualities",
          "Contribution of shared experiences", "Personal stability",
          "When the bridge works well: restoring trust between HCPs and PWUD"]


@pytest.fixture(scope="module")
def study():
    sys.path.insert(0, str(EXAMPLE))
    import peer_support
    return peer_support.build(json.loads((EXAMPLE / "study.json").read_text(encoding="utf-8")))


def needs(program):
    if shutil.which(program) is None:
        pytest.skip(f"{program} is not installed (scripts/setup installs it)")


# --- Retrieval -----------------------------------------------------------------------------------


def test_quotes_of_a_theme_with_attribution(study):
    q = study.quotes(theme="Functions of the bridge", attribute="role")
    # The theme has no codes of its own: its sub-themes' codes make it up.
    sub = set(study.quotes(theme="Advocacy")["id"]) | set(
        study.quotes(theme="Navigating transitions within the healthcare system")["id"])
    assert set(q["id"]) == sub and len(q) == 9
    row = q[q["text"] == "be my voice"].iloc[0]
    assert row["attribution"] == "(P4, patient)" and row["role"] == "patient" and row["case"] == "P4"
    assert all(c.startswith("Functions/") for c in row["codes"])
    assert list(q.columns[:4]) == ["text", "attribution", "case", "role"]
    patients = study.quotes(theme="Functions of the bridge", attribute={"role": "patient"})
    assert len(patients) > 0 and set(patients["role"]) == {"patient"}
    assert study.quotes(code="Functions", include_descendants=False).empty  # A folder: never coded.
    assert len(study.quotes(code="Functions")) == len(study.quotes(code=[
        "Functions/Speaking up for patients", "Functions/Knowledge of community resources",
        "Functions/Continuity after discharge", "Functions/Two-way navigation"]))
    assert study.quotes(cases=["P4"])["case"].eq("P4").all()
    unattributed = study.quotes()
    assert "(unattributed)" in set(unattributed["attribution"])


def test_excerpts_frame_takes_lists_of_codes_and_themes(study):
    two = study.excerpts_frame(code=["Functions/Speaking up for patients", "Trust/Rebuilding trust"])
    one = study.excerpts_frame(code="Functions/Speaking up for patients")
    other = study.excerpts_frame(code="Trust/Rebuilding trust")
    assert set(two["id"]) == set(one["id"]) | set(other["id"])
    assert set(study.excerpts_frame(theme=["Advocacy"])["id"]) == set(study.quotes(theme="Advocacy")["id"])


def test_queries_name_themes(study):
    # The README's example: Advocacy is a theme, "Rebuilding trust" a code.
    hits = study.query('Advocacy AND "Rebuilding trust"')
    both = study.query('("Speaking up for patients" OR "Two-way navigation") AND "Rebuilding trust"')
    assert hits[["document", "start", "end"]].values.tolist() == both[["document", "start", "end"]].values.tolist()
    theme = study.query('"Functions of the bridge"')
    assert len(theme) > 0
    with pytest.raises(KeyError, match="no theme of that name"):
        study.query("Nonexistent")


def test_memos_frame(study):
    memos = study.memos_frame()
    assert len(memos) == len(study.memos)
    first = memos.iloc[0]
    assert (first["kind"], first["target"], first["title"]) == ("case", "P1", "No quotes published")
    assert len(study.memos_frame(target=study.case("P1"))) >= 1


def test_crosstab_totals_and_folders(study):
    t = study.crosstab("role", totals=True)
    assert list(t.columns) == ["HCP (n=5)", "patient (n=6)", "peer support worker employer (n=1)",
                               "peer worker (n=2)"]
    assert "Functions" not in t.index  # A folder: not codable.
    assert "Functions" in study.crosstab("role", include_folders=True).index
    assert t.loc["Functions/Speaking up for patients", "patient (n=6)"] == 3
    co = study.cooccurrence()
    assert "Functions" not in co.index and "Functions" not in co.columns
    assert "Functions" in study.cooccurrence(include_folders=True).index


def test_framework_matrix(study, tmp_path):
    p = study.copy()
    counts = p.framework(cell="count", attribute="role")
    assert list(counts.columns) == THEMES
    assert counts.loc["P4 (patient)", "Advocacy"] == len(p.quotes(theme="Advocacy", cases=["P4"]))
    quotes = p.framework(cell="quotes")
    assert "“be my voice”" in quotes.loc["P4", "Advocacy"]
    p.set_framework_summary("P4", "Advocacy", "Wants someone to speak for them.")
    p.set_framework_summary("P4", "Advocacy", "Wants a peer to speak for them.")  # Replaces.
    summary = p.framework()
    assert summary.loc["P4", "Advocacy"] == "Wants a peer to speak for them."
    assert summary.loc["P5", "Advocacy"] == ""
    assert sum(m.title == "Framework: Advocacy" for m in p.memos) == 1
    for suffix in ["csv", "md", "html", "xlsx"]:
        p.framework(path=tmp_path / f"f.{suffix}")
    assert "Wants a peer to speak for them." in (tmp_path / "f.md").read_text(encoding="utf-8")
    assert "<table>" in (tmp_path / "f.html").read_text(encoding="utf-8")
    openpyxl = pytest.importorskip("openpyxl", reason="scripts/setup installs it")
    sheet = openpyxl.load_workbook(tmp_path / "f.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0][1:]) == THEMES
    p4 = next(r for r in rows if r[0] == "P4")
    assert p4[1 + THEMES.index("Advocacy")] == "Wants a peer to speak for them."
    with pytest.raises(ValueError, match="use .html, .md, .csv or .xlsx"):
        p.framework(path=tmp_path / "f.pdf")


# --- The map as a figure -------------------------------------------------------------------------


def luminance(hex_colour):
    def channel(v):
        c = v / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a, b):
    x, y = sorted([luminance(a), luminance(b)])
    return (y + 0.05) / (x + 0.05)


def test_map_fits_a_page_and_is_legible(study):
    needs("dot")
    import xml.etree.ElementTree as ET
    svg = study.thematic_map().svg()
    root = ET.fromstring(svg.split("?>", 1)[-1].split("-->", 1)[-1] if svg.startswith("<?xml") else svg)
    ns = {"s": "http://www.w3.org/2000/svg"}
    # Scales to its container: no fixed size, the viewBox keeps the aspect.
    assert root.get("width") == "100%" and root.get("height") is None
    _, _, width, height = (float(v) for v in root.get("viewBox").split())
    assert width / height <= 2.0, (width, height)
    scale = float(re.search(r"scale\(([\d.]+)", root.find("s:g", ns).get("transform")).group(1))
    printed = 6.5 * 72 / width  # Points on paper per viewBox unit at 6.5 inches wide.
    nodes = [g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "node"]
    assert len(nodes) == len(study.themes)
    for node in nodes:
        shape = next(e for e in node if e.tag.endswith(("path", "polygon", "ellipse")))
        fill = shape.get("fill")
        for text in node.findall("s:text", ns):
            assert float(text.get("font-size")) * scale * printed >= 7.0, text.text
            assert contrast(fill, text.get("fill", "#000000")) >= 4.5, (fill, text.text)
            assert len(text.text) <= 30, text.text  # Wrapped labels (the counts line is the longest).
    # Meaning without colour: sub-themes dashed, the core with a double outline.
    dashed = [n for n in nodes if any(e.get("stroke-dasharray") for e in n)]
    assert len(dashed) == sum(1 for t in study.themes if t.parent_id)
    core = next(n for n in nodes if any((t.text or "").startswith("The bridge: peer") for t in n.findall("s:text", ns)))
    assert len([e for e in core if e.tag.endswith(("path", "polygon"))]) == 2
    # "part of" is shown by nesting, not by an arrow; every other relation is drawn.
    labels = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "part of" not in labels
    for label in ["function of", "builds", "strengthens", "supports", "restores"]:
        assert label in labels


def test_map_options_and_formats(study):
    needs("dot")
    m = study.thematic_map(rankdir="TB", wrap=0, font="Times", size="", ratio="compress")
    assert 'rankdir="TB"' in m.dot and 'fontname="Times"' in m.dot and CORE + "\\n" in m.dot
    assert study.thematic_map(engine="neato").png()[:8] == b"\x89PNG\r\n\x1a\n"
    assert study.thematic_map().pdf()[:5] == b"%PDF-"
    # Every sub-theme is tied to its parent: nothing floats.
    dot = study.thematic_map().dot
    for t in study.themes:
        if t.parent_id:
            index = {x.id: i for i, x in enumerate(study.themes)}
            assert f"t{index[t.parent_id]}->t{index[t.id]} [style=invis]" in dot


# --- The report as a results section ------------------------------------------------------------


def theme_sections(md):
    """{theme name: text of its section} from the Markdown report."""
    parts = re.split(r"^#{2,6} (.+)$", md, flags=re.M)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def test_report_is_a_results_section(study):
    needs("dot")
    md = study.report()
    sections = theme_sections(md)
    assert list(sections) == THEMES
    assert "\\" not in md  # Nothing to escape in this study: no backslashes to survive pasting.
    # The summary table: themes × roles with the number of participants of each role.
    assert ("| Theme | HCP (n=5) | patient (n=6) | peer support worker employer (n=1) | peer worker (n=2) "
            "| Participants | Excerpts |") in md
    quoted = []
    for name in THEMES:
        quotes = re.findall(r"^> “(.+)” \((.+)\)$", sections[name], flags=re.M)
        own = study.quotes(theme=name)
        if name in ("Functions of the bridge", "Building a strong bridge: making the role of peer support "
                    "worker function effectively", "Characteristics of an effective peer support worker"):
            assert quotes == []  # No codes of their own: their sub-themes quote.
            continue
        assert 1 <= len(quotes) <= 3 or len(own) == 0, name
        quoted += [q for q, _ in quotes]
        # Distinct participants among a theme's quotes when the theme has them.
        who = [w for _, w in quotes]
        assert len(set(who)) == len(who) or len({w for w in own["attribution"]}) < len(who), name
    assert len(quoted) == len(set(quoted))  # No quote under two themes.
    assert not re.search(r"\b1 (excerpts|participants|patients)\b", md)
    assert re.search(r"\b[2-9] patients\b", md)
    # The map is embedded (no file to go missing) with its caption.
    images = re.findall(r"!\[([^\]]*)\]\(([^)]*)\)", md)
    assert len(images) == 1 and images[0][0].startswith("Figure 1. Thematic map")
    assert images[0][1].startswith("data:image/png;base64,")
    everything = study.report(quotes="all", repeat_quotes=True)
    assert len(re.findall(r"^> “", everything, flags=re.M)) > len(re.findall(r"^> “", md, flags=re.M))
    assert len(re.findall(r"^> “", study.report(max_quotes=1), flags=re.M)) <= len(THEMES)


def test_report_shows_memos(study):
    p = study.copy()
    p.add_memo("Advocacy was raised by patients first.", title="Order", target=p.theme("Advocacy"))
    p.add_memo("Used when a peer speaks for a patient.", title="Scope",
               target=p.codebook.find("Functions/Speaking up for patients"))
    md = p.report(with_map=False)
    advocacy = theme_sections(md)["Advocacy"]
    assert "**Memo: Order.** Advocacy was raised by patients first." in advocacy
    assert "**Memo: Scope (code Functions/Speaking up for patients).**" in advocacy
    assert "- **Memo: Scope:** Used when a peer speaks for a patient." in p.codebook_document()


def test_write_report_makes_markdown_html_and_docx(study, tmp_path):
    needs("dot")
    needs("pandoc")
    docx = pytest.importorskip("docx", reason="python-docx: scripts/setup installs it")
    names = study.write_report(str(tmp_path))
    for name in ["report.md", "report.html", "report.docx", "codebook.docx", "codebook.xlsx",
                 "thematic_map.pdf", "thematic_map.svg", "thematic_map.png"]:
        assert name in names and (tmp_path / name).stat().st_size > 0, name
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    for target in re.findall(r"!\[[^\]]*\]\(([^)]*)\)", md):
        assert (tmp_path / target).exists(), target  # Every image it shows is there.
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<figure class=\"map\">" in html and "<figcaption>Figure 1." in html
    assert not re.search(r"""(src|href)=["'](?!data:|#)""", html)  # Self-contained.
    document = docx.Document(str(tmp_path / "report.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[1:] == THEMES  # After the title.
    assert len(document.inline_shapes) == 1  # The map.
    assert any(p.text.startswith("Figure 1. Thematic map") for p in document.paragraphs)
    summary = document.tables[0]
    assert [c.text for c in summary.rows[0].cells][:3] == ["Theme", "HCP (n=5)", "patient (n=6)"]
    assert summary.rows[1].cells[0].text == CORE
    text = "\n".join(p.text for p in document.paragraphs)
    assert "“be my voice” (P4, patient)" in text or "be my voice" not in md
    assert "\\" not in text
    book = docx.Document(str(tmp_path / "codebook.docx"))
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in book.tables[0].rows}
    functions = rows["Functions (folder)"]
    children = [rows[f"Functions / {c}"] for c in ["Speaking up for patients",
                                                   "Knowledge of community resources",
                                                   "Continuity after discharge", "Two-way navigation"]]
    assert int(functions[6]) == len(study.quotes(code="Functions"))  # Subtree total of excerpts.
    assert int(functions[6]) <= sum(int(c[6]) for c in children)
    openpyxl = pytest.importorskip("openpyxl")
    sheet = openpyxl.load_workbook(tmp_path / "codebook.xlsx").active
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["path", "name"] and "excerpts" in header


def test_cli_report_writes_docx(study, tmp_path):
    needs("dot")
    needs("pandoc")
    path = tmp_path / "study.thematica"
    study.save(str(path))
    out = subprocess.run(["thematica", "report", str(path), "--out", str(tmp_path / "cli")],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "cli" / "report.docx").read_bytes()[:2] == b"PK"
    assert (tmp_path / "cli" / "thematic_map.pdf").read_bytes()[:5] == b"%PDF-"


def test_report_without_graphviz_has_no_figure(study, monkeypatch):
    monkeypatch.setenv("THEMATICA_DOT", "/nope/dot")
    md = study.report()
    assert "data:image" not in md and "Figure 1" not in md and "\n### Advocacy\n" in md
    with pytest.raises(tm.Error, match="install graphviz"):
        study.thematic_map().svg()


def test_docx_keeps_plain_prose_plain(tmp_path):
    needs("dot")
    needs("pandoc")
    docx = pytest.importorskip("docx", reason="python-docx: scripts/setup installs it")
    p = tm.Project(title="Prose <study> & *stars*")
    p.add_attribute("role")
    p.add_case("P1", attributes={"role": "patient"})
    text = "It cost $5 and $6, ~10 times, ask @P13 <b>now</b> — café 😀\r\nSecond line"
    p.add_document("P1", text, case="P1")
    p.codebook.add_code("Cost")
    p.add_excerpt("P1", 0, len(text), codes=["Cost"])
    p.add_theme("Money", codes=["Cost"], description="What things cost.")
    p.write_report(str(tmp_path))
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "> “It cost $5 and $6, ~10 times, ask @P13 \\<b>now\\</b> — café 😀  \n> Second line” (P1, patient)" in md
    assert "\r" not in md
    document = docx.Document(str(tmp_path / "report.docx"))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "It cost $5 and $6, ~10 times, ask @P13 <b>now</b> — café 😀" in body
    assert document.paragraphs[0].text == "Prose <study> & *stars*"
