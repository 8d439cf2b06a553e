"""Makes the import test files with the real producers (run from this folder):
python-docx (.docx), odfpy (.odt), webvtt-py (.vtt), headless Chromium (.pdf).
Re-running it rewrites the files; the tests compare their text with EXPECTED."""
import os
import shutil
import subprocess
import tempfile

import docx
from docx.enum.text import WD_BREAK
from odf.opendocument import OpenDocumentText
from odf.table import Table, TableCell, TableColumn, TableRow
from odf import teletype
from odf.text import P
import webvtt
from webvtt import Caption

# Emoji (with a skin tone), a combining mark (e + U+0301) and CJK survive every format.
LINES = [
    "Interviewer: How did the peer worker help you?",
    "P4: She was my bridge 😀👍🏽 — she would be my voice.",
    "She came back every day, cafe\u0301 in hand.",
    "Interviewer: And the nurses?",
    "P4: They listened to her. 谢谢.",
]


def make_docx():
    d = docx.Document()
    section = d.sections[0]
    section.header.paragraphs[0].text = "HEADER: confidential"
    section.footer.paragraphs[0].text = "FOOTER: page 1"
    for line in LINES:
        d.add_paragraph(line)
    p = d.add_paragraph("Notes:\tafter the interview")
    p.add_run().add_break(WD_BREAK.LINE)
    p.add_run("second line")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "Code", "Count"
    t.cell(1, 0).text, t.cell(1, 1).text = "Bridge", "3"
    d.add_paragraph("The end.")
    d.save("transcript.docx")


EXPECTED_DOCX = "\n".join(LINES + ["Notes:\tafter the interview", "second line",
                                   "Code\tCount", "Bridge\t3", "The end."])


def make_encrypted():
    """transcript.docx with a password, as Word encrypts it (msoffcrypto-tool)."""
    from msoffcrypto.format.ooxml import OOXMLFile
    with open("transcript.docx", "rb") as f, open("encrypted.docx", "wb") as out:
        OOXMLFile(f).encrypt("secret", out)


def make_odt():
    doc = OpenDocumentText()
    for line in LINES:
        p = P()
        teletype.addTextToElement(p, line)
        doc.text.addElement(p)
    p = P()
    teletype.addTextToElement(p, "Two  spaces\tand a tab")
    doc.text.addElement(p)
    table = Table(name="T")
    table.addElement(TableColumn(numbercolumnsrepeated=2))
    for row in (("Code", "Count"), ("Bridge", "3")):
        tr = TableRow()
        for cell in row:
            tc = TableCell()
            tc.addElement(P(text=cell))
            tr.addElement(tc)
        table.addElement(tr)
    doc.text.addElement(table)
    doc.save("transcript.odt")


EXPECTED_ODT = "\n".join(LINES + ["Two  spaces\tand a tab", "Code\tCount", "Bridge\t3"])


def make_vtt():
    # Teams: voice tags, cue identifiers, one speaker's words split over cues.
    teams = webvtt.WebVTT()
    cues = [
        ("00:00:01.000", "00:00:03.500", "<v Interviewer>How did the peer worker help you?</v>"),
        ("00:00:04.000", "00:00:06.000", "<v P4>She was my bridge 😀👍🏽</v>"),
        ("00:00:06.000", "00:00:08.250", "<v P4>she would be my voice, cafe\u0301 in hand.</v>"),
        ("00:01:02.000", "00:01:04.000", "<v Interviewer>And the nurses?</v>"),
    ]
    for k, (s, e, text) in enumerate(cues):
        teams.captions.append(Caption(s, e, text, identifier=f"6a1b-{k}"))
    teams.save("teams.vtt")
    # Zoom: numbered cues, "Name: text" in the cue text.
    zoom = webvtt.WebVTT()
    cues = [
        ("00:00:01.000", "00:00:03.500", "Ana Souza: How did the peer worker help you?"),
        ("00:00:04.000", "00:00:06.000", "P4: She was my bridge 😀👍🏽"),
        ("00:00:06.000", "00:00:08.250", "P4: she would be my voice, cafe\u0301 in hand."),
        ("00:01:02.000", "00:01:04.000", "Ana Souza: And the nurses?"),
    ]
    for k, (s, e, text) in enumerate(cues, start=1):
        zoom.captions.append(Caption(s, e, text, identifier=str(k)))
    zoom.save("zoom.vtt")
    # SubRip of the same, written by webvtt-py's converter.
    zoom.save_as_srt("zoom.srt")


EXPECTED_VTT = "\n".join([
    "Interviewer: How did the peer worker help you?",
    "P4: She was my bridge 😀👍🏽 she would be my voice, cafe\u0301 in hand.",
    "Interviewer: And the nurses?",
])


# No CJK font is installed where the PDF is made, so its text stops before 谢谢.
PDF_LINES = LINES[:4] + ["P4: They listened to her."]
EXPECTED_PDF = "\n".join(PDF_LINES)


