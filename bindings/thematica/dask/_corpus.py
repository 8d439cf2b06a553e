"""thematica.dask.Corpus: per-partition Projects, partial results merged by a
Dask tree reduction, finalised into the DataFrames of Project's methods."""

from __future__ import annotations

import dataclasses
import glob as _glob
import os
import pathlib
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

import numbers

import numpy as np
import pandas as pd  # type: ignore[import-untyped]

try:
    import dask
    import dask.dataframe as dd
except ImportError:  # pragma: no cover - depends on the environment
    raise ImportError("thematica.dask needs Dask: pip install 'thematica[dask]'") from None

from .. import partials
from .._core import InvalidArgumentError, Project, _Table
from .._analysis import word_frequency_arguments
from .._import import _cell

# Partials merged per reduction task: a tree of this fan-in.
_SPLIT_EVERY = 8


@dataclasses.dataclass(frozen=True)
class _Rule:
    code: str
    pattern: str
    scope: str
    regex: bool
    case_sensitive: bool
    accent_sensitive: bool


@dataclasses.dataclass(frozen=True)
class _Spec:
    """How every partition's Project is built: the same steps in the same order."""

    text: str
    name: str
    attributes: Tuple[str, ...]
    types: Tuple[Tuple[str, str], ...]
    codings: Optional[str] = None
    coders: Tuple[str, ...] = ()
    codes: Tuple[str, ...] = ()
    rules: Tuple[_Rule, ...] = ()


def _coding_fields(item: Any) -> Tuple[str, str, int, int]:
    """(coder, code, start, end) of a coding given as a dict or a sequence."""
    if isinstance(item, Mapping):
        return str(item["coder"]), str(item["code"]), int(item["start"]), int(item["end"])
    coder, code, start, end = item
    return str(coder), str(code), int(start), int(end)


def _build(frame: pd.DataFrame, spec: _Spec) -> Tuple[Project, List[dict]]:
    """The partition's Project, and what each autocode rule did to it."""
    p = Project()
    p.history_enabled = False  # A bulk automated build: no undo log to keep.
    types = dict(spec.types)
    columns = [spec.name, spec.text, *spec.attributes]
    if len(frame):
        # import_table's reading of a DataFrame (every cell through _cell), a
        # column at a time and without the per-cell call for text cells.
        cells = [[v if isinstance(v, str) else _cell(v) for v in frame[c]] for c in columns]
        table = _Table("the DataFrame", [str(c) for c in columns], [list(row) for row in zip(*cells)])
        p._import_table(table, [spec.text], spec.name, list(spec.attributes), spec.name, types, True)
    known = {a.name for a in p.attributes}
    for attribute in spec.attributes:
        if attribute not in known:  # A partition with no value (or no row) for it.
            p.add_attribute(attribute, types.get(attribute, "text"))
    for coder in spec.coders:
        p.add_coder(coder)
    for code in spec.codes:
        p.codebook.add_code(code)
    if spec.codings is not None:
        for name, items in zip(frame[spec.name], frame[spec.codings]):
            if items is None or (not isinstance(items, (list, tuple, np.ndarray)) and pd.isna(items)):
                continue
            try:
                document = p.document(_cell(name))
            except KeyError:  # A row with empty text makes no document.
                continue
            for item in items:
                coder, code, start, end = _coding_fields(item)
                p.add_excerpt(document, start, end, codes=[code], coder=coder)
    results = [p.autocode(r.pattern, r.code, scope=r.scope, regex=r.regex,
                          case_sensitive=r.case_sensitive, accent_sensitive=r.accent_sensitive)
               for r in spec.rules]
    return p, results


def _aggregate(frame: pd.DataFrame, spec: _Spec, part: int, requests: Tuple[tuple, ...]) -> bytes:
    """The partition's partial results for `requests`, as bytes."""
    p, results = _build(frame, spec)
    out = []
    for request in requests:
        kind = request[0]
        if kind == "autocode":
            for rule, result in list(zip(spec.rules, results))[request[1]:]:
                out.append(partials.autocode(p, p.codebook.find(rule.code).id, result))
        elif kind == "hits":
            for rank, (label, pattern, regex, case_sensitive, accent_sensitive) in enumerate(request[1]):
                out.append(partials.search(p, label, pattern, rank, regex, case_sensitive, accent_sensitive))
        elif kind == "cooccurrence":
            out.append(partials.cooccurrence(p, [p.codebook.find(c).id for c in request[1]]))
        elif kind == "crosstab":
            out.append(partials.crosstab(p, request[1], request[2]))
        elif kind == "words":
            out.append(partials.words(p, request[1], request[2], part))
        elif kind == "agreement":
            a, b, codes, documents = request[1:]
            out.append(partials.agreement(p, [p.coder(c).id for c in a], [p.coder(c).id for c in b],
                                          [p.codebook.find(c).id for c in codes], documents))
    return partials.merge(out)


