"""Score a question against every intent's phrasings and keywords."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .compose import OUT_OF_SCOPE
from .days import strip_days
from .intent_model import IntentModel, features
from .knowledge import KnowledgeBase
from .segment import Segmenter

MIN_OVERLAP = 0.3  # rows sharing only words as common as '逾期' cannot win: not scored
UNKNOWN_WEIGHT = 1.0  # a word the knowledge base never uses: some evidence against any match
CHAR_WEIGHT = 0.3  # share of the character-level similarity in a phrasing's score
KEYWORD_BONUS = 0.3  # added for keywords worth 3 (decisive); less for weaker ones
COVER_BONUS = 0.3  # added in proportion to how much of the question the keywords cover
NO_ANCHOR_FACTOR = 0.5  # a question with no domain word at all is probably out of scope
DECISIVE = 3
PRIORITY_MARGIN = 0.35  # a higher-priority intent overtakes leaders at most this far ahead
ALONE_FACTOR = 0.8  # an `only_with` intent without its subject ('这合法吗' about fees)
# An amount ('借了3000', '欠5万', '1.5万块') says nothing about the topic; 12378 does.
_AMOUNT = re.compile(r"\d+(?:\.\d+)?\s*(?:万|千|块|元|w)+|(?<=[借欠还贷了])\s*\d+(?:\.\d+)?")
MODEL_WEIGHT = 0.3  # share of the intent model's probability added to an intent's score
MODEL_MIN = 0.05  # intents the model gives less than this get nothing from it
NO_TROUBLE = 0.8  # topics' share when an out-of-scope question names no debt problem
ALWAYS_FIRST = 3  # this priority (distress) overtakes any leader: safety before relevance


@dataclass(frozen=True)
class Analysis:
    """A question prepared for matching."""

    tokens: tuple[str, ...]  # synonym-mapped content words, in order
    raw: str  # the simplified text the keywords are looked up in
    joined: str  # the tokens as one string, for character similarity and keyword lookup


class Matcher:
    """Ranks intents for a question: weighted word overlap, character similarity, keywords."""

    def __init__(self, kb: KnowledgeBase, segmenter: Segmenter) -> None:
        self._kb = kb
        self._segmenter = segmenter
        self._owner: list[str] = []
        self._token_sets: list[frozenset[str]] = []
        self._joined: list[str] = []
        examples: dict[str, list[list[str]]] = defaultdict(list)
        for intent in kb.intents.values():
            for phrasing in (intent.question, *intent.phrasings):
                analysis = self.analyse(phrasing)
                tokens = analysis.tokens
                self._owner.append(intent.id)
                self._token_sets.append(frozenset(tokens))
                self._joined.append(analysis.joined)
                examples[intent.id].append(features(tokens, analysis.joined))
        self._model = IntentModel(examples)
        self._weights = self._idf()
        self._norms = [sum(self._weight(t) for t in ts) for ts in self._token_sets]
        self._index: dict[str, list[int]] = defaultdict(list)
        for row, tokens in enumerate(self._token_sets):
            for token in tokens:
                self._index[token].append(row)
        self._keywords = {
            intent.id: self._keyword_forms(intent.keywords) for intent in kb.intents.values()
        }
        self._longest_first = {
            i: sorted(((k, w) for k, w in kws if len(k) > 1), key=lambda kw: -len(kw[0]))
            for i, kws in self._keywords.items()
        }
        self._anchors = self._domain_words()
        self._keyword_index: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for intent_id, keywords in self._keywords.items():
            for keyword, weight in keywords:
                self._keyword_index[keyword].append((intent_id, weight))
        self._longest = max(len(w) for w in (*self._keyword_index, *self._anchors))

    def _keyword_forms(self, keywords: dict[str, int]) -> list[tuple[str, int]]:
        """Each keyword as written, and in its synonym-mapped form too ('打电话' also as '电话')
        unless the intent lists that form itself: then '人民银行' does not lend its weight to
        every mention of '征信'."""
        forms = {k.lower(): w for k, w in keywords.items()}
        for keyword, weight in list(forms.items()):
            mapped = "".join(self._kb.synonyms.get(w, w) for w in self._segmenter.cut(keyword))
            forms.setdefault(mapped, weight)
        return list(forms.items())

    def _domain_words(self) -> frozenset[str]:
        """Words that show a question is about debts: decisive keywords, the domain dictionary,
        platform names, and the variants of domain words ('信用记录' for '征信')."""
        words = {k for keywords in self._keywords.values() for k, w in keywords if w >= DECISIVE}
        words.update(self._kb.domain_words)
        words.update(v for v, canonical in self._kb.synonyms.items() if canonical in words)
        words.update(self._kb.platforms)
        return frozenset(w for w in words if len(w) > 1)

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

    def analyse(self, text: str) -> Analysis:
        """Segment simplified `text`, map synonyms, drop day counts, amounts, stopwords and
        platform names."""
        tokens = []
        for word in self._segmenter.cut(_AMOUNT.sub(" ", strip_days(text))):
            if word in self._kb.platforms or not any(c.isalnum() for c in word):
                continue
            word = self._kb.synonyms.get(word, word)
            if word not in self._kb.stopwords:
                tokens.append(word)
        return Analysis(tokens=tuple(tokens), raw=text, joined="".join(tokens))

    def _substrings(self, *texts: str) -> set[str]:
        """Every substring of 2 to `longest` characters: one set lookup per keyword candidate
        instead of a scan of the text per keyword."""
        longest = self._longest
        return {
            text[i:j]
            for text in texts
            for i in range(len(text))
            for j in range(i + 2, min(len(text), i + longest) + 1)
        }

    def _keyword_hits(
        self, analysis: Analysis, pieces: set[str]
    ) -> dict[str, tuple[float, float, bool]]:
        """Per intent: (keyword strength 0..1, share of the question decisive keywords cover,
        whether a decisive keyword was found). One-character keywords must be whole words."""
        found = (pieces | set(analysis.tokens)) & self._keyword_index.keys()
        totals: dict[str, int] = defaultdict(int)
        covered: dict[str, int] = defaultdict(int)
        for keyword in found:
            if len(keyword) == 1 and keyword not in analysis.tokens:
                continue
            for intent_id, weight in self._keyword_index[keyword]:
                totals[intent_id] += weight
                if weight >= DECISIVE:
                    covered[intent_id] += len(keyword)
        length = max(1, len(analysis.joined))
        return {
            intent_id: (
                min(total, 3) / 3,
                min(1.0, covered[intent_id] / length),
                covered[intent_id] > 0,
            )
            for intent_id, total in totals.items()
        }

    def rank(self, analysis: Analysis) -> list[tuple[str, float]]:
        """(intent id, score), best first; intents with no evidence are left out. Scores are
        not clipped here, so two strong candidates keep their order; callers clip to 0..1."""
        query = set(analysis.tokens)
        if not query:
            return []
        query_norm = sum(self._weight(t) for t in query)
        shared: dict[int, float] = defaultdict(float)
        for token in query:
            for row in self._index.get(token, ()):
                shared[row] += self._weights[token]
        best: dict[str, float] = {}
        strong = {r: o for r, o in shared.items() if o >= MIN_OVERLAP}
        shared = strong or shared
        if shared:
            rows = list(shared)
            chars = process.extract(
                analysis.joined, [self._joined[r] for r in rows], scorer=fuzz.ratio, limit=None
            )
            char_score = {rows[i]: score / 100 for _, score, i in chars}
            for row, overlap in shared.items():
                dice = 2 * overlap / (query_norm + self._norms[row]) if overlap else 0.0
                score = (1 - CHAR_WEIGHT) * dice + CHAR_WEIGHT * char_score[row]
                owner = self._owner[row]
                if score > best.get(owner, 0.0):
                    best[owner] = score
        pieces = self._substrings(analysis.joined, analysis.raw)
        hits = self._keyword_hits(analysis, pieces)
        for intent_id, (strength, cover, _) in hits.items():
            bonus = KEYWORD_BONUS * strength + COVER_BONUS * cover
            best[intent_id] = best.get(intent_id, 0.0) + bonus
        model: dict[str, float] = {}
        anchored = not pieces.isdisjoint(self._anchors)
        trouble = self._trouble(query)
        if not anchored:
            best = {i: s * NO_ANCHOR_FACTOR for i, s in best.items()}
        elif trouble or not hits.get(OUT_OF_SCOPE, (0, 0, False))[2]:
            # The intent model weighs questions about debts ('今天天气' has no intent) unless
            # a decisive out-of-scope keyword says a question without a debt problem is not
            # ours ('房产怎么继承').
            model = self._model_evidence(analysis)
            for intent_id, extra in model.items():
                best[intent_id] = best.get(intent_id, 0.0) + extra
        if anchored and OUT_OF_SCOPE in best and not trouble:
            best = self._near_domain(best)
        for intent_id in self._excluded(query):
            best.pop(intent_id, None)
            hits.pop(intent_id, None)
        for intent_id in self._unspoken(best, hits):
            best.pop(intent_id)  # distress only on its own words, never on '欠了5万'
        for intent_id in self._alone(hits):
            best[intent_id] *= ALONE_FACTOR
            hits.pop(intent_id)
        priority = {i: self._kb.intents[i].priority for i in best}
        ranked = sorted(best.items(), key=lambda item: (item[1], priority[item[0]]), reverse=True)
        decisive = [i for i, (_, _, found) in hits.items() if found]
        return self._prefer_priority(ranked, decisive, model)

    def _trouble(self, query: set[str]) -> bool:
        """Whether the question names a debt problem: a word that rules out out_of_scope
        ('逾期', '催收', '欠款'; its `excluded_by`)."""
        intent = self._kb.intents.get(OUT_OF_SCOPE)
        return intent is None or bool(intent.excluded_by & query)

    def _near_domain(self, best: dict[str, float]) -> dict[str, float]:
        """Scores for a question with domain words but no debt problem that an out-of-scope
        phrasing matches ('信贷利息怎么算'): the topics weigh less, distress not."""
        intents = self._kb.intents
        return {
            i: s if i == OUT_OF_SCOPE or intents[i].priority >= ALWAYS_FIRST else s * NO_TROUBLE
            for i, s in best.items()
        }

    def _model_evidence(self, analysis: Analysis) -> dict[str, float]:
        """The intent model's evidence, added to the phrasing scores: MODEL_WEIGHT times the
        probability of each intent given all the question's words, so that many partial
        matches to one intent's phrasings count, not only the closest phrasing."""
        posterior = self._model.posterior(features(analysis.tokens, analysis.joined))
        return {i: MODEL_WEIGHT * p for i, p in posterior.items() if p >= MODEL_MIN}

    def _unspoken(self, best: dict[str, float], hits: dict) -> list[str]:
        """Always-first intents (distress) whose own words the question does not use."""
        intents = self._kb.intents
        return [i for i in best if intents[i].priority >= ALWAYS_FIRST and i not in hits]

    def keyword_spans(self, raw: str, intent_id: str) -> list[tuple[int, int, int]]:
        """Where the intent's keywords occur in the simplified text: (start, end, weight),
        the longest keyword at a place first; overlapping shorter ones are left out."""
        found: list[tuple[int, int, int]] = []
        for keyword, weight in self._longest_first.get(intent_id, ()):
            start = raw.find(keyword)
            while start >= 0:
                end = start + len(keyword)
                if not any(a < end and start < b for a, b, _ in found):
                    found.append((start, end, weight))
                start = raw.find(keyword, start + 1)
        return sorted(found)

    def _excluded(self, query: set[str]) -> list[str]:
        """Intents ruled out by a word of the question ('逾期' rules out out_of_scope)."""
        return [i for i, intent in self._kb.intents.items() if intent.excluded_by & query]

    def _alone(self, hits: dict[str, tuple[float, float, bool]]) -> list[str]:
        """Intents about another intent's subject whose subject the question does not name:
        '这合法吗' is about contacting people only when people are named."""
        return [
            i
            for i in hits
            if self._kb.intents[i].only_with
            and not any(other in hits for other in self._kb.intents[i].only_with)
        ]

    def _prefer_priority(
        self, ranked: list[tuple[str, float]], decisive: list[str], model: dict[str, float]
    ) -> list[tuple[str, float]]:
        """Among intents with a decisive keyword, the highest priority ranks first:
        '打给紧急联系人违法吗' is about legality, '被催收逼到崩溃' needs the distress answer.
        The margin is measured without the intent model's evidence, which favours the
        intent with more phrasings ('…通讯录…' over the legality of it)."""
        if not decisive:
            return ranked
        intents, scores = self._kb.intents, dict(ranked)
        own = {i: s - model.get(i, 0.0) for i, s in scores.items()}
        leader = max(own.values())
        # Out-of-scope phrasings are near-domain questions that share the topics' words
        # ('信贷利息怎么算' names 利息): a keyword does not lift a topic over one that leads.
        margin = 0.0 if ranked[0][0] == OUT_OF_SCOPE else PRIORITY_MARGIN
        contenders = [
            i for i in decisive if own[i] >= leader - margin or intents[i].priority >= ALWAYS_FIRST
        ]
        if not contenders:
            return ranked
        top_priority = max(intents[i].priority for i in contenders)
        chosen = max((i for i in contenders if intents[i].priority == top_priority), key=scores.get)
        rest = [(i, s) for i, s in ranked if i != chosen]
        return [(chosen, max(scores[chosen], ranked[0][1])), *rest]
