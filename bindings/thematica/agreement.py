"""Inter-coder agreement statistics, computed in C++.

Unit-based statistics take ratings the way the literature gives them::

    from thematica import agreement
    agreement.cohen_kappa(["a", "b", "a"], ["a", "b", "b"])          # two coders' labels
    agreement.cohen_kappa(table=[[20, 5], [10, 15]])                   # a q×q table → 0.4
    agreement.cohen_kappa(a, b, weights="quadratic", labels=[1, 2, 3])
    agreement.fleiss_kappa([[0, 0, 14], [2, 6, 6], ...])               # subjects × categories
    agreement.gwet_ac(counts=[[0, 0, 6], [0, 3, 3], ...])              # AC1, many raters
    agreement.gwet_ac(ratings=[[1, 2, None], [1, 3, 2], [1, 3, 2]])    # rows are raters
    agreement.conger_kappa(ratings=data)                               # many raters
    agreement.krippendorff_alpha([[1, 2, None], [1, 3, 2]], level="ordinal")
    agreement.alpha_bootstrap(data, level="nominal", seed=1)           # CI and P(α < min)

Conventions:
- Missing values are ``None`` or NaN. For two-coder statistics a unit missing for
  either coder is left out; Krippendorff's alpha drops units with fewer than two
  values and never treats missing as a category.
- Labels may be any hashable values. Weighted coefficients and ordinal alpha need
  an order: ``labels`` gives it (and may include categories nobody used, which then
  count in q); without ``labels`` the sorted set of values seen is used.
- Many raters (``counts=`` or ``ratings=``; Fleiss, Gwet, Conger) follow Gwet (2014)
  and the irrCAC package: ``counts`` has one row per subject and one column per
  category; ``ratings`` has one row per rater and one column per unit (as for
  Krippendorff's alpha), missing values allowed. Observed agreement averages over
  units with two or more ratings; the category shares over every rated unit.
- Undefined results (no variation, nothing pairable, an empty table) raise
  ``thematica.ConflictError`` (a ``ValueError``) with the reason; no NaN is returned.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any, Dict, Hashable, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd  # type: ignore[import-untyped]

from ._core import InvalidArgumentError
from ._core import _agreement as _c  # type: ignore[attr-defined]

Weights = Union[None, str, Sequence[Sequence[float]]]

__all__ = [
    "percent_agreement", "cohen_kappa", "scott_pi", "gwet_ac", "brennan_prediger",
    "fleiss_kappa", "conger_kappa", "multi_rater", "krippendorff_alpha", "alpha_bootstrap",
    "coefficient", "unitized_alpha", "AlphaBootstrapResult", "UnitizedAlphaResult",
]


def _missing(x: Any) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def _order(values: Iterable[Hashable], labels: Optional[Sequence[Hashable]]) -> List[Hashable]:
    if labels is not None:
        order = list(labels)
        if len(set(order)) != len(order):
            raise ValueError("labels repeat a category")
        return order
    seen = list(dict.fromkeys(v for v in values if not _missing(v)))
    try:
        return sorted(seen)  # type: ignore[type-var]
    except TypeError:
        return seen  # Unorderable labels: first-seen order (fine for unweighted statistics).


def _table(a: Optional[Sequence[Hashable]], b: Optional[Sequence[Hashable]],
           table: Optional[Sequence[Sequence[float]]],
           labels: Optional[Sequence[Hashable]]) -> List[List[float]]:
    if table is not None:
        if a is not None or b is not None:
            raise ValueError("give either two coders' ratings or table=, not both")
        return [[float(x) for x in row] for row in table]
    if a is None or b is None:
        raise ValueError("give two coders' ratings, or table=")
    a, b = list(a), list(b)
    if len(a) != len(b):
        raise ValueError(f"the two coders rated different numbers of units ({len(a)} and {len(b)})")
    order = _order(a + b, labels)
    index = {label: i for i, label in enumerate(order)}
    q = len(order)
    rows = [[0.0] * q for _ in range(q)]
    for x, y in zip(a, b):
        if _missing(x) or _missing(y):
            continue
        for v in (x, y):
            if v not in index:
                raise ValueError(f"value {v!r} is not among labels {order!r}")
        rows[index[x]][index[y]] += 1
    return rows


def _weights(weights: Weights, q: int) -> List[float]:
    if weights is None:
        return []
    if isinstance(weights, str):
        return list(_c.make_weights(weights, q))
    flat = [float(w) for row in weights for w in row]
    return flat


def coefficient(name: str, a=None, b=None, *, table=None, weights: Weights = None,
                labels=None) -> Dict[str, float]:
    """The coefficient `name` ("percent", "cohen", "scott", "gwet",
    "brennan_prediger") with its parts: {"value", "observed", "expected"}."""
    rows = _table(a, b, table, labels)
    return dict(_c.table_coefficient(name, rows, _weights(weights, len(rows))))


def percent_agreement(a=None, b=None, *, table=None, weights: Weights = None, labels=None) -> float:
    """Share of units the two coders put in the same category (weighted: Σ w·p)."""
    return coefficient("percent", a, b, table=table, weights=weights, labels=labels)["value"]


def cohen_kappa(a=None, b=None, *, table=None, weights: Weights = None, labels=None) -> float:
    """Cohen's kappa; weights None (unweighted), "linear", "quadratic" or a q×q matrix."""
    return coefficient("cohen", a, b, table=table, weights=weights, labels=labels)["value"]


