"""The golden project: a small project that uses every kind of object and
every field of the native format, built the same way for every format version.

`python3 tests/data/formats/golden_project.py VERSION` writes
`vVERSION/project.thematica` and `vVERSION/project.json` beside this file with
the installed Thematica. Run it once per new format version (never again for
an old one: those files are the record of what that version wrote). The tests
import `build(version)` to compare each golden file with what today's API
builds for that version.
"""
import base64
import datetime
import hashlib
import json
import pathlib
import sys

import thematica as tm

HERE = pathlib.Path(__file__).resolve().parent
WHEN = datetime.datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=datetime.timezone.utc)


def _api_project(version):
    p = tm.Project(title="Golden ✓ study", description="Every object and field.\nLine two.")
    p.set_id_seed(20260102)
    p.set_fixed_clock(WHEN)
    ana = p.add_coder("Ana")
    ben = p.add_coder("Ben Øster")
    p.add_attribute("role", type="text", description="Role in the study")
    p.add_attribute("age", type="number")
    p.add_attribute("consented", type="boolean")
    p.add_attribute("interviewed", type="date")
    p.add_case("P1", attributes={"role": "patient", "age": 41.5, "consented": True,
                                 "interviewed": datetime.date(2025, 12, 31)},
               description="First participant")
    p.add_case("P2", attributes={"role": "peer worker", "consented": False})  # age missing
    p.add_case("Interviewer")
    text = ("Interviewer: How was it?\n"
            "P1: It was “a bridge” 🌉 — e\u0301 café.\n"
            "P2: Agreed.\r\nThe end.")
    turns = [(0, 25, "Interviewer", "Interviewer"), (25, 64, "P1", "P1"), (64, len(text), "P2", None)]
    # 1.1 added the times of speaker turns (one turn's times unknown).
    times = [(0, 4100), (4100, 65000), (None, None)] if version != "1.0" else [(None, None)] * 3
    d1 = p.add_document("Interview 1", text, case="P1", description="Focus group ✓",
                        speaker_turns=[tm.SpeakerTurn(s, e, c or "", sp, start_ms=t0, end_ms=t1)
                                       for (s, e, sp, c), (t0, t1) in zip(turns, times)])
    d2 = p.add_document("Field note", "No case here. 日本語のテキスト。")
    p.add_document("Empty", "")
    cb = p.codebook
    folder = cb.add_code("Functions", codable=False, description="A folder", color="#112233")
    adv = cb.add_code("Advocacy", parent=folder, description="Speaking for someone",
                      inclusion="Speaking up", exclusion="Self-advocacy", example="be my voice",
                      color="#abcdef", creator=ana)
    voice = cb.add_code("Voice", parent=adv)
    trust = cb.add_code("Trust")
    e1 = p.add_excerpt(d1, 31, 41, codes=[adv, trust], coder=ana)
    p.add_excerpt(d1, 36, 50, codes=[voice], coder=ben)  # overlaps the first
    e3 = p.add_excerpt(d2, 0, 13, codes=[trust])
    core = p.add_theme("The bridge", codes=[trust], description="Core theme", color="#ff0000")
    sub = p.add_theme("Functions of the bridge", codes=[adv, voice], parent=core)
    r1 = p.add_relation(sub, core, "function of", direction="one-way", description="why")
    p.add_relation(core, trust, "restores", direction="bidirectional")
    p.add_relation(adv, voice, "kind of", direction="associative")
    targets = [None, ana, p.attribute("role"), p.case("P1"), d1, adv, e1, core, r1]
    for i, t in enumerate(targets):
        p.add_memo(f"Memo {i} on {type(t).__name__} — ✓", title=f"Memo {i}", target=t,
                   author=ben if i % 2 else None)
    p.add_memo("A memo on a memo", target=p.memos_for(None)[0])
    if version not in ("1.0", "1.1"):
        _provenance_and_suggestion_runs(p, d1, d2, adv, trust, ana)
        _change_log_1_2(p, ana, trust)
    return p


