"""The "learned" method: per code, a linear classifier trained on the
project's own human codings.

Features: TF-IDF of word 1–2-grams and of character 2–5-grams (within word
boundaries), from scikit-learn (BSD-3-Clause); model: L2-regularised logistic
regression (liblinear, class weights balanced, ``random_state=seed``). Each
unit (sentence, paragraph or turn) is a training example, positive for a code
when a human excerpt with that code covers it (``_units.covers``).
"""

from __future__ import annotations

import hashlib
from typing import Any, Callable, Dict, List, Sequence, Tuple

Unit = Tuple[str, int, int]  # (document id, start, end)


def _sklearn() -> Any:
    try:
        import sklearn  # type: ignore[import-untyped]
        from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]
        from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]
        from sklearn.pipeline import FeatureUnion  # type: ignore[import-untyped]
    except ImportError as e:
        raise ImportError('method="learned" needs scikit-learn: pip install "thematica[ai]" '
                          "(or pip install scikit-learn)") from e
    return sklearn, TfidfVectorizer, LogisticRegression, FeatureUnion


def describe() -> str:
    sklearn, *_ = _sklearn()
    return (f"scikit-learn {sklearn.__version__} LogisticRegression (liblinear, balanced) on "
            "TF-IDF word 1-2-grams + char_wb 2-5-grams")


def run(train_texts: Sequence[str], labels: Dict[str, List[int]], target_texts: Sequence[str],
        seed: int, C: float = 1.0) -> Tuple[Dict[str, List[float]], Callable[[str, int], str], str]:
    """Trains one classifier per code of `labels` (code id → 0/1 per training
    text) and scores `target_texts`. Returns (code id → probability per target,
    explain(code id, target index) → rationale, SHA-256 of the fitted
    coefficients). Rationales are made on demand: only for what is suggested."""
    import numpy as np

    _, TfidfVectorizer, LogisticRegression, FeatureUnion = _sklearn()
    word = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, lowercase=True)
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, lowercase=True)
    features = FeatureUnion([("word", word), ("char", char)])
    X = features.fit_transform(list(train_texts))
    Xt = features.transform(list(target_texts)).tocsr()
    n_word = len(word.vocabulary_)
    word_names = word.get_feature_names_out()
    digest = hashlib.sha256()
    scores: Dict[str, List[float]] = {}
    coefs: Dict[str, Any] = {}
    for code in sorted(labels):
        y = np.asarray(labels[code])
        if y.min() == y.max():
            raise ValueError(f"code {code}: the human codings give only "
                             f"{'positive' if y.max() else 'negative'} examples; cannot learn it")
        clf = LogisticRegression(C=C, class_weight="balanced", solver="liblinear", random_state=seed)
        clf.fit(X, y)
        coef = clf.coef_[0]
        coefs[code] = coef
        digest.update(code.encode())
        digest.update(np.round(coef, 10).tobytes())
        scores[code] = [round(float(v), 6) for v in clf.predict_proba(Xt)[:, 1]]

    def explain(code: str, i: int) -> str:
        start, end = Xt.indptr[i], Xt.indptr[i + 1]
        cols, vals = Xt.indices[start:end], Xt.data[start:end]
        mask = cols < n_word
        pairs = sorted(((float(v) * float(coefs[code][j]), int(j)) for j, v in zip(cols[mask], vals[mask])),
                       key=lambda t: (-t[0], t[1]))
        top = [word_names[j] for v, j in pairs[:3] if v > 0]
        return "learned; words for: " + ", ".join(f'"{w}"' for w in top) if top else "learned"

    return scores, explain, digest.hexdigest()
