"""Intent-level evidence: a naive Bayes model over the words and character pairs of all of
an intent's phrasings, for questions that share words with many phrasings but none closely."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

ALPHA = 0.1  # additive smoothing of the feature counts
# The log-likelihood is divided by the square root of the number of features: words and
# the character pairs inside them are far from independent, and counting each as separate
# evidence would make every posterior 0 or 1.


def features(tokens: Iterable[str], joined: str) -> list[str]:
    """The words of a question and the character pairs of its content words run together
    (the pairs catch words the segmenter splits differently: typos, run-together words)."""
    words = [f"w:{t}" for t in tokens]
    pairs = [joined[i : i + 2] for i in range(len(joined) - 1)]
    return words + pairs


class IntentModel:
    """Multinomial naive Bayes with a uniform prior: P(intent | question's features)."""

    def __init__(self, examples: dict[str, list[list[str]]]) -> None:
        counts = {i: Counter(f for fs in rows for f in fs) for i, rows in examples.items()}
        vocabulary = set().union(*counts.values()) if counts else set()
        size = len(vocabulary) + 1
        self._log: dict[str, dict[str, float]] = {}
        self._unseen: dict[str, float] = {}
        for intent, counter in counts.items():
            total = sum(counter.values()) + ALPHA * size
            self._log[intent] = {f: math.log((n + ALPHA) / total) for f, n in counter.items()}
            self._unseen[intent] = math.log(ALPHA / total)
        self._known = vocabulary

    def posterior(self, feats: list[str]) -> dict[str, float]:
        """P(intent | features) for every intent; features no phrasing uses are ignored."""
        known = [f for f in feats if f in self._known]
        if not known or not self._log:
            return {}
        damp = math.sqrt(len(known))
        scores = {
            intent: sum(table.get(f, self._unseen[intent]) for f in known) / damp
            for intent, table in self._log.items()
        }
        top = max(scores.values())
        exps = {i: math.exp(s - top) for i, s in scores.items()}
        norm = sum(exps.values())
        return {i: e / norm for i, e in exps.items()}