def _provenance_and_suggestion_runs(p, d1, d2, adv, trust, ana):
    """1.2: excerpt provenance (rule, import, model) and a suggestion run with
    every field set and suggestions in every status."""
    p.add_excerpt(d1, 25, 29, codes=[trust], provenance={"kind": "rule", "rule": "P1", "scope": "hit"})
    p.add_excerpt(d2, 14, 23, codes=[adv], coder=ana,
                  provenance={"kind": "import", "tool": "MAXQDA 2024", "file": "study ✓.qdpx"})
    run_id = p._add_suggestion_run(
        "llm", "quote", "llama-3 ✓", "ab" * 32, {"temperature": "0.0", "retries": "3"}, 7,
        [adv.id, trust.id], [d1.id, d2.id], ana.id, "http://127.0.0.1:11434/v1",
        [(d1.id, 31, 41, adv.id, 0.93, "“a bridge” speaks for P1"),
         (d1.id, 36, 50, trust.id, 0.5, "uncertain"),
         (d2.id, 0, 13, trust.id, 0.25, "")],
        {"llm:dropped_not_verbatim": "1"})
    first, second, _ = p._suggestion_run(run_id).suggestions
    p.edit_and_accept(first, 31, 42, coder=ana)
    p.reject(second)


def _change_log_1_2(p, ana, trust):
    """1.2 added the change log: records of every kind of operation by a
    current coder — updates, a removal with its position, a cascade."""
    p.current_coder = ana
    p.codebook.rename(trust, "Trust ✓")
    p.codebook.rename(trust, "Trust")
    temp = p.add_document("Temporary", "to be removed — ✓")
    p.add_memo("goes with it", target=p.add_excerpt(temp, 0, 2, codes=[trust], coder=ana))
    p.remove_document(temp)


def build(version):
    """The golden project as `version` ("1.0", …) could hold it, built with
    today's API, plus metadata maps on every object (set through the JSON
    form, which is the only way to write them from Python)."""
    data = json.loads(tm.dumps(_api_project(version)))
    if version in ("1.0", "1.1"):
        # Before 1.2 files held no change log.
        data.pop("history", None)
        data.pop("history_settings", None)
    data["metadata"] = {"origin": "golden", "ü": "ünïcode"}
    data["creator_id"] = data["coders"][0]["id"]
    for kind in ["coders", "attributes", "cases", "documents", "codes", "excerpts", "themes",
                 "relations", "memos"]:
        for i, item in enumerate(data.get(kind, [])):
            item["metadata"] = {"kind": kind, "index": str(i)}
    if version != "1.0":
        # 1.1 added the original file a document was imported from.
        original = "WEBVTT\n\n00:00.000 --> 00:04.100\n<v Interviewer>How was it?\n".encode("utf-8")
        data["documents"][0]["source_file"] = {
            "name": "interview 1 ✓.vtt", "content": base64.b64encode(original).decode("ascii"),
            "sha256": hashlib.sha256(original).hexdigest(), "media_type": "text/vtt",
            "importer": "thematica import (golden)"}
    return tm.loads(json.dumps(data, ensure_ascii=False))


# --- 1.2: the compact encoding ------------------------------------------------
# 1.2 added no field to the model, only a second binary encoding (columns, ids
# by position, all texts in one run): from 1.2 on the golden project is also
# written compact, as `project.compact.thematica`.
def _save_compact(version, p, out):
    major, minor = (int(x) for x in version.split("."))
    if (major, minor) >= (1, 2):
        p.save(str(out / "project.compact.thematica"), format="compact")


def main():
    version = sys.argv[1]
    out = HERE / f"v{version}"
    out.mkdir(exist_ok=True)
    p = build(version)
    p.save(str(out / "project.thematica"))
    p.save(str(out / "project.json"))
    _save_compact(version, p, out)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
