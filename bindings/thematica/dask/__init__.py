"""Corpora beyond one machine: a corpus partitioned by document into Dask
partitions, analysed per partition as small partial results
(``thematica.partials``) that merge into exactly the answer one Project gives.

    import thematica.dask as tmd
    corpus = tmd.Corpus(frame, text="text", name="id", attributes=["role"], npartitions=8)
    corpus.autocode({"Trust": "trust", "Doubt": "not sure"}, scope="sentence")
    corpus.cooccurrence(unit="cases")      # pandas DataFrame, as Project.cooccurrence
    corpus.crosstab("role")                # as Project.crosstab

Each partition becomes a Project (``import_table`` of its rows: a document
and a case per row, named by ``name``), its codebook and autocode rules
replayed in the same order; results come back as pandas DataFrames equal to
the Project methods' on one project built the same way from every row.
Install with ``pip install thematica[dask]``. Runs on whatever Dask scheduler
is active (a ``dask.distributed.Client`` when one exists).
"""

from ._corpus import Aggregate, Corpus  # noqa: F401

__all__ = ["Aggregate", "Corpus"]