def scott_pi(a=None, b=None, *, table=None, weights: Weights = None, labels=None) -> float:
    """Scott's pi (chance agreement from the pooled margins)."""
    return coefficient("scott", a, b, table=table, weights=weights, labels=labels)["value"]


def gwet_ac(a=None, b=None, *, table=None, counts=None, ratings=None, weights: Weights = None,
            labels=None) -> float:
    """Gwet's AC1 (unweighted) or AC2 (weighted): of two coders (a, b or table=), or
    of many raters from ``counts=`` (subjects × categories) or ``ratings=`` (raters ×
    units)."""
    if counts is not None or ratings is not None:
        if a is not None or b is not None or table is not None:
            raise ValueError("give two coders' ratings, table=, counts= or ratings=, only one")
        return multi_rater("gwet", counts=counts, ratings=ratings, weights=weights, labels=labels)["value"]
    return coefficient("gwet", a, b, table=table, weights=weights, labels=labels)["value"]


def brennan_prediger(a=None, b=None, *, table=None, weights: Weights = None, labels=None) -> float:
    """Brennan–Prediger's coefficient (uniform chance agreement over q categories)."""
    return coefficient("brennan_prediger", a, b, table=table, weights=weights, labels=labels)["value"]


def multi_rater(name: str, *, counts=None, ratings=None, weights: Weights = None,
                labels=None) -> Dict[str, float]:
    """The many-rater coefficient `name` ("fleiss", "gwet" or "conger") with its
    parts {"value", "observed", "expected"}, from ``counts`` (one row per subject,
    one column per category: how many raters chose it) or ``ratings`` (one row per
    rater, one column per unit; labels as in `cohen_kappa`). Conger's kappa needs
    ``ratings`` (it uses each rater's own category shares)."""
    if (counts is None) == (ratings is None):
        raise ValueError("give counts= (subjects × categories) or ratings= (raters × units)")
    if ratings is not None:
        data, q = _category_indices(ratings, labels)
        w = _weights(weights, q)
        if name == "conger":
            return dict(_c.conger(data, q, w))
        table = _c.counts_from_ratings(data, q)
    else:
        if name == "conger":
            raise ValueError("Conger's kappa needs ratings= (each rater's own ratings), not counts")
        table = np.asarray(counts, dtype=np.float64)
        if table.ndim != 2:
            raise ValueError("counts must be a table: one row per subject, one column per category")
        w = _weights(weights, table.shape[1])
    return dict(_c.multi_rater(name, table, w))