def _tree_merge(parts: List[Any]) -> Any:
    """A Dask tree reduction of partial-result bytes."""
    merge = dask.delayed(partials.merge, pure=True)
    if not parts:
        return merge([])
    while len(parts) > 1:
        parts = [merge(parts[i:i + _SPLIT_EVERY]) for i in range(0, len(parts), _SPLIT_EVERY)]
    return parts[0]


def _side(side: Any) -> Tuple[str, ...]:
    return (side,) if isinstance(side, str) else tuple(side)


def _read_files(paths: Sequence[str], encoding: str) -> pd.DataFrame:
    names, texts = [], []
    for path in paths:
        names.append(pathlib.Path(path).stem)
        with open(path, encoding=encoding) as f:
            texts.append(f.read())
    return pd.DataFrame({"id": pd.Series(names, dtype=object), "text": pd.Series(texts, dtype=object)})


def _search(frame: pd.DataFrame, spec: _Spec, args: tuple) -> pd.DataFrame:
    p, _ = _build(frame, spec)
    pattern, regex, case_sensitive, accent_sensitive, context = args
    return p.search(pattern, regex=regex, case_sensitive=case_sensitive,
                    accent_sensitive=accent_sensitive, context=context)


def _save(frame: pd.DataFrame, spec: _Spec, path: str) -> str:
    p, _ = _build(frame, spec)
    p.save(path)
    return path


_EXCERPT_COLUMNS = ["document", "case", "start", "end", "text", "codes", "coder", "provenance",
                    "provenance_detail", "id"]


def _excerpts(frame: pd.DataFrame, spec: _Spec) -> pd.DataFrame:
    p, _ = _build(frame, spec)
    out = p.excerpts_frame()
    return out.astype({"start": "int64", "end": "int64"}) if len(out) else _empty_excerpts()


def _empty_excerpts() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in _EXCERPT_COLUMNS})
    return frame.astype({"start": "int64", "end": "int64"})


