"""thematica.dask at scale: a generated corpus of short documents (survey
answers), streamed — each partition is generated inside a worker from its
seed, so no process ever holds the corpus — autocoded with three rules and
aggregated (autocode counts, co-occurrence of every unit, the codes × role
crosstab, project word frequencies) in one pass, on a LocalCluster of 1 and
of 2 worker processes. Prints time, throughput, peak resident memory per
worker and the speed-up.

    PYTHONPATH=build/dev/python python3 bench/dask_bench.py --documents 10000000
    python3 bench/dask_bench.py --documents 200000 --workers 1 2
"""

import argparse
import resource
import time

import numpy as np
import pandas as pd

import dask.dataframe as dd
from dask.distributed import Client, LocalCluster

import thematica as tm
import thematica.dask as tmd

VOCABULARY = np.array(["i", "trust", "my", "doctor", "nurse", "waiting", "times", "were", "long", "not",
                       "sure", "about", "the", "care", "café", "staff", "listened", "kind", "rude",
                       "helpful", "東京", "naïve", "bridge", "felt", "safe", "again", "never", "help"])
ROLES = np.array(["patient", "carer", "nurse", ""], dtype=object)
RULES = {"Trust": "trust", "Doubt": "not sure", "Waiting": "waiting"}


def generate(part, documents_per_part, total):
    """Partition `part` of the corpus, from its seed alone."""
    first = part * documents_per_part
    count = max(0, min(documents_per_part, total - first))
    rng = np.random.default_rng(part)
    lengths = rng.integers(3, 16, size=count)
    words = VOCABULARY[rng.integers(0, len(VOCABULARY), size=int(lengths.sum()))]
    ends = np.cumsum(lengths)
    texts = [" ".join(words[e - n:e]) for n, e in zip(lengths, ends)]
    roles = ROLES[rng.integers(0, len(ROLES), size=count)]
    return pd.DataFrame({"id": pd.Series([f"r{first + i}" for i in range(count)], dtype=object),
                         "text": pd.Series(texts, dtype=object),
                         "role": pd.Series(roles, dtype=object)})


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB.


def run(workers, documents, per_part):
    parts = (documents + per_part - 1) // per_part
    meta = generate(0, 0, 0)
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      memory_limit=0) as cluster, Client(cluster) as client:
        frame = dd.from_map(generate, range(parts), documents_per_part=per_part, total=documents, meta=meta,
                            enforce_metadata=False)
        corpus = tmd.Corpus(frame, text="text", name="id", attributes=["role"])
        started = time.perf_counter()
        corpus.autocode(RULES, scope="sentence", counts=False)
        result = corpus.aggregate(("autocode", 0), ("cooccurrence", ()), ("crosstab", "role", False),
                                  ("words", "project", tuple(tm._core.english_stopwords())))
        elapsed = time.perf_counter() - started
        peaks = sorted(client.run(peak_rss_mib).values())
    hits = result.hits()
    crosstab = result.crosstab("role")
    return {"workers": workers, "seconds": elapsed, "peaks": peaks, "hits": hits,
            "cooccurrence": result.cooccurrence("documents"), "crosstab": crosstab,
            "cases": sum(crosstab.attrs["totals"].values()),
            "top": result.word_frequencies("project", top=3)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=10_000_000)
    parser.add_argument("--per-partition", type=int, default=100_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    runs = [run(w, args.documents, args.per_partition) for w in args.workers]
    parts = (args.documents + args.per_partition - 1) // args.per_partition
    print(f"{args.documents:,} documents in {parts} partitions of {args.per_partition:,}; "
          f"rules {RULES} (sentence scope)")
    print(f"{'workers':>7} {'seconds':>9} {'docs/s':>10} {'peak RSS per worker (MiB)':>28} {'speed-up':>9}")
    for r in runs:
        speedup = runs[0]["seconds"] / r["seconds"]
        peaks = ", ".join(f"{p:.0f}" for p in r["peaks"])
        print(f"{r['workers']:>7} {r['seconds']:>9.1f} {args.documents / r['seconds']:>10,.0f} {peaks:>28} "
              f"{speedup:>8.2f}x")
    first = runs[0]
    for r in runs[1:]:  # Same answer whatever the cluster.
        assert r["hits"].equals(first["hits"]) and r["cooccurrence"].equals(first["cooccurrence"])
        assert r["crosstab"].equals(first["crosstab"])
    print(f"cases counted: {first['cases']:,}")
    print(first["hits"].to_string())
    print(first["crosstab"].to_string())
    print(first["top"].to_string(index=False))


if __name__ == "__main__":
    main()
