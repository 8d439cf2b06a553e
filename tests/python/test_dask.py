"""thematica.dask on a LocalCluster of two worker processes: every answer is
compared with the single-machine tm.Project built from the same rows (the
oracle is Project's own methods on one project), including non-ASCII text,
documents without hits, missing attribute values, empty texts, many
partitions and more partitions than documents."""

import glob
import os
import random

import numpy as np
import pandas as pd
import pytest

import thematica as tm
from thematica import partials

dask = pytest.importorskip("dask", reason="thematica.dask needs dask (pip install thematica[dask])")
distributed = pytest.importorskip("dask.distributed", reason="the tests run on dask.distributed")
tmd = pytest.importorskip("thematica.dask")

WORDS = ["trust", "Trust", "doctor", "café", "cafe", "naïve", "東京", "wait", "not", "sure",
         "nurse", "Ärztin", "don’t", "the", "and", "bridge"]
ROLES = ["patient", "nurse", None, "Ärztin"]
CODERS = ["ana", "ben"]
CODES = ["Place", "Trust"]  # Coded by the coders (sorted, as Corpus finds them).
RULES = {"Trust": "trust", "Doubt": "not sure", "Food": "cafe"}


def make_frame(n, seed):
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        sentences = []
        for _ in range(rng.randint(1, 3)):
            words = rng.choices(WORDS if i % 5 else WORDS[5:], k=rng.randint(0, 7))
            sentences.append(" ".join(words))
        text = ". ".join(sentences) if i != 7 else ""  # One row with empty text: no document.
        codings = []
        length = len(text)
        for _ in range(rng.randint(0, 3) if length > 1 else 0):
            a, b = sorted(rng.sample(range(length + 1), 2))
            codings.append({"coder": rng.choice(CODERS), "code": rng.choice(CODES), "start": a, "end": b})
        rows.append({"id": f"doc{i:03d}", "text": text, "role": ROLES[rng.randrange(4)], "codings": codings})
    return pd.DataFrame(rows)


def single_project(frame, rules=RULES, scope="sentence", codes=CODES):
    """The oracle: one Project built from every row, as the Corpus documents it."""
    p = tm.Project()
    p.import_table(frame[["id", "text", "role"]], text="text", name="id", attributes=["role"], case="id",
                   types={"role": "text"})
    for coder in CODERS:
        p.add_coder(coder)
    for code in codes + [c for c in rules if c not in codes]:
        p.codebook.add_code(code)
    for name, text, codings in zip(frame["id"], frame["text"], frame["codings"]):
        for c in codings:
            p.add_excerpt(name, c["start"], c["end"], codes=[c["code"]], coder=c["coder"])
    results = {code: p.autocode(pattern, code, scope=scope) for code, pattern in rules.items()}
    return p, results


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                       dashboard_address=None)
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


@pytest.fixture(scope="module")
def frame():
    return make_frame(60, seed=5)


@pytest.fixture(scope="module")
def oracle(frame):
    return single_project(frame)


@pytest.fixture(scope="module")
def corpus(client, frame):
    c = tmd.Corpus(frame, text="text", name="id", attributes=["role"], codings="codings", npartitions=4)
    c.autocode(RULES, scope="sentence")
    return c


def test_autocode_counts_equal_the_project(client, frame, oracle):
    c = tmd.Corpus(frame, attributes=["role"], codings="codings", npartitions=5)
    got = c.autocode(RULES, scope="sentence")
    _, results = oracle
    for code, r in results.items():
        assert got.loc[code, "excerpts"] == len(r["excerpts"])
        assert got.loc[code, "already_coded"] == r["already_coded"]
        assert got.loc[code, "documents"] == len({e.document_id for e in r["excerpts"]})
    assert got["excerpts"].sum() > 0
    assert list(got.index) == list(RULES)