def _category_indices(ratings: Any, labels: Optional[Sequence[Hashable]]) -> "tuple[np.ndarray, int]":
    """Raters × units as category indices 0..q-1 (NaN missing), and q."""
    try:
        numeric = np.asarray(ratings, dtype=np.float64)
    except (TypeError, ValueError):
        numeric = None
    if numeric is None or numeric.ndim != 2:
        order = _order((v for r in ratings for v in r), labels)
        return _reliability_data(ratings, "nominal", order), len(order)
    present = ~np.isnan(numeric)
    seen, inverse = np.unique(numeric[present], return_inverse=True)
    order = list(labels) if labels is not None else [v.item() for v in seen]
    if len(set(order)) != len(order):
        raise ValueError("labels repeat a category")
    index = {label: i for i, label in enumerate(order)}
    mapped = np.empty(len(seen), dtype=np.float64)
    for i, v in enumerate(seen):
        if v.item() not in index:
            raise ValueError(f"value {v.item()!r} is not among labels {order!r}")
        mapped[i] = index[v.item()]
    out = np.full(numeric.shape, np.nan)
    out[present] = mapped[inverse]
    return out, len(order)


def fleiss_kappa(counts: Optional[Sequence[Sequence[float]]] = None, *, ratings=None,
                 weights: Weights = None, labels=None) -> float:
    """Fleiss' kappa of many raters from counts (one row per subject, one column
    per category, each entry the number of raters who chose that category) or
    from ``ratings=`` (raters × units, missing allowed)."""
    return multi_rater("fleiss", counts=counts, ratings=ratings, weights=weights, labels=labels)["value"]


def conger_kappa(ratings, *, weights: Weights = None, labels=None) -> float:
    """Conger's (1980) kappa of many raters (rows are raters, columns units);
    Cohen's kappa when there are two raters."""
    return multi_rater("conger", ratings=ratings, weights=weights, labels=labels)["value"]


def _reliability_data(data: Any, level: str, labels: Optional[Sequence[Hashable]]) -> np.ndarray:
    if isinstance(data, np.ndarray) and data.dtype.kind in "fiu" and labels is None:
        return np.asarray(data, dtype=np.float64)
    rows = [list(r) for r in data]
    for i, r in enumerate(rows):
        if len(r) != len(rows[0]):
            raise InvalidArgumentError(
                f"ragged reliability data: row {i} has {len(r)} values, row 0 has {len(rows[0])} "
                "(rows are coders, columns units; use None for a missing value)")
    if level in ("interval", "ratio"):
        out = np.empty((len(rows), len(rows[0]) if rows else 0), dtype=np.float64)
        for i, r in enumerate(rows):
            for j, v in enumerate(r):
                out[i, j] = np.nan if _missing(v) else float(v)
        return out
    order = _order((v for r in rows for v in r), labels)
    index = {label: float(i) for i, label in enumerate(order)}
    out = np.full((len(rows), len(rows[0]) if rows else 0), np.nan, dtype=np.float64)
    for i, r in enumerate(rows):
        for j, v in enumerate(r):
            if _missing(v):
                continue
            if v not in index:
                raise ValueError(f"value {v!r} is not among labels {order!r}")
            out[i, j] = index[v]
    return out


def krippendorff_alpha(data: Any, level: str = "nominal", labels=None) -> float:
    """Krippendorff's alpha of coders × units data (rows are coders), level
    "nominal", "ordinal", "interval" or "ratio". Values may be any labels for
    nominal/ordinal data (ordinal order from ``labels`` or sorting)."""
    return _c.alpha(_reliability_data(data, level, labels), level)


