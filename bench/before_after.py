#!/usr/bin/env python3
"""Before and after a change, side by side in one run: builds
bench/project_io_bench and bench/analysis_bench at a base revision (in a
temporary git worktree) and at the working tree, runs them in alternation
on the same generated project, and prints the median of each figure with
after/before.

Issue 11 (the model-core redesign) is measured against the commit before it
began, 1f73b23:

    python3 bench/before_after.py                       # 100k documents, 1M excerpts
    python3 bench/before_after.py --documents 20000 --excerpts 200000 --rounds 5

Both builds are Release with the same compiler and flags. Ratios near 1.00
are noise; the machine's load shows in the spread of the rounds, printed
beside the medians."""
import argparse
import os
import pathlib
import re
import statistics
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
TARGETS = ["project_io_bench", "analysis_bench"]

# (figure, program, pattern): the first group of the first match is the figure,
# in seconds. Patterns cover both the base's and the current output.
FIGURES = [
    ("build: generate + validate", "project_io_bench", r"build \(generate \+ validate\):?\s+([\d.]+) s"),
    ("save record (.thematica)", "project_io_bench",
     r"(?:save \.thematica\s+([\d.]+) s|binary\s+saved in ([\d.]+) s)"),
    ("load record (own process)", "project_io_bench",
     r"(?:load \.thematica \(validated, own process\)\s+([\d.]+) s|binary\s+saved in [\d.]+ s, loaded in ([\d.]+) s)"),
    ("save JSON", "project_io_bench", r"(?:save \.json\s+([\d.]+) s|json\s+saved in ([\d.]+) s)"),
    ("load JSON (own process)", "project_io_bench",
     r"(?:load \.json \(validated, own process\)\s+([\d.]+) s|json\s+saved in [\d.]+ s, loaded in ([\d.]+) s)"),
    ("analysis index build", "analysis_bench", r"building the analysis index once: ([\d.]+)s"),
    ("co-occurrence of all codes", "analysis_bench", r"co-occurrence of all codes\s+([\d.]+)s"),
    ("codes x role crosstab", "analysis_bench", r"codes × role crosstab \(cases\)\s+([\d.]+)s"),
]


def build(source, build_dir):
    env = dict(os.environ, CCACHE_BASEDIR=str(source.parent), CCACHE_NOHASHDIR="1")
    launcher = ["-DCMAKE_CXX_COMPILER_LAUNCHER=ccache"] if subprocess.run(
        ["which", "ccache"], capture_output=True).returncode == 0 else []
    subprocess.run(["cmake", "-S", str(source), "-B", str(build_dir), "-G", "Ninja",
                    "-DCMAKE_BUILD_TYPE=Release", "-DTHEMATICA_BUILD_BENCHMARKS=ON",
                    "-DTHEMATICA_BUILD_TESTS=OFF", "-DTHEMATICA_BUILD_PYTHON=OFF",
                    "-DTHEMATICA_BUILD_CLI=OFF", *launcher],
                   check=True, stdout=subprocess.DEVNULL, env=env)
    subprocess.run(["cmake", "--build", str(build_dir), "--target", *TARGETS], check=True,
                   stdout=subprocess.DEVNULL, env=env)
    return {t: next(build_dir.rglob(t)) for t in TARGETS}


def figures(outputs):
    out = {}
    for name, program, pattern in FIGURES:
        m = re.search(pattern, outputs[program])
        if m:
            out[name] = float(next(g for g in m.groups() if g is not None))
    return out


def run(programs, args, scratch):
    extra = {"project_io_bench": [f"--dir={scratch}"]}  # Where it writes its files.
    return {t: subprocess.run([str(programs[t]), *args, *extra.get(t, [])],
                              check=True, capture_output=True, text=True).stdout for t in TARGETS}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="1f73b23", help="the revision to compare with")
    parser.add_argument("--documents", type=int, default=100000)
    parser.add_argument("--excerpts", type=int, default=1000000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "thematica-before-after"))
    a = parser.parse_args()
    work = pathlib.Path(a.work)
    work.mkdir(parents=True, exist_ok=True)
    base_tree = work / f"base-{a.base}"
    if not base_tree.exists():
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(base_tree), a.base],
                       check=True, stdout=subprocess.DEVNULL)
    print(f"building {a.base} and the working tree (Release)…", file=sys.stderr)
    before = build(base_tree, work / f"build-base-{a.base}")
    after = build(ROOT, work / "build-current")
    args = [f"--documents={a.documents}", f"--excerpts={a.excerpts}"]
    scratch = work / "files"
    scratch.mkdir(exist_ok=True)
    runs = {"before": [], "after": []}
    for r in range(a.rounds):
        for side, programs in (("before", before), ("after", after)) if r % 2 == 0 else (
                ("after", after), ("before", before)):
            runs[side].append(figures(run(programs, args, scratch)))
            print(f"round {r + 1}/{a.rounds}: {side} done", file=sys.stderr)
    print(f"before = {a.base}, after = working tree; {a.documents} documents, {a.excerpts} excerpts, "
          f"median of {a.rounds} alternating rounds (seconds)")
    print(f"{'figure':32} {'before':>9} {'after':>9} {'after/before':>13}   spread before | after")
    for name, _, _ in FIGURES:
        b = [f[name] for f in runs["before"] if name in f]
        c = [f[name] for f in runs["after"] if name in f]
        if not b or not c:
            print(f"{name:32} {'n/a':>9} {'n/a':>9}")
            continue
        mb, mc = statistics.median(b), statistics.median(c)
        ratio = mc / mb if mb > 0 else float("nan")
        print(f"{name:32} {mb:9.3f} {mc:9.3f} {ratio:12.2f}×   {min(b):.3f}–{max(b):.3f} | {min(c):.3f}–{max(c):.3f}")


if __name__ == "__main__":
    main()