def test_cooccurrence_equals_the_project(corpus, oracle):
    p, _ = oracle
    agg = corpus.aggregate(("cooccurrence", ()))
    for unit in ("excerpts", "documents", "cases"):
        for measure in ("count", "jaccard", "c"):
            pd.testing.assert_frame_equal(agg.cooccurrence(unit, measure), p.cooccurrence(unit, measure))
    assert p.cooccurrence("excerpts").to_numpy().sum() > 0
    pd.testing.assert_frame_equal(corpus.cooccurrence("cases", "jaccard", codes=["Trust", "Place"]),
                                  p.cooccurrence("cases", "jaccard", codes=["Trust", "Place"]))


def test_crosstab_equals_the_project(corpus, oracle):
    p, _ = oracle
    for descendants in (False, True):
        agg = corpus.aggregate(("crosstab", "role", descendants))
        for unit in ("cases", "documents", "excerpts"):
            expected = p.crosstab("role", unit=unit, include_descendants=descendants)
            got = agg.crosstab("role", unit)
            pd.testing.assert_frame_equal(got, expected)
            assert got.attrs["totals"] == expected.attrs["totals"]
    assert "(missing)" in corpus.crosstab("role").columns  # Rows without a role were counted.
    pd.testing.assert_frame_equal(corpus.crosstab("role", totals=True), p.crosstab("role", totals=True))


@pytest.mark.parametrize("by", ["project", "document", "case", "code"])
def test_word_frequencies_equal_the_project(corpus, oracle, by):
    p, _ = oracle
    agg = corpus.aggregate(("words", by, tuple(tm._core.english_stopwords())))
    pd.testing.assert_frame_equal(agg.word_frequencies(by), p.word_frequencies(by=by))
    pd.testing.assert_frame_equal(corpus.word_frequencies(by=by, stopwords=None, top=3),
                                  p.word_frequencies(by=by, stopwords=None, top=3))


@pytest.mark.parametrize("documents", ["double-coded", "all"])
def test_agreement_equals_the_project(corpus, oracle, documents):
    p, _ = oracle
    got = corpus.agreement(["ana", "ben"], documents=documents)
    expected = p.agreement(["ana", "ben"], documents=documents)
    pd.testing.assert_frame_equal(got, expected, check_flags=False)
    assert got.attrs["documents"] == len(expected.attrs["documents"])
    pd.testing.assert_frame_equal(corpus.pooled_agreement(["ana", "ben"], documents=documents),
                                  p.pooled_agreement(["ana", "ben"], documents=documents).frame())


def test_search_and_hit_counts_equal_the_project(corpus, oracle):
    p, _ = oracle
    pd.testing.assert_frame_equal(corpus.search("café", accent_sensitive=False, context=10),
                                  p.search("café", accent_sensitive=False, context=10))
    counts = corpus.hit_counts({"east": "東京", "none": "zebra"})
    for label, pattern in (("east", "東京"), ("none", "zebra")):
        hits = p.search(pattern)
        assert counts.loc[label, "hits"] == len(hits)
        assert counts.loc[label, "documents"] == hits["document"].nunique()
    assert counts.loc["east", "hits"] > 0


def test_more_partitions_than_documents(client):
    frame = make_frame(6, seed=9)
    p, _ = single_project(frame)
    c = tmd.Corpus(frame, attributes=["role"], codings="codings", npartitions=20)
    c.autocode(RULES, scope="sentence")
    pd.testing.assert_frame_equal(c.cooccurrence("documents", "c"), p.cooccurrence("documents", "c"))
    pd.testing.assert_frame_equal(c.crosstab("role", "documents"), p.crosstab("role", "documents"))
    pd.testing.assert_frame_equal(c.word_frequencies(by="case"), p.word_frequencies(by="case"))


