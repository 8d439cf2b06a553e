"""Figures for AI-assisted coding (README "AI-assisted coding").

1. The example study (examples/peer_support, the paper's coding):
   leave-one-participant-out — for each participant, `learned` is trained on
   the other participants' coded passages and suggests codes for this one's
   paragraphs; per code, precision, recall, F1 and Cohen's kappa of those
   suggestions against the paper's coding, pooled over participants.
   (`embedding` too when thematica[ai] is installed.)
2. A generated project of N documents (default 10,000) with a person's coding
   on 10% of them: training time and suggestion time of `learned`.

    PYTHONPATH=build/h/python python3 bench/ai_bench.py [--documents 10000]
"""

from __future__ import annotations

import argparse
import json
import pathlib
import random
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]


def lopo(method: str) -> list:
    import thematica as tm
    from thematica.ai import _units

    sys.path.insert(0, str(ROOT / "examples" / "peer_support"))
    import peer_support  # type: ignore[import-not-found]

    study = json.loads((ROOT / "examples" / "peer_support" / "study.json").read_text(encoding="utf-8"))
    p = peer_support.build(study)
    used = {c for e in p.excerpts() for c in e.code_ids}
    codes = [c for c in p.codebook.codes if c.id in used
             and sum(c.id in e.code_ids for e in p.excerpts()) >= 3]
    counts = {c.id: [0, 0, 0, 0] for c in codes}  # tp, fp, fn, tn
    docs = [d for d in p.documents if p.excerpts(document=d)]
    for d in docs:
        others = [o.id for o in docs if o.id != d.id]
        try:
            run = p.suggest(codes=[c.id for c in codes], documents=[d.id], method=method,
                            unit="paragraph", train_documents=others, seed=0)
        except tm.Error as e:  # A code with no example left in training.
            print(f"  {d.name}: skipped ({e})", file=sys.stderr)
            continue
        for s, e in _units.units(d, "paragraph"):
            for c in codes:
                human = any(_units.covers((s, e), (x.start, x.end)) for x in p.excerpts(document=d.id, code=c.id))
                model = any(x.start == s and x.end == e for x in run.suggestions
                            if x.code_id == c.id)
                counts[c.id][(0 if model else 2) if human else (1 if model else 3)] += 1
        p.remove_run(run)
    rows = []
    for c in codes:
        tp, fp, fn, tn = counts[c.id]
        n = tp + fp + fn + tn
        precision = tp / (tp + fp) if tp + fp else float("nan")
        recall = tp / (tp + fn) if tp + fn else float("nan")
        f1 = 2 * tp / (2 * tp + fp + fn) if 2 * tp + fp + fn else float("nan")
        po = (tp + tn) / n
        pe = ((tp + fp) * (tp + fn) + (fn + tn) * (fp + tn)) / (n * n)
        kappa = (po - pe) / (1 - pe) if pe != 1 else float("nan")
        rows.append((p.codebook.path(c.id), tp + fn, tp, fp, fn, tn, precision, recall, f1, kappa))
    return rows


WORDS = ("support peer worker hospital trust money housing family nurse doctor clinic drug use harm "
         "reduction bridge voice advocacy stigma care discharge shelter food friend phone visit "
         "week month afraid safe listen help time talk").split()
KEYWORDS = {"Trust": "trust", "Housing": "housing", "Stigma": "stigma", "Advocacy": "voice",
            "Discharge": "discharge"}


def generated(n_documents: int) -> dict:
    import thematica as tm

    rng = random.Random(1)
    p = tm.Project(title="generated")
    p.set_id_seed(1)
    ana = p.add_coder("Ana")
    codes = {name: p.codebook.add_code(name) for name in KEYWORDS}
    t0 = time.perf_counter()
    for i in range(n_documents):
        sentences = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14))).capitalize() + "."
                     for _ in range(rng.randint(3, 8))]
        text = " ".join(sentences)
        d = p.add_document(f"D{i:05d}", text)
        if i % 10 == 0:  # A person coded one document in ten.
            pos = 0
            for s in sentences:
                start = text.index(s, pos)
                pos = start + len(s)
                for name, word in KEYWORDS.items():
                    if word in s.split() or word + "." in s.split():
                        p.add_excerpt(d, start, pos, codes=[codes[name]], coder=ana)
    build = time.perf_counter() - t0
    names = list(KEYWORDS)
    one = [p.documents[1].id]
    t0 = time.perf_counter()
    p.suggest(codes=names, documents=one, method="learned", seed=0)
    train = time.perf_counter() - t0
    t0 = time.perf_counter()
    run = p.suggest(codes=names, method="learned", seed=0)
    total = time.perf_counter() - t0
    units = sum(len(__import__("thematica.ai._units", fromlist=["units"]).units(d, "sentence"))
                for d in p.documents)
    return {"documents": n_documents, "coded_documents": (n_documents + 9) // 10,
            "units": units, "excerpts": len(p.excerpts()), "build_s": build,
            "train_s": train, "train_and_suggest_s": total, "suggest_s": total - train,
            "suggestions": len(run.suggestions)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=10000)
    args = parser.parse_args()
    from thematica.ai import _embedding

    methods = ["learned"] + (["embedding"] if _embedding.available() else [])
    for method in methods:
        print(f"## Example study, leave-one-participant-out, method={method}, unit=paragraph\n")
        print("| Code | Coded | TP | FP | FN | TN | Precision | Recall | F1 | Kappa |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        for row in lopo(method):
            print("| " + " | ".join([row[0]] + [str(x) for x in row[1:6]] +
                                    [f"{x:.2f}" for x in row[6:]]) + " |")
        print()
    print(f"## Generated project, method=learned, unit=sentence\n")
    g = generated(args.documents)
    for k, v in g.items():
        print(f"- {k}: {v:.2f}" if isinstance(v, float) else f"- {k}: {v}")


if __name__ == "__main__":
    main()