class _Result(Mapping):
    """A typed result that also reads like the dict earlier versions returned
    (``r["alpha"]`` is ``r.alpha``)."""

    def __getitem__(self, key: str) -> Any:
        if key not in self._keys():
            raise KeyError(key)
        return getattr(self, key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys())

    def __len__(self) -> int:
        return len(self._keys())

    def _keys(self) -> List[str]:
        return [f.name for f in dataclasses.fields(self)]  # type: ignore[arg-type]


@dataclasses.dataclass(frozen=True, eq=True)
class AlphaBootstrapResult(_Result):
    """Krippendorff's alpha with its bootstrap confidence interval [low, high]
    and, per minimum, the share of replicates below it."""

    alpha: float
    low: float
    high: float
    confidence: float
    replicates: int
    probability_below: Dict[float, float]

    def frame(self) -> pd.DataFrame:
        """One row: alpha, low, high, confidence, replicates, and a column
        ``P(alpha < m)`` per minimum m."""
        row: Dict[str, Any] = {"alpha": self.alpha, "low": self.low, "high": self.high,
                               "confidence": self.confidence, "replicates": self.replicates}
        for m, p in self.probability_below.items():
            row[f"P(alpha < {m:g})"] = p
        return pd.DataFrame([row])



def alpha_bootstrap(data: Any, level: str = "nominal", labels=None, replicates: int = 1000,
                    seed: int = 1, confidence: float = 0.95,
                    minimums: Sequence[float] = (0.667, 0.8)) -> AlphaBootstrapResult:
    """Alpha with a bootstrap confidence interval (Hayes & Krippendorff 2007) and
    the probability that alpha is below each minimum, as an
    `AlphaBootstrapResult` (fields alpha, low, high, confidence, replicates,
    probability_below {min: p}; also readable as a dict; ``.frame()``). Seeded."""
    r = _c.alpha_bootstrap(_reliability_data(data, level, labels), level, replicates, seed,
                           confidence, list(minimums))
    return AlphaBootstrapResult(alpha=r["alpha"], low=r["low"], high=r["high"],
                                confidence=r["confidence"], replicates=r["replicates"],
                                probability_below=dict(r["probability_below"]))


@dataclasses.dataclass(frozen=True)
class UnitizedAlphaResult(_Result):
    """Krippendorff's unitized alphas: uα, |uα (binary), cuα with its coverage,
    and per value (code) its (k)uα and coverage. cu_alpha and a value's alpha
    are None where undefined."""

    u_alpha: float
    binary_alpha: float
    cu_alpha: Optional[float]
    cu_coverage: float
    per_value: Dict[Any, Tuple[Optional[float], float]]

    def frame(self) -> pd.DataFrame:
        """Per value: alpha ((k)uα) and coverage, indexed by value."""
        return pd.DataFrame([{"value": v, "alpha": a, "coverage": cov}
                             for v, (a, cov) in self.per_value.items()],
                            columns=["value", "alpha", "coverage"]).set_index("value")


def unitized_alpha(length: int, records: Sequence[Sequence[Any]]) -> UnitizedAlphaResult:
    """Krippendorff's unitized alphas (uα, |uα, cuα, (k)uα) on a continuum
    [0, length). `records` has one list per coder of (start, end, value)
    segments; values are any hashable labels; what a coder left out is a gap.
    A coder's segments must not overlap. Returns an `UnitizedAlphaResult`
    (u_alpha, binary_alpha, cu_alpha, cu_coverage, per_value {value: (alpha,
    coverage)}; also readable as a dict; ``.frame()`` per value)."""
    order = _order((seg[2] for rec in records for seg in rec), None)
    index = {label: i for i, label in enumerate(order)}
    converted = [[(int(s), int(e), index[v]) for s, e, v in rec] for rec in records]
    r = _c.unitized(int(length), max(len(order), 1), converted)
    return UnitizedAlphaResult(u_alpha=r["u_alpha"], binary_alpha=r["binary_alpha"],
                               cu_alpha=r["cu_alpha"], cu_coverage=r["cu_coverage"],
                               per_value=dict(zip(order, r["per_value"])))