def test_dask_frame_files_and_parquet(client, frame, tmp_path):
    dd = pytest.importorskip("dask.dataframe")
    pytest.importorskip("pyarrow")
    plain = frame[["id", "text", "role"]].copy()
    expected, _ = single_project(plain.assign(codings=[[] for _ in range(len(plain))]), codes=[])
    # A Dask DataFrame, repartitioned.
    c = tmd.Corpus(dd.from_pandas(plain, npartitions=3), attributes=["role"], npartitions=7)
    c.autocode(RULES, scope="sentence")
    pd.testing.assert_frame_equal(c.crosstab("role", "excerpts"), expected.crosstab("role", "excerpts"))
    # Parquet in.
    plain.to_parquet(tmp_path / "in.parquet")
    c = tmd.Corpus.from_parquet(tmp_path / "in.parquet", attributes=["role"], npartitions=3)
    c.autocode(RULES, scope="sentence")
    pd.testing.assert_frame_equal(c.crosstab("role"), expected.crosstab("role"))
    # Files in: one document per file, named by its stem.
    os.makedirs(tmp_path / "texts")
    kept = plain[plain["text"] != ""]
    for name, text in zip(kept["id"], kept["text"]):
        (tmp_path / "texts" / f"{name}.txt").write_text(text, encoding="utf-8")
    files = tmd.Corpus.from_files(str(tmp_path / "texts" / "*.txt"), npartitions=4)
    pd.testing.assert_frame_equal(files.word_frequencies(by="document"),
                                  expected.word_frequencies(by="document"))
    # Coded excerpts out, as Parquet and as native project files.
    c.to_parquet(tmp_path / "out")
    back = pd.read_parquet(tmp_path / "out")
    key = ["document", "start", "end"]
    mine = expected.excerpts_frame()
    assert len(back) == len(mine) > 0
    pd.testing.assert_frame_equal(
        back.sort_values(key).reset_index(drop=True)[key + ["text", "case"]],
        mine.sort_values(key).reset_index(drop=True)[key + ["text", "case"]])
    assert sorted(map(list, back["codes"])) == sorted(mine["codes"])
    paths = c.to_projects(tmp_path / "projects")
    assert len(paths) == 3 and sorted(glob.glob(str(tmp_path / "projects" / "*.thematica"))) == paths
    loaded = [tm.load(path) for path in paths]
    assert sum(len(q.excerpts()) for q in loaded) == len(mine)
    assert [d.name for q in loaded for d in q.documents] == [d.name for d in expected.documents]


def test_partials_merge_in_any_order_and_tree_shape(frame):
    # Local (no cluster): the partials of 6 parts merged in random trees give the same bytes.
    spec_parts = []
    for k, part in enumerate(frame.iloc[i * 10:(i + 1) * 10] for i in range(6)):
        p, _ = single_project(part.reset_index(drop=True))
        spec_parts.append(partials.merge([partials.cooccurrence(p), partials.crosstab(p, "role"),
                                          partials.words(p, "document", [], k)]))
    reference = partials.merge(spec_parts)
    rng = random.Random(1)
    for _ in range(20):
        pool = list(spec_parts)
        rng.shuffle(pool)
        while len(pool) > 1:
            i = rng.randrange(len(pool) - 1)
            pool[i:i + 2] = [partials.merge(pool[i:i + 2])]
        assert pool[0] == reference
    codes, values = partials.finalize_cooccurrence(reference, "documents", "count")
    expected, _ = single_project(frame)
    assert values == expected.cooccurrence("documents").to_numpy().ravel().tolist()


def test_corrupt_partials_are_refused():
    p, _ = single_project(make_frame(5, seed=2))
    data = partials.cooccurrence(p)
    assert partials.check(data) == data
    with pytest.raises(tm.FormatError):
        partials.check(b"\xff\xfe not a partial")
    with pytest.raises(tm.FormatError):
        partials.merge([data, data[: len(data) // 2]])
    with pytest.raises(ValueError):
        partials.merge([partials.words(p, "project"), partials.words(p, "document")])
