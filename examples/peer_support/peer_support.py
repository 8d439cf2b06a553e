"""The example study, end to end, with the Python API.

Builds the peer-support study (examples/peer_support/study.json: participants,
codebook, themes, thematic map and every quote of the paper) as a Thematica
project, prints theme by theme the quotes with their attribution in the
paper's form — “…” (P13, peer worker) — and a codes × role table, then saves
the project.

    python3 examples/peer_support/peer_support.py [--out out/peer_support]

The C++ twin (peer_support.cc) builds the same project and writes the same
bytes.
"""

from __future__ import annotations

import argparse
import datetime
import json
import pathlib
import sys
from typing import Dict, List

import thematica as tm

HERE = pathlib.Path(__file__).resolve().parent
QUOTE_SEPARATOR = "\n\n"
UNATTRIBUTED = "Unattributed quotes"


def build(study: dict) -> tm.Project:
    """The study as a project. Additions happen in a fixed order with a fixed
    id seed and clock, so the project file is reproducible byte for byte."""
    p = tm.Project(title=study["title"], description=study["description"])
    p.set_id_seed(study["seed"])
    when = datetime.datetime.fromisoformat(study["date"].replace("Z", "+00:00"))
    p.set_fixed_clock(when)
    coder = None
    for name in study["coders"]:
        coder = p.add_coder(name)
    for a in study["attributes"]:
        p.add_attribute(a["name"], type=a["type"], description=a["description"])
    for person in study["participants"]:
        p.add_case(person["name"], attributes={"role": person["role"]})

    def add_codes(codes: List[dict], parent=None) -> None:
        for c in codes:
            code = p.codebook.add_code(
                c["name"], parent=parent, description=c["description"],
                inclusion=c["inclusion"], exclusion=c["exclusion"], example=c["example"],
                color=c["color"], codable=c["codable"])
            add_codes(c["children"], parent=code)

    add_codes(study["codebook"])

    # One document per participant: their quotes in paper order, separated by
    # a blank line; quotes without attribution go to a document of their own.
    by_speaker: Dict[str, List[dict]] = {}
    for q in study["quotes"]:
        by_speaker.setdefault(q["participant"] or UNATTRIBUTED, []).append(q)
    speakers = [person["name"] for person in study["participants"]]
    if UNATTRIBUTED in by_speaker:
        speakers.append(UNATTRIBUTED)
    for speaker in speakers:
        quotes = by_speaker.get(speaker, [])
        text = QUOTE_SEPARATOR.join(q["text"] for q in quotes)
        case = None if speaker == UNATTRIBUTED else speaker
        doc = p.add_document(speaker, text, case=case)
        start = 0
        for q in quotes:
            end = start + len(q["text"])
            p.add_excerpt(doc, start, end, codes=[p.codebook.find(c) for c in q["codes"]],
                          coder=coder)
            start = end + len(QUOTE_SEPARATOR)

    def add_themes(themes: List[dict], parent=None) -> None:
        for t in themes:
            theme = p.add_theme(t["name"], codes=t["codes"], parent=parent,
                                description=t["description"], color=t["color"])
            add_themes(t["children"], parent=theme)

    add_themes(study["themes"])
    for r in study["relations"]:
        p.add_relation(r["source"], r["target"], r["label"])
    for m in study["memos"]:
        p.add_memo(m["text"], title=m["title"], target=p.case(m["target"]))
    return p


def attribution(p: tm.Project, excerpt) -> str:
    """The paper's form: (P13, peer worker); (unattributed) without a case."""
    cases = p.excerpt_cases(excerpt)
    if not cases:
        return "(unattributed)"
    return "(" + "; ".join(f"{c.name}, {c.attributes['role']}" for c in cases) + ")"


def print_themes(p: tm.Project, out=sys.stdout) -> None:
    def visit(parent, depth: int) -> None:
        for theme in p.subthemes(parent):
            print(f"\n{'#' * (depth + 2)} {theme.name}", file=out)
            print(theme.description, file=out)
            codes = {c.id for c in p.theme_codes(theme, include_subthemes=False)}
            for e in p.excerpts():  # In the order they were coded.
                if codes.intersection(e.code_ids):
                    print(f"  “{e.text}” {attribution(p, e)}", file=out)
            visit(theme, depth + 1)

    visit(None, 0)


def code_role_table(p: tm.Project) -> "tuple[list[str], list[tuple[str, list[int]]]]":
    """Per codable code, how many distinct participants of each role were
    coded with it (the crosstab of codes × role, counting cases)."""
    table = p.crosstab("role", unit="cases")
    roles = list(table.columns)
    codable = {p.codebook.path(c) for c in p.codebook.codes if c.codable}
    rows = [(path, [int(n) for n in table.loc[path]]) for path in table.index if path in codable]
    return roles, rows


def print_table(p: tm.Project, roles, rows, out=sys.stdout) -> None:
    totals = p.crosstab("role", unit="cases").attrs["totals"]
    heads = [f"{r} (n={totals[r]})" for r in roles]
    width = max(len(name) for name, _ in rows)
    print(f"\n{'code':<{width}}  " + "  ".join(heads), file=out)
    for name, counts in rows:
        print(f"{name:<{width}}  " + "  ".join(f"{n:>{len(h)}}" for h, n in zip(heads, counts)),
              file=out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="out/peer_support", help="output folder")
    parser.add_argument("--study", default=str(HERE / "study.json"))
    parser.add_argument("--report", action="store_true",
                        help="also write the theme report, map and codebook into OUT/report")
    args = parser.parse_args(argv)
    study = json.loads(pathlib.Path(args.study).read_text(encoding="utf-8"))
    p = build(study)
    problems = p.validate()
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    print(f"# {p.title}")
    print(f"{len(p.cases)} participants, {len(p.documents)} documents, {len(p.codebook)} codes, "
          f"{len(p.excerpts())} coded quotes, {len(p.themes)} themes, {len(p.relations)} relations")
    print_themes(p)
    print("\n## Participants coded per code, by role")
    print_table(p, *code_role_table(p))
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "peer_support.thematica"
    p.save(str(path))
    p.save(str(out / "peer_support.json"))
    print(f"\nwrote {path} and {out / 'peer_support.json'}")
    if args.report:
        report = out / "report"
        p.write_report(str(report), attribute="role")
        print(f"wrote the theme report and thematic map to {report}/: "
              f"open {report / 'report.html'} in a browser "
              f"(also report.md and report.docx, thematic_map.svg/.png/.pdf, "
              f"codebook.html/.md/.csv/.docx/.xlsx)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