class Aggregate:
    """Merged partial results of a corpus (``Corpus.aggregate``): finalise them
    into DataFrames without another pass over the corpus."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def hits(self) -> pd.DataFrame:
        """Autocode counts per code: excerpts, documents, already_coded, outside_turns."""
        rows = [{"code": label, "excerpts": x, "documents": d, "already_coded": a, "outside_turns": o}
                for label, _, d, x, a, o in partials.finalize_hits(self.data)]
        return pd.DataFrame(rows, columns=["code", "excerpts", "documents", "already_coded",
                                           "outside_turns"]).set_index("code")

    def cooccurrence(self, unit: str = "excerpts", measure: str = "count",
                     codes: Optional[Sequence[str]] = None) -> pd.DataFrame:
        """As Project.cooccurrence."""
        labels, values = partials.finalize_cooccurrence(self.data, unit, measure)
        data = np.asarray(values, dtype=float).reshape(len(labels), len(labels))
        if measure == "count":
            data = data.astype(np.int64)
        frame = pd.DataFrame(data, index=pd.Index(labels, name="code"), columns=labels)
        if codes is not None:  # In the order asked for, as Project gives them.
            order = list(codes)
            frame = frame.loc[order, order]
        return frame

    def crosstab(self, attribute: str, unit: str = "cases", totals: bool = False) -> pd.DataFrame:
        """As Project.crosstab (``frame.attrs["totals"]``: units per column)."""
        labels, columns, counts, per_column = partials.finalize_crosstab(self.data, unit)
        frame = pd.DataFrame(np.asarray(counts, dtype=np.int64).reshape(len(labels), len(columns)),
                             index=pd.Index(labels, name="code"),
                             columns=pd.Index(columns, name=attribute))
        frame.attrs["totals"] = dict(zip(columns, per_column))
        if totals:
            frame.columns = pd.Index([f"{c} (n={n})" for c, n in zip(columns, per_column)],
                                     name=attribute)
        return frame

    def word_frequencies(self, by: str = "project", top: Optional[int] = None) -> pd.DataFrame:
        """As Project.word_frequencies."""
        rows = partials.finalize_words(self.data, top or 0)
        frame = pd.DataFrame([{"group": g, "word": w, "count": n} for g, w, n in rows],
                             columns=["group", "word", "count"])
        return frame.drop(columns=["group"]) if by == "project" else frame

    def agreement(self) -> pd.DataFrame:
        """As Project.agreement(method="nvivo"): a row per code pooled over the
        covered documents (``attrs["documents"]``: how many)."""
        rows, pooled = partials.finalize_agreement(self.data)
        frame = pd.DataFrame(rows, columns=["code", "both", "only_a", "only_b", "neither", "total",
                                            "percent", "kappa"]).set_index("code")
        frame.attrs["documents"] = pooled["documents"]
        return frame

    def pooled_agreement(self) -> pd.DataFrame:
        """As Project.pooled_agreement(...).frame(): one row."""
        _, pooled = partials.finalize_agreement(self.data)
        return pd.DataFrame([{k: pooled[k] for k in ("percent", "kappa", "alpha", "documents",
                                                      "characters", "codes")}])


class Corpus:
    """A corpus partitioned by document (see the module docstring).

    frame: a pandas or Dask DataFrame, a row per document; ``text`` and
    ``name`` name its columns; ``attributes`` become case attributes (type
    "text" unless ``types`` says "number", "date" or "boolean"); ``codings``
    names an optional column holding each document's codings as
    ``{"coder", "code", "start", "end"}`` dicts or (coder, code, start, end)
    tuples (offsets in code points), for the agreement statistics.
    """

    def __init__(self, frame: Any, text: str = "text", name: str = "id",
                 attributes: Sequence[str] = (), npartitions: Optional[int] = None,
                 types: Optional[Dict[str, str]] = None, codings: Optional[str] = None,
                 codes: Sequence[str] = (), coders: Sequence[str] = ()) -> None:
        if npartitions is not None and (isinstance(npartitions, bool) or not isinstance(npartitions, numbers.Integral)
                                        or npartitions < 1):
            raise InvalidArgumentError(f"npartitions must be a positive int, not {npartitions!r}")
        columns = [name, text, *attributes] + ([codings] if codings else [])
        if isinstance(frame, pd.DataFrame):
            missing = [c for c in columns if c not in frame.columns]
            if missing:
                raise InvalidArgumentError(f"the frame has no column {missing[0]!r}")
            n = npartitions or max(1, len(frame) // 50_000 + 1)
            # Object columns stay objects (lists of codings, text as written).
            with dask.config.set({"dataframe.convert-string": False}):
                frame = dd.from_pandas(frame[columns], npartitions=n, sort=False)
        elif isinstance(frame, dd.DataFrame):
            missing = [c for c in columns if c not in frame.columns]
            if missing:
                raise InvalidArgumentError(f"the frame has no column {missing[0]!r}")
            frame = frame[columns]
            if npartitions is not None and npartitions != frame.npartitions:
                frame = frame.repartition(npartitions=npartitions)
        else:
            raise InvalidArgumentError("Corpus needs a pandas or Dask DataFrame (or Corpus.from_files / "
                                       "from_parquet)")
        self.frame = frame
        all_types = {a: "text" for a in attributes}
        all_types.update(types or {})
        code_list, coder_list = list(codes), list(coders)
        if codings is not None and (not codes or not coders):
            found_codes, found_coders = self._coding_names(frame, codings)
            code_list = code_list or found_codes
            coder_list = coder_list or found_coders
        self._spec = _Spec(text=text, name=name, attributes=tuple(attributes),
                           types=tuple(sorted(all_types.items())), codings=codings,
                           coders=tuple(coder_list), codes=tuple(code_list))

    @staticmethod
    def _coding_names(frame: Any, column: str) -> Tuple[List[str], List[str]]:
        """Codes and coders the codings name, sorted (one pass)."""
        def names(part: pd.DataFrame) -> Tuple[set, set]:
            codes, coders = set(), set()
            for items in part[column]:
                if items is None or (not isinstance(items, (list, tuple, np.ndarray)) and pd.isna(items)):
                    continue
                for item in items:
                    coder, code, _, _ = _coding_fields(item)
                    codes.add(code)
                    coders.add(coder)
            return codes, coders
        found = dask.compute(*[dask.delayed(names)(part) for part in frame.to_delayed()])
        codes = set().union(*[c for c, _ in found]) if found else set()
        coders = set().union(*[c for _, c in found]) if found else set()
        return sorted(codes), sorted(coders)

    @classmethod
    def from_files(cls, pattern: str, npartitions: Optional[int] = None, encoding: str = "utf-8",
                   **kwargs: Any) -> "Corpus":
        """Plain-text files matching the glob `pattern`, one document each named
        by the file's stem (columns "id" and "text"), in path order."""
        paths = sorted(_glob.glob(pattern, recursive=True))
        if not paths:
            raise FileNotFoundError(f"no file matches {pattern!r}")
        n = min(len(paths), npartitions or max(1, len(paths) // 1000))
        chunks = [paths[len(paths) * k // n:len(paths) * (k + 1) // n] for k in range(n)]
        meta = pd.DataFrame({"id": pd.Series(dtype=object), "text": pd.Series(dtype=object)})
        with dask.config.set({"dataframe.convert-string": False}):
            frame = dd.from_map(_read_files, chunks, encoding=encoding, meta=meta, enforce_metadata=False)
        return cls(frame, text="text", name="id", **kwargs)

    @classmethod
    def from_parquet(cls, path: Union[str, os.PathLike], text: str = "text", name: str = "id",
                     attributes: Sequence[str] = (), npartitions: Optional[int] = None,
                     **kwargs: Any) -> "Corpus":
        """A Parquet file or directory of them, a row per document."""
        frame = dd.read_parquet(os.fspath(path))
        return cls(frame, text=text, name=name, attributes=attributes, npartitions=npartitions, **kwargs)

    @property
    def npartitions(self) -> int:
        return int(self.frame.npartitions)

    # ------------------------------------------------------------ reduction --

    def aggregate(self, *requests: tuple) -> Aggregate:
        """One pass over the corpus computing several partial results, e.g.
        ``corpus.aggregate(("cooccurrence", ()), ("crosstab", "role", False),
        ("words", "project", []))``; finalise with the returned Aggregate."""
        spec = self._spec
        aggregate = dask.delayed(_aggregate, pure=True)
        parts = [aggregate(part, spec, k, tuple(requests)) for k, part in enumerate(self.frame.to_delayed())]
        (data,) = dask.compute(_tree_merge(parts))
        return Aggregate(data)

    # ------------------------------------------------------------- analyses --

    def autocode(self, rules: Mapping[str, str], scope: str = "hit", regex: bool = False,
                 case_sensitive: bool = False, accent_sensitive: bool = True,
                 counts: bool = True) -> Optional[pd.DataFrame]:
        """Codes every hit of each pattern with its code ({"Trust": "trust", …};
        codes are created when new), widened to `scope` as Project.autocode does.
        The rules are kept: every later analysis sees the coded corpus. Returns
        per code: excerpts created, documents coded, already_coded, outside_turns
        (one pass over the corpus; with counts=False nothing is computed now, and
        ``aggregate(("autocode", k), …)`` counts the rules from the k-th on
        together with other results)."""
        if scope not in ("hit", "sentence", "paragraph", "turn", "speaker"):
            raise InvalidArgumentError(
                f'unknown scope "{scope}" (expected hit, sentence, paragraph, turn or speaker)')
        new = tuple(_Rule(str(code), str(pattern), scope, regex, case_sensitive, accent_sensitive)
                    for code, pattern in rules.items())
        codes = self._spec.codes + tuple(dict.fromkeys(r.code for r in new if r.code not in self._spec.codes))
        first = len(self._spec.rules)
        self._spec = dataclasses.replace(self._spec, codes=codes, rules=self._spec.rules + new)
        return self.aggregate(("autocode", first)).hits() if counts else None

    def hit_counts(self, patterns: Mapping[str, str], regex: bool = False, case_sensitive: bool = False,
                   accent_sensitive: bool = True) -> pd.DataFrame:
        """Search hits and documents with a hit per pattern ({label: pattern}),
        without collecting the hits."""
        items = tuple((str(label), str(pattern), regex, case_sensitive, accent_sensitive)
                      for label, pattern in patterns.items())
        rows = [{"pattern": label, "hits": h, "documents": d}
                for label, h, d, _, _, _ in partials.finalize_hits(self.aggregate(("hits", items)).data)]
        return pd.DataFrame(rows, columns=["pattern", "hits", "documents"]).set_index("pattern")

    def search(self, pattern: str, regex: bool = False, case_sensitive: bool = False,
               accent_sensitive: bool = True, context: int = 40) -> pd.DataFrame:
        """Keyword in context, as Project.search (every hit comes back: use
        hit_counts for counts of a large corpus)."""
        search = dask.delayed(_search, pure=True)
        args = (pattern, regex, case_sensitive, accent_sensitive, context)
        frames = dask.compute(*[search(part, self._spec, args) for part in self.frame.to_delayed()])
        columns = ["document", "start", "end", "before", "hit", "after"]
        kept = [f for f in frames if len(f)]
        return pd.concat(kept, ignore_index=True) if kept else pd.DataFrame(columns=columns)

    def cooccurrence(self, unit: str = "excerpts", measure: str = "count",
                     codes: Optional[Sequence[str]] = None) -> pd.DataFrame:
        """Code × code co-occurrence, as Project.cooccurrence."""
        names = () if codes is None else tuple(codes)
        return self.aggregate(("cooccurrence", names)).cooccurrence(unit, measure, codes)

    def crosstab(self, attribute: str, unit: str = "cases", include_descendants: bool = False,
                 totals: bool = False) -> pd.DataFrame:
        """Codes × values of an attribute, as Project.crosstab."""
        if attribute not in self._spec.attributes:
            raise InvalidArgumentError(f"{attribute!r} is not one of the corpus's attributes "
                                       f"{list(self._spec.attributes)}")
        return self.aggregate(("crosstab", attribute, include_descendants)).crosstab(attribute, unit, totals)

    def word_frequencies(self, by: str = "project", stopwords: Union[None, str, Iterable[str]] = "english",
                         top: Optional[int] = None) -> pd.DataFrame:
        """Word counts, as Project.word_frequencies."""
        stop = word_frequency_arguments(stopwords, top)
        return self.aggregate(("words", by, tuple(stop))).word_frequencies(by, top)

    def agreement(self, coders: Sequence[Any], codes: Optional[Sequence[str]] = None,
                  documents: str = "double-coded") -> pd.DataFrame:
        """Character-level agreement per code of two coders (or groups: a list),
        as Project.agreement(method="nvivo")."""
        return self._agreement(coders, codes, documents).agreement()

    def pooled_agreement(self, coders: Sequence[Any], codes: Optional[Sequence[str]] = None,
                         documents: str = "double-coded") -> pd.DataFrame:
        """One figure across codes, as Project.pooled_agreement(...).frame()."""
        return self._agreement(coders, codes, documents).pooled_agreement()

    def _agreement(self, coders: Sequence[Any], codes: Optional[Sequence[str]], documents: str) -> Aggregate:
        if len(coders) != 2:
            raise ValueError("agreement compares two coders or coder groups: coders=[a, b]")
        a, b = (_side(s) for s in coders)
        return self.aggregate(("agreement", a, b, tuple(codes or ()), documents))

    # ------------------------------------------------------------- writing --

    def to_projects(self, directory: Union[str, os.PathLike]) -> List[str]:
        """Saves each partition's coded Project as directory/part-00000.thematica, …
        Returns the paths."""
        os.makedirs(directory, exist_ok=True)
        save = dask.delayed(_save, pure=True)
        paths = [os.path.join(os.fspath(directory), f"part-{k:05d}.thematica") for k in range(self.npartitions)]
        return list(dask.compute(*[save(part, self._spec, path)
                                   for part, path in zip(self.frame.to_delayed(), paths)]))

    def to_parquet(self, path: Union[str, os.PathLike]) -> None:
        """Writes the coded excerpts (the columns of Project.excerpts_frame) as a
        Parquet dataset, a file per partition."""
        import pyarrow as pa  # type: ignore[import-untyped]

        schema = pa.schema([("document", pa.string()), ("case", pa.string()), ("start", pa.int64()),
                            ("end", pa.int64()), ("text", pa.string()), ("codes", pa.list_(pa.string())),
                            ("coder", pa.string()), ("provenance", pa.string()),
                            ("provenance_detail", pa.string()), ("id", pa.string())])
        excerpts = dask.delayed(_excerpts, pure=True)
        with dask.config.set({"dataframe.convert-string": False}):
            frame = dd.from_delayed([excerpts(part, self._spec) for part in self.frame.to_delayed()],
                                    meta=_empty_excerpts(), verify_meta=False)
            frame.to_parquet(os.fspath(path), schema=schema, write_index=False)
