"""Validating a suggestion run against people (Project.validation_sample,
.run_metrics, .validation_report): a blind sample to code, per-code
precision, recall, F1 and kappa with intervals, and a report for a methods
section."""

from __future__ import annotations

import hashlib
import math
import random
from typing import Any, Dict, List, Optional, Sequence, Tuple

import pandas as pd  # type: ignore[import-untyped]

from .._core import InvalidArgumentError, Project
from . import _units
from ._runs import _run_id
from ._training import _doc_units, _labels, _training_spans


def validation_sample(self: Project, run: Any, n: int = 100, stratify: str = "code",
                      seed: int = 0) -> pd.DataFrame:
    """Draws passages (the run's units in the documents it read) for a person
    to code blind: per code (stratify="code") about n / codes passages, half
    among those the run suggested and half among those it did not (fewer when
    there are not enough), shuffled. Columns: document, start, end, text,
    code; which were suggested is kept apart in ``frame.attrs["suggested"]``
    (a list of booleans, row by row) so the coder does not see it."""
    if stratify not in ("code", "none"):
        raise InvalidArgumentError('stratify must be "code" or "none"')
    rid = _run_id(self, run)
    r = self._suggestion_run(rid)
    unit = r.unit if r.unit in _units.UNITS else "sentence"
    docs = [d for d, _ in r.documents if d in {x.id for x in self.documents}]
    units = _doc_units(self, docs, unit)
    rng = random.Random(seed)
    rows = []
    codes = list(r.code_ids)
    per_code = [n // len(codes) + (1 if i < n % len(codes) else 0) for i in range(len(codes))] \
        if stratify == "code" else None
    pool_all = []
    for k, c in enumerate(codes):
        spans = [(s.document_id, s.start, s.end) for s in r.suggestions if s.code_id == c]
        yes = [u for u in units if any(u[0] == d and _units.covers((u[1], u[2]), (s, e)) for d, s, e in spans)]
        yes_set = set(yes)
        no = [u for u in units if u not in yes_set]
        if per_code is None:
            pool_all += [(u, c, True) for u in yes] + [(u, c, False) for u in no]
            continue
        want = per_code[k]
        take_yes = min(len(yes), (want + 1) // 2)
        take_no = min(len(no), want - take_yes)
        take_yes = min(len(yes), want - take_no)
        rows += [(u, c, True) for u in rng.sample(yes, take_yes)]
        rows += [(u, c, False) for u in rng.sample(no, take_no)]
    if per_code is None:
        rows = rng.sample(pool_all, min(n, len(pool_all)))
    rng.shuffle(rows)
    frame = pd.DataFrame(
        [{"document": self.document(d).name, "start": s, "end": e, "text": self.document(d).text[s:e],
          "code": self.codebook.path(c)} for (d, s, e), c, _ in rows],
        columns=["document", "start", "end", "text", "code"])
    frame.attrs["suggested"] = [flag for _, _, flag in rows]
    frame.attrs["run"] = rid
    return frame


def _wilson(k: int, n: int, z: float = 1.959964) -> Tuple[Optional[float], Optional[float]]:
    if n == 0:
        return None, None
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return max(0.0, c - h), min(1.0, c + h)


def _kappa(tp: int, fp: int, fn: int, tn: int) -> Optional[float]:
    n = tp + fp + fn + tn
    if n == 0:
        return None
    po = (tp + tn) / n
    pe = ((tp + fp) * (tp + fn) + (fn + tn) * (fp + tn)) / (n * n)
    return None if pe == 1 else (po - pe) / (1 - pe)


def _run_time(r: Any) -> Optional[Any]:
    import datetime
    import re

    if not r.created:
        return None
    text = re.sub(r"(\.\d{6})\d+", r"\1", r.created).replace("Z", "+00:00")
    return datetime.datetime.fromisoformat(text)


def _trained_on(p: Project, r: Any) -> set:
    """Documents holding people's codings of the run's codes made before the
    run: what a learned or embedding run learned from, so not a fair test."""
    when = _run_time(r)
    if when is None:
        return set()
    codes = set(r.code_ids)
    return {e.document_id for e in p.excerpts(provenance="human")
            if e.created is not None and e.created < when and codes.intersection(e.code_ids)}


def _bootstrap_intervals(h: Any, m: Any, units: int, bootstrap: int,
                         rng: Any) -> Tuple[Tuple[Optional[float], Optional[float]],
                                            Tuple[Optional[float], Optional[float]]]:
    """95% percentile bootstrap intervals of F1 and kappa between the person's
    labels `h` and the model's `m` (numpy arrays of 0/1 over `units` units),
    resampling units `bootstrap` times with `rng` (a numpy Generator)."""
    import numpy as np

    f1_ci: Tuple[Optional[float], Optional[float]] = (None, None)
    k_ci: Tuple[Optional[float], Optional[float]] = (None, None)
    f1s, ks = [], []
    for _ in range(bootstrap):
        idx = rng.integers(0, units, units)
        hh, mm = h[idx], m[idx]
        a = int(((hh == 1) & (mm == 1)).sum())
        b = int(((hh == 0) & (mm == 1)).sum())
        d_ = int(((hh == 1) & (mm == 0)).sum())
        e_ = len(idx) - a - b - d_
        if 2 * a + b + d_:
            f1s.append(2 * a / (2 * a + b + d_))
        kv = _kappa(a, b, d_, e_)
        if kv is not None:
            ks.append(kv)
    if f1s:
        f1_ci = (float(np.percentile(f1s, 2.5)), float(np.percentile(f1s, 97.5)))
    if ks:
        k_ci = (float(np.percentile(ks, 2.5)), float(np.percentile(ks, 97.5)))
    return f1_ci, k_ci


def run_metrics(self: Project, run: Any, against: Any, documents: Optional[Sequence[Any]] = None,
                bootstrap: int = 1000, seed: int = 0) -> pd.DataFrame:
    """Per code of the run, its suggestions (every suggestion, whatever its
    status) against a person or a consensus (a list of coders: a passage
    counts as coded when all of them coded it), unit by unit over
    `documents` — by default the documents the run read, less those holding
    people's codings of its codes made before the run (what it learned from;
    ``frame.attrs["documents"]`` names those compared): tp, fp, fn, tn, precision,
    recall, f1, kappa (Cohen's, units as items) with 95% intervals —
    Wilson for precision and recall, percentile bootstrap over units
    (`bootstrap` resamples, `seed`) for f1 and kappa."""
    import numpy as np

    rid = _run_id(self, run)
    r = self._suggestion_run(rid)
    unit = r.unit if r.unit in _units.UNITS else "sentence"
    people = against if isinstance(against, (list, tuple)) else [against]
    people_ids = [self.coder(c).id for c in people]
    if documents is None:
        trained = _trained_on(self, r) if r.method in ("learned", "embedding") else set()
        existing = {d.id for d in self.documents}
        docs = [d for d, _ in r.documents if d in existing and d not in trained]
    else:
        docs = [self.document(d).id for d in documents]
    units = _doc_units(self, docs, unit)
    rows = []
    rng = np.random.default_rng(seed)
    for c in r.code_ids:
        per_person = []
        for pid in people_ids:
            coded = _training_spans(self, [c], [pid], set(docs))
            per_person.append(_labels(units, coded, c))
        human = [int(all(v)) for v in zip(*per_person)] if per_person else []
        spans: Dict[str, List[Tuple[int, int]]] = {}
        for s in r.suggestions:
            if s.code_id == c:
                spans.setdefault(s.document_id, []).append((s.start, s.end))
        model = [int(any(_units.covers((s, e), x) for x in spans.get(d, []))) for d, s, e in units]
        h = np.asarray(human, dtype=int)
        m = np.asarray(model, dtype=int)
        tp = int(((h == 1) & (m == 1)).sum())
        fp = int(((h == 0) & (m == 1)).sum())
        fn = int(((h == 1) & (m == 0)).sum())
        tn = int(((h == 0) & (m == 0)).sum())
        precision = tp / (tp + fp) if tp + fp else None
        recall = tp / (tp + fn) if tp + fn else None
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else (0.0 if fp + fn else None)
        kappa = _kappa(tp, fp, fn, tn)
        f1_ci: Tuple[Optional[float], Optional[float]] = (None, None)
        k_ci: Tuple[Optional[float], Optional[float]] = (None, None)
        if bootstrap and len(units):
            f1_ci, k_ci = _bootstrap_intervals(h, m, len(units), bootstrap, rng)
        p_ci = _wilson(tp, tp + fp)
        r_ci = _wilson(tp, tp + fn)
        rows.append({"code": self.codebook.path(c), "units": len(units), "tp": tp, "fp": fp, "fn": fn,
                     "tn": tn, "precision": precision, "precision_low": p_ci[0], "precision_high": p_ci[1],
                     "recall": recall, "recall_low": r_ci[0], "recall_high": r_ci[1],
                     "f1": f1, "f1_low": f1_ci[0], "f1_high": f1_ci[1],
                     "kappa": kappa, "kappa_low": k_ci[0], "kappa_high": k_ci[1]})
    frame = pd.DataFrame(rows).set_index("code") if rows else pd.DataFrame()
    frame.attrs["against"] = [self.coder(c).name for c in people_ids]
    frame.attrs["unit"] = unit
    frame.attrs["documents"] = [self.document(d).name for d in docs]
    return frame


def _fmt(x: Any, digits: int = 2) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    return f"{x:.{digits}f}"


def validation_report(self: Project, run: Any, against: Any, format: str = "markdown",
                      sample: Optional[pd.DataFrame] = None, bootstrap: int = 1000, seed: int = 0) -> str:
    """A validation report of one run against a person or a consensus
    (Markdown, or format="html"): method, model and its SHA-256, parameters
    and seed, codebook and corpus digests, who started it and when, the
    sample (a `validation_sample` frame when given), and per code precision,
    recall, F1 and Cohen's kappa with 95% intervals (`run_metrics`) — ending
    in a paragraph to adapt for a methods section."""
    if format not in ("markdown", "html"):
        raise InvalidArgumentError('format must be "markdown" or "html"')
    rid = _run_id(self, run)
    r = self._suggestion_run(rid)
    m = run_metrics(self, rid, against, bootstrap=bootstrap, seed=seed)
    who = " and ".join(m.attrs["against"]) + (" (consensus)" if len(m.attrs["against"]) > 1 else "")
    starter = self.coder(r.started_by).name if r.started_by else "not recorded"
    params = ", ".join(f"{k}={v}" for k, v in sorted(r.parameters.items())) or "none"
    corpus = hashlib.sha256("".join(f"{d}:{h}\n" for d, h in r.documents).encode()).hexdigest()
    lines = [f"# Validation of suggestion run {rid}", "",
             f"- Method: {r.method} (unit: {r.unit})",
             f"- Model: {r.model or 'none'}",
             f"- Model SHA-256: {r.model_sha256 or 'n/a'}",
             f"- Parameters: {params}; seed {r.seed}",
             f"- Endpoint: {r.endpoint or 'none (offline)'}",
             f"- Codes: {', '.join(self.codebook.path(c) for c in r.code_ids)}",
             f"- Codebook SHA-256: {r.codebook_sha256}",
             f"- Documents read: {len(r.documents)} (SHA-256 of their digests: {corpus})",
             f"- Started by {starter} at {r.created}",
             f"- Suggestions: {len(r.suggestions)}",
             f"- Compared with: {who}, {m.attrs['unit']} by {m.attrs['unit']}, in "
             f"{len(m.attrs['documents'])} documents the run did not learn from"]
    if sample is not None:
        flags = sample.attrs.get("suggested", [])
        lines.append(f"- Validation sample: {len(sample)} passages ({sum(flags)} suggested, "
                     f"{len(flags) - sum(flags)} not), drawn blind")
    lines += ["", "| Code | Units | Precision (95% CI) | Recall (95% CI) | F1 (95% CI) | Kappa (95% CI) |",
              "|---|---|---|---|---|---|"]
    for code, row in m.iterrows():
        def ci(name: str) -> str:
            return f"{_fmt(row[name])} ({_fmt(row[name + '_low'])}–{_fmt(row[name + '_high'])})"
        lines.append(f"| {code} | {int(row['units'])} | {ci('precision')} | {ci('recall')} | {ci('f1')} | {ci('kappa')} |")
    kappas = ", ".join(f"{code} κ = {_fmt(row['kappa'])} [{_fmt(row['kappa_low'])}, {_fmt(row['kappa_high'])}]"
                       for code, row in m.iterrows())
    lines += ["", "## For the methods section", "",
              f"Suggestions were generated with Thematica's {r.method} method"
              + (f" ({r.model}; model SHA-256 {r.model_sha256[:12]}…)" if r.model_sha256 else
                 (f" ({r.model})" if r.model else ""))
              + f" with parameters {params} and seed {r.seed}, over {len(r.documents)} documents "
              f"(codebook SHA-256 {r.codebook_sha256[:12]}…). Suggestions were kept apart from the "
              f"human coding until reviewed. Against {who}, agreement per {m.attrs['unit']} was: "
              f"{kappas} (Cohen's kappa, 95% percentile bootstrap intervals over {bootstrap} "
              f"resamples, seed {seed}); precision and recall intervals are Wilson score intervals."]
    text = "\n".join(lines) + "\n"
    if format == "markdown":
        return text
    return _report_html(lines)


def _report_html(lines: List[str]) -> str:
    """The report's Markdown lines as an HTML article."""
    import html
    out = ["<article class=\"thematica-validation\">"]
    in_table = False
    for line in lines:
        if line.startswith("# "):
            out.append(f"<h1>{html.escape(line[2:])}</h1>")
        elif line.startswith("## "):
            out.append(f"<h2>{html.escape(line[3:])}</h2>")
        elif line.startswith("- "):
            out.append(f"<p>{html.escape(line[2:])}</p>")
        elif line.startswith("|---"):
            continue
        elif line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            tag = "th" if not in_table else "td"
            if not in_table:
                out.append("<table>")
                in_table = True
            out.append("<tr>" + "".join(f"<{tag}>{html.escape(c)}</{tag}>" for c in cells) + "</tr>")
        elif line:
            out.append(f"<p>{html.escape(line)}</p>")
        elif in_table:
            out.append("</table>")
            in_table = False
    out.append("</article>")
    return "\n".join(out) + "\n"
