"""Makes the hand-made "future minor" files: what a newer Thematica of the same
major version could write — fields this version does not know at several
nesting levels (the project, a list element, a map value, a repeated message
inside a record, a span inside a speaker turn and inside an excerpt, a whole
new message type).

    python3 tests/data/formats/make_future.py 1.1 1.99

reads the golden files of version 1.1 and writes `future/` beside this file:
`thematica.proto` (today's schema plus the future fields, so that protoc can
read and write them), `project.thematica` (encoded by protoc from the golden
file plus the future fields) and `project.json` (the golden JSON plus the same
fields under their names). Needs protoc (Debian's protobuf-compiler).
"""
import json
import pathlib
import re
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[2]
FUTURE = HERE / "future"

# message → fields added to it (declarations; numbers above any in use).
ADDED = {
    "Project": ['string future_note = 99;', 'repeated FutureThing future_things = 100;'],
    "Code": ['string future_code_field = 40;'],
    "Span": ['int64 future_span_field = 7;'],
    "SpeakerTurn": ['string future_turn_field = 9;'],
    "AttributeValue": ['string future_value_note = 9;'],
    "Document": ['FutureThing future_block = 50;'],
    "Memo": ['repeated string future_tags = 30;'],
}
NEW_MESSAGE = "message FutureThing {\n  string name = 1;\n  repeated int64 numbers = 2;\n  FutureThing child = 3;\n}\n"


def future_proto():
    text = (ROOT / "proto" / "thematica" / "v1" / "thematica.proto").read_text(encoding="utf-8")
    for message, fields in ADDED.items():
        pattern = re.compile(rf"^message {message} \{{\n", re.M)
        assert pattern.search(text), message
        text = pattern.sub(lambda m: m.group(0) + "".join(f"  {f}\n" for f in fields), text, count=1)
    return text + "\n" + NEW_MESSAGE


def insert_after(text, anchor, addition, start=0):
    i = text.index(anchor, start) + len(anchor)
    return text[:i] + addition + text[i:], i


def main():
    base, future = sys.argv[1], sys.argv[2]
    major, minor = future.split(".")
    FUTURE.mkdir(exist_ok=True)
    (FUTURE / "thematica.proto").write_text(future_proto(), encoding="utf-8")
    protoc = ["protoc", f"-I{FUTURE}", "-I/usr/include", str(FUTURE / "thematica.proto")]
    golden = (HERE / f"v{base}" / "project.thematica").read_bytes()
    text = subprocess.run(protoc[:-1] + ["--decode=thematica.v1.Project", protoc[-1]], input=golden,
                          capture_output=True, check=True).stdout.decode("utf-8")
    text = re.sub(r"format_version \{[^}]*\}", f"format_version {{\n  major: {major}\n  minor: {minor}\n}}", text, count=1)
    text = ('future_note: "written by Thematica ' + future + '"\n'
            'future_things {\n  name: "outer"\n  numbers: 1\n  numbers: -2\n'
            '  child {\n    name: "inner ✓"\n  }\n}\n') + text
    text, _ = insert_after(text, "\ncodes {\n", '  future_code_field: "code-level"\n')
    text, at = insert_after(text, "\ncases {\n", "")
    text, _ = insert_after(text, "    value {\n", '      future_value_note: "map value"\n', at)
    text, at = insert_after(text, "\ndocuments {\n", '  future_block {\n    name: "doc"\n  }\n')
    text, at = insert_after(text, "  speaker_turns {\n", '    future_turn_field: "turn"\n', at)
    text, _ = insert_after(text, "    span {\n", "      future_span_field: 11\n", at)
    text, at = insert_after(text, "\nexcerpts {\n", "")
    text, _ = insert_after(text, "  span {\n", "    future_span_field: 22\n", at)
    text, _ = insert_after(text, "\nmemos {\n", '  future_tags: "a"\n  future_tags: "b"\n')
    encoded = subprocess.run(protoc[:-1] + ["--encode=thematica.v1.Project", protoc[-1]],
                             input=text.encode("utf-8"), capture_output=True, check=True).stdout
    (FUTURE / "project.thematica").write_bytes(encoded)

    data = json.loads((HERE / f"v{base}" / "project.json").read_text(encoding="utf-8"))
    data["format_version"] = {"major": int(major), "minor": int(minor)}
    data["future_note"] = f"written by Thematica {future}"
    data["future_things"] = [{"name": "outer", "numbers": ["1", "-2"], "child": {"name": "inner ✓"}}]
    data["codes"][0]["future_code_field"] = "code-level"
    case = next(c for c in data["cases"] if c.get("attributes"))
    next(iter(case["attributes"].values()))["future_value_note"] = "map value"
    doc = next(d for d in data["documents"] if d.get("speaker_turns"))
    doc["future_block"] = {"name": "doc"}
    doc["speaker_turns"][0]["future_turn_field"] = "turn"
    doc["speaker_turns"][0]["span"]["future_span_field"] = "11"
    data["excerpts"][0]["span"]["future_span_field"] = "22"
    data["memos"][0]["future_tags"] = ["a", "b"]
    (FUTURE / "project.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n",
                                         encoding="utf-8")
    (FUTURE / "VERSION").write_text(f"{future} (hand-made from the {base} golden files)\n")
    print(f"wrote {FUTURE}")


if __name__ == "__main__":
    main()
