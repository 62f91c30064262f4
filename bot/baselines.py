"""Two simple classifiers over the same knowledge base, to measure the engine against."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from .knowledge import KnowledgeBase
from .segment import Segmenter
from .text import normalise, to_simplified

FUZZ_CUTOFF = 60  # WRatio below this: out of scope


def _phrasings(kb: KnowledgeBase) -> tuple[list[str], list[str]]:
    texts, owners = [], []
    for intent in kb.intents.values():
        for phrasing in (intent.question, *intent.phrasings):
            texts.append(phrasing)
            owners.append(intent.id)
    return texts, owners


class FuzzBaseline:
    """Plain rapidfuzz: the nearest raw phrasing by WRatio, no segmentation or synonyms."""

    name = "rapidfuzz"

    def __init__(self, kb: KnowledgeBase) -> None:
        self._texts, self._owners = _phrasings(kb)

    def classify(self, question: str) -> str | None:
        """The intent of the nearest phrasing, or None below the cutoff."""
        query = to_simplified(normalise(question))
        best = process.extractOne(query, self._texts, scorer=fuzz.WRatio, score_cutoff=FUZZ_CUTOFF)
        return self._owners[best[2]] if best else None


class BM25Baseline:
    """BM25 (rank-bm25's Okapi) over jieba tokens of every phrasing; no score means out of scope."""

    name = "bm25"

    def __init__(self, kb: KnowledgeBase, segmenter: Segmenter) -> None:
        from rank_bm25 import BM25Okapi

        texts, self._owners = _phrasings(kb)
        self._segmenter = segmenter
        self._bm25 = BM25Okapi([segmenter.cut(t) for t in texts])

    def classify(self, question: str) -> str | None:
        """The intent of the best-scoring phrasing, or None if nothing scores above zero."""
        tokens = self._segmenter.cut(to_simplified(normalise(question)))
        if not tokens:
            return None
        scores = self._bm25.get_scores(tokens)
        best = max(range(len(scores)), key=scores.__getitem__)
        return self._owners[best] if scores[best] > 0 else None