def make_pdf():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("no chromium: transcript.pdf not made")
        return
    html = "<!doctype html><meta charset=utf-8><body style='font-family:DejaVu Sans'>" + "".join(
        f"<p>{line}</p>" for line in PDF_LINES) + "</body>"
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "t.html")
        with open(src, "w", encoding="utf-8") as f:
            f.write(html)
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                        "--no-pdf-header-footer", "--print-to-pdf-no-header",
                        f"--print-to-pdf={os.path.abspath('transcript.pdf')}", src],
                       check=True, capture_output=True, timeout=120)
        # A PDF with no text layer: an image only page, as a scan looks.
        img = os.path.join(tmp, "scan.html")
        with open(img, "w", encoding="utf-8") as f:
            f.write("<!doctype html><body><svg width=200 height=100><rect width=200 height=100 "
                    "fill=gray /></svg></body>")
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                        "--no-pdf-header-footer", "--print-to-pdf-no-header",
                        f"--print-to-pdf={os.path.abspath('scanned.pdf')}", img],
                       check=True, capture_output=True, timeout=120)


TIMED = [
    "[00:01:02] Interviewer: How did the peer worker help you?",
    "[00:01:05] P4: She was my bridge 😀👍🏽.",
    "She came back every day, cafe\u0301 in hand.",
    "P7 (00:02:10.5): Me too.",
]


def make_text():
    with open("timed.txt", "w", encoding="utf-8", newline="\r\n") as f:
        f.write("\n".join(TIMED) + "\n")
    with open("transcript_utf16.txt", "w", encoding="utf-16") as f:  # BOM, little-endian
        f.write("\n".join(LINES))
    with open("legacy_cp1252.txt", "w", encoding="cp1252") as f:
        f.write("Interviewer: Où était-elle ?\nP4: Elle était là — toujours “présente” (50 €).")
    with open("undecodable.txt", "wb") as f:
        f.write(b"P4: caf\xe9 \x81 ok")
    with open("transcript.md", "w", encoding="utf-8") as f:
        f.write("# Interview P4\n\n" + "\n".join(LINES) + "\n")
    with open("notes.xyz", "w", encoding="utf-8") as f:
        f.write("P4: hello")
    with open("transcript.docx", "rb") as f:
        data = f.read()
    with open("corrupt.docx", "wb") as f:
        f.write(data[: len(data) // 3])
    rows = [("id", "answer", "age", "group", "joined"),
            ("R1", "The peer worker was my bridge 😀.", "34", "patient", "2021-03-01"),
            ("R2", "They spoke for me, cafe\u0301 and all.", "51", "staff", "2021-04-15"),
            ("R3", "", "29", "patient", "2021-05-20"),
            ("R4", "Nobody listened before.", "", "patient", "2021-06-02")]
    import csv
    with open("survey.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    import openpyxl
    import datetime
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(list(rows[0]))
    for r in rows[1:]:
        ws.append([r[0], r[1] or None, int(r[2]) if r[2] else None, r[3],
                   datetime.datetime.fromisoformat(r[4])])
    wb.save("survey.xlsx")


# No HTML or RTF producer is at hand: these two are written by hand, in the
# forms browsers' "save as" and WordPad write.
HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Ignored title</title>
<style>p { color: red }</style><script>var x = "<p>no</p>";</script></head>
<body><h1>Interview&nbsp;P4</h1>
<p>Interviewer: How did the peer
   worker help you?</p>
<p>P4: She was my bridge &#x1F600;👍🏽 &mdash; she would be my voice.<br>She came back every day, cafe&#769; in hand.</p>
<!-- a comment <p>hidden</p> -->
<table><tr><th>Code</th><th>Count</th></tr><tr><td>Bridge</td><td>3</td></tr></table>
</body></html>
"""
EXPECTED_HTML = "\n".join([
    "Interview\u00a0P4", "Interviewer: How did the peer worker help you?",
    "P4: She was my bridge 😀👍🏽 — she would be my voice.",
    "She came back every day, cafe\u0301 in hand.", "Code\tCount", "Bridge\t3"])

RTF = r"""{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fnil\fcharset0 Calibri;}}{\colortbl ;\red0\green0\blue0;}
{\*\generator Riched20 10.0.19041}\viewkind4\uc1
{\header Confidential header\par}
\pard\sa200\sl276\slmult1\f0\fs22\lang9 Interviewer: How did the peer worker help you?\par
P4: She was my bridge \u-10179?\u-8704? \emdash  she would be my voice.\par
She came back every day, cafe\u769? in hand.{\deleted  DELETED}\par
\trowd\cellx1000\cellx2000 Code\cell Count\cell\row
}
"""
EXPECTED_RTF = "\n".join([
    "Interviewer: How did the peer worker help you?",
    "P4: She was my bridge 😀 — she would be my voice.",
    "She came back every day, cafe\u0301 in hand.", "Code\tCount"])


def make_hand_written():
    with open("transcript.html", "w", encoding="utf-8") as f:
        f.write(HTML)
    with open("transcript.rtf", "w", encoding="ascii") as f:
        f.write(RTF)


def write_expected():
    import json
    expected = {
        "docx": EXPECTED_DOCX, "odt": EXPECTED_ODT, "pdf": EXPECTED_PDF, "html": EXPECTED_HTML,
        "rtf": EXPECTED_RTF, "vtt": EXPECTED_VTT, "timed": "\n".join(TIMED),
        "txt": "\n".join(LINES), "md": "# Interview P4\n\n" + "\n".join(LINES),
        "cp1252": "Interviewer: Où était-elle ?\nP4: Elle était là — toujours “présente” (50 €).",
    }
    with open("expected.json", "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    write_expected()
    make_hand_written()
    make_text()
    make_docx()
    make_encrypted()
    make_odt()
    make_vtt()
    make_pdf()
