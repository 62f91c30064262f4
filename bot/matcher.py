"""Score a question against every intent's phrasings and keywords."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .knowledge import KnowledgeBase
from .segment import Segmenter

# Words that carry no topic. 不/没 stay: '不接' and '接' are different questions.
STOPWORDS = frozenset(
    "会 吗 呢 吧 啊 呀 哦 嘛 么 的 地 得 了 过 着 我 我们 你 你们 他 她 它 是 有 在 就 都 也 还 要 想 能 "
    "可以 可能 这 那 这个 那个 个 被 把 给 让 到 和 与 及 或 或者 请问 问 一下 下 现在 已经 如果 但是 然后 "
    "自己 会不会 是不是 能不能 有没有 可不可以 要不要 该 应该 就是 请 一直 真的 吗吗".split()
)
UNKNOWN_WEIGHT = 1.0  # a word the knowledge base never uses: some evidence against any match
CHAR_WEIGHT = 0.3  # share of the character-level similarity in a phrasing's score
KEYWORD_BONUS = 0.3  # added for keywords worth 3 (decisive); less for weaker ones


@dataclass(frozen=True)
class Analysis:
    """A question prepared for matching."""

    tokens: tuple[str, ...]  # synonym-mapped content words, in order
    raw: str  # the simplified text the keywords are looked up in


class Matcher:
    """Ranks intents for a question: weighted word overlap, character similarity, keywords."""

    def __init__(self, kb: KnowledgeBase, segmenter: Segmenter) -> None:
        self._kb = kb
        self._segmenter = segmenter
        self._owner: list[str] = []
        self._token_sets: list[frozenset[str]] = []
        self._joined: list[str] = []
        for intent in kb.intents.values():
            for phrasing in (intent.question, *intent.questions):
                tokens = self.analyse(phrasing).tokens
                self._owner.append(intent.id)
                self._token_sets.append(frozenset(tokens))
                self._joined.append("".join(tokens))
        self._weights = self._idf()
        self._norms = [sum(self._weight(t) for t in ts) for ts in self._token_sets]
        self._index: dict[str, list[int]] = defaultdict(list)
        for row, tokens in enumerate(self._token_sets):
            for token in tokens:
                self._index[token].append(row)
        self._keywords = {
            intent.id: [(self._map_phrase(k), w) for k, w in intent.keywords.items()]
            for intent in kb.intents.values()
        }

    def _idf(self) -> dict[str, float]:
        intents_with: dict[str, set[str]] = defaultdict(set)
        for owner, tokens in zip(self._owner, self._token_sets, strict=True):
            for token in tokens:
                intents_with[token].add(owner)
        n = len(self._kb.intents)
        return {t: math.log((n + 1) / (len(owners) + 0.5)) for t, owners in intents_with.items()}

    def _weight(self, token: str) -> float:
        weight = self._weights.get(token)
        if weight is not None:
            return weight
        return UNKNOWN_WEIGHT if len(token) > 1 else UNKNOWN_WEIGHT / 2

    def _map_phrase(self, text: str) -> str:
        return "".join(self._kb.synonyms.get(w, w) for w in self._segmenter.cut(text))

    def analyse(self, text: str) -> Analysis:
        """Segment simplified `text`, map synonyms, drop stopwords and platform names."""
        tokens = []
        for word in self._segmenter.cut(text):
            if word in self._kb.platforms:
                continue
            word = self._kb.synonyms.get(word, word)
            if word not in STOPWORDS:
                tokens.append(word)
        return Analysis(tokens=tuple(tokens), raw=text)

    def _keyword_scores(self, analysis: Analysis) -> dict[str, float]:
        mapped = "".join(analysis.tokens)
        tokens = set(analysis.tokens)
        scores: dict[str, float] = {}
        for intent_id, keywords in self._keywords.items():
            total = 0
            for keyword, weight in keywords:
                found = keyword in tokens if len(keyword) == 1 else (
                    keyword in mapped or keyword in analysis.raw
                )
                if found:
                    total += weight
            if total:
                scores[intent_id] = min(total, 3) / 3
        return scores

    def rank(self, analysis: Analysis) -> list[tuple[str, float]]:
        """(intent id, score in 0..1), best first; intents with no evidence are left out."""
        query = set(analysis.tokens)
        if not query:
            return []
        query_norm = sum(self._weight(t) for t in query)
        shared: dict[int, float] = defaultdict(float)
        for token in query:
            for row in self._index.get(token, ()):
                shared[row] += self._weights[token]
        joined = "".join(analysis.tokens)
        best: dict[str, float] = {}
        if shared:
            rows = list(shared)
            chars = process.extract(
                joined, [self._joined[r] for r in rows], scorer=fuzz.ratio, limit=None
            )
            char_score = {rows[i]: score / 100 for _, score, i in chars}
            for row, overlap in shared.items():
                dice = 2 * overlap / (query_norm + self._norms[row]) if overlap else 0.0
                score = (1 - CHAR_WEIGHT) * dice + CHAR_WEIGHT * char_score[row]
                owner = self._owner[row]
                if score > best.get(owner, 0.0):
                    best[owner] = score
        for intent_id, kw in self._keyword_scores(analysis).items():
            best[intent_id] = min(1.0, best.get(intent_id, 0.0) + KEYWORD_BONUS * kw)
            if kw >= 1 and self._kb.intents[intent_id].priority:
                best[intent_id] = 1.0
        return sorted(best.items(), key=lambda item: item[1], reverse=True)
