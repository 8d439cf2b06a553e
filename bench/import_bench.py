"""Importing Word transcripts: 1,000 generated .docx interviews of ~8,000
words each, imported by Thematica (``Project.import_files``: text, speaker
turns, cases, the original file kept) against python-docx extracting the
same paragraphs' text, measured in the same run. Checks that both see the
same paragraphs.

    python3 bench/import_bench.py [--files 1000] [--words 8000] [--keep DIR]

The files are python-docx's own package with a generated word/document.xml
(runs split as Word splits them, a table, a header), zipped by zipfile.
"""
import argparse
import io
import os
import pathlib
import random
import shutil
import sys
import tempfile
import time
import zipfile
from xml.sax.saxutils import escape

import docx

import thematica as tm

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WORDS = ("peer worker hospital nurse voice bridge trust listen stigma care drugs withdrawal "
         "discharge family support pain respect judged treatment doctor felt really know "
         "café naïve 😀 because always never together understand").split()


def template() -> dict:
    """python-docx's default package, entry name → bytes."""
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with zipfile.ZipFile(buffer) as z:
        return {name: z.read(name) for name in z.namelist()}


def run(text: str) -> str:
    return f'<w:r><w:rPr><w:lang w:val="en-GB"/></w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def transcript(rng: random.Random, words: int) -> tuple:
    """(document.xml, the paragraphs' text)."""
    paragraphs, total, turn = [], 0, 0
    while total < words:
        speaker = "Interviewer" if turn % 2 == 0 else f"P{rng.randint(1, 40)}"
        n = rng.randint(5, 25) if speaker == "Interviewer" else rng.randint(20, 60)
        body = " ".join(rng.choice(WORDS) for _ in range(n))
        paragraphs.append(f"{speaker}: {body}.")
        total += n + 1
        turn += 1
    xml = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W}"><w:body>']
    for text in paragraphs:
        # Word splits a paragraph into runs at formatting and revision marks.
        cut = text.find(" ", len(text) // 2)
        xml.append(f'<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr>{run(text[:cut])}{run(text[cut:])}</w:p>')
    xml.append("<w:sectPr/></w:body></w:document>")
    return "".join(xml).encode("utf-8"), paragraphs


def write_files(folder: pathlib.Path, files: int, words: int) -> list:
    base = template()
    rng = random.Random(12)
    paths = []
    for k in range(files):
        xml, _ = transcript(rng, words)
        path = folder / f"interview_{k:04d}.docx"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in base.items():
                z.writestr(name, xml if name == "word/document.xml" else data)
        paths.append(path)
    return paths


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--words", type=int, default=8000)
    parser.add_argument("--keep", help="write the files here and keep them")
    args = parser.parse_args()
    folder = pathlib.Path(args.keep or tempfile.mkdtemp(prefix="thematica_import_bench_"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        paths = write_files(folder, args.files, args.words)
        size = sum(p.stat().st_size for p in paths)
        print(f"{len(paths):,} .docx transcripts of ~{args.words:,} words ({size / 1e6:.1f} MB)")

        start = time.perf_counter()
        theirs = [[p.text for p in docx.Document(str(path)).paragraphs] for path in paths]
        theirs_t = time.perf_counter() - start

        start = time.perf_counter()
        project = tm.Project()
        docs = project.import_files(paths)
        ours_t = time.perf_counter() - start

        for doc, paragraphs in zip(docs, theirs):
            if doc.text.split("\n") != paragraphs:
                print(f"{doc.name}: paragraphs differ from python-docx's", file=sys.stderr)
                return 1
        turns = sum(len(d.speaker_turns) for d in docs)
        print(f"thematica import_files: {ours_t:8.2f} s  ({len(paths) / ours_t:7.1f} files/s; "
              f"{turns:,} turns, {len(project.cases)} cases, originals kept)")
        print(f"python-docx paragraphs: {theirs_t:8.2f} s  ({len(paths) / theirs_t:7.1f} files/s)")
        print(f"ratio: {theirs_t / ours_t:.1f}× (goal ≥ 5×); the same paragraphs in all {len(paths):,} files")
        return 0 if theirs_t / ours_t >= 5 else 2
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
