"""Score a question against every intent's phrasings and keywords."""

from __future__ import annotations

__all__ = ["Analysis", "Matcher"]

import functools
import math
import re
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .arbiter import Arbiter
from .days import strip_days
from .ids import DECISIVE, OUT_OF_SCOPE
from .intent_model import IntentModel, features
from .knowledge import KnowledgeBase
from .platforms import PlatformFinder
from .segment import Segmenter
from .text import normalise, to_simplified

MIN_OVERLAP = 0.3  # rows sharing only words as common as '逾期' cannot win: not scored
UNKNOWN_WEIGHT = 1.0  # a word the knowledge base never uses: some evidence against any match
CHAR_WEIGHT = 0.3  # share of the character-level similarity in a phrasing's score
KEYWORD_BONUS = 0.3  # added for keywords worth 3 (decisive); less for weaker ones
COVER_BONUS = 0.3  # added in proportion to how much of the question the keywords cover
NO_ANCHOR_FACTOR = 0.5  # a question with no domain word at all is probably out of scope
# An amount ('借了3000', '欠5万', '1.5万块') says nothing about the topic; 12378 does.
_AMOUNT = re.compile(r"\d+(?:\.\d+)?\s*(?:万|千|块|元|w)+|(?<=[借欠还贷了])\s*\d+(?:\.\d+)?")
CLOSEST_CACHED = 256  # sets of common words whose closest rows are remembered (≤ MAX_COMPARED each)
MAX_COMPARED = 200  # phrasings compared character by character, the most shared words first
NEIGHBOURS = 2  # the next-best phrasings of an intent that add to its best one
NEIGHBOURS_WEIGHT = 0.2  # how much their mean adds
MODEL_WEIGHT = 0.3  # share of the intent model's probability added to an intent's score
MODEL_MIN = 0.05  # intents the model gives less than this get nothing from it


def _cleaned(text: str, lender_names: re.Pattern[str] | None = None) -> str:
    """`text` without day counts, amounts and lenders named by a suffix ('晋商消费金融'),
    ready to segment."""
    text = _AMOUNT.sub(" ", strip_days(text))
    return lender_names.sub(" ", text) if lender_names else text


def _near_neighbours(scores: list[float]) -> float:
    """An intent's score from its phrasings' scores: the best, plus NEIGHBOURS_WEIGHT times
    the mean of the next NEIGHBOURS: several close phrasings are more evidence than one."""
    ordered = sorted(scores, reverse=True)
    return ordered[0] + NEIGHBOURS_WEIGHT * sum(ordered[1 : NEIGHBOURS + 1]) / NEIGHBOURS


@dataclass(frozen=True)
class Analysis:
    """A question prepared for matching."""

    tokens: tuple[str, ...]  # synonym-mapped content words, in order
    raw: str  # the simplified text the keywords are looked up in
    joined: str  # the tokens as one string, for character similarity and keyword lookup


class Matcher:
    """Ranks intents for a question: weighted word overlap, character similarity, keywords."""

    def __init__(self, kb: KnowledgeBase, segmenter: Segmenter, platforms: PlatformFinder) -> None:
        self._kb = kb
        self._segmenter = segmenter
        self._platforms = platforms  # the engine's: lenders named in a question
        suffixes = "|".join(map(re.escape, kb.lender_suffixes))
        self._lender_names = (
            re.compile(rf"[\u4e00-\u9fff]{{2,3}}(?:{suffixes})") if suffixes else None
        )
        self._owner: list[str] = []
        self._token_sets: list[frozenset[str]] = []
        self._joined: list[str] = []
        examples: dict[str, list[list[str]]] = defaultdict(list)
        texts = [
            (intent.id, kb.tails.strip(to_simplified(normalise(phrasing))))
            for intent in kb.intents.values()
            for phrasing in (intent.question, *intent.phrasings)
        ]
        cuts = segmenter.cut_all([_cleaned(text, self._lender_names) for _, text in texts])
        for (owner, text), words in zip(texts, cuts, strict=True):
            analysis = self._from_words(text, words)
            self._owner.append(owner)
            self._token_sets.append(frozenset(analysis.tokens))
            self._joined.append(analysis.joined)
            examples[owner].append(features(analysis.tokens, analysis.joined))
        self._model = IntentModel(examples)
        self._arbiter = Arbiter(kb)
        self._weights = self._idf()
        self._norms = [sum(self._weight(t) for t in ts) for ts in self._token_sets]
        # token -> intent -> the rows of that intent's phrasings holding the token
        self._index: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        for row, tokens in enumerate(self._token_sets):
            for token in tokens:
                self._index[token][self._owner[row]].append(row)
        self._index = {t: dict(by_owner) for t, by_owner in self._index.items()}
        self._rows_with = {
            t: frozenset(r for rows in by_owner.values() for r in rows)
            for t, by_owner in self._index.items()
        }
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
        # Per first two characters, the longest keyword or domain word starting with them
        self._longest: dict[str, int] = {}
        for word in (*self._keyword_index, *self._anchors):
            if len(word) > 1:
                self._longest[word[:2]] = max(len(word), self._longest.get(word[:2], 0))
        self._closest = functools.lru_cache(maxsize=CLOSEST_CACHED)(self._closest_rows)

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
        platform names, and the variants of domain words ('信用记录' for '征信'). A company
        with no platform of its own here ('美团', '京东') sells more than loans: no anchor."""
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
        lenders' names (platforms.yaml)."""
        return self._from_words(text, self._segmenter.cut(_cleaned(text, self._lender_names)))

    def _from_words(self, text: str, words: list[str]) -> Analysis:
        """The analysis of `text` from its words (`_cleaned` text, segmented)."""
        tokens = []
        for word in words:
            if word in self._kb.lenders or not any(c.isalnum() for c in word):
                continue
            word = self._kb.synonyms.get(word, word)
            if word not in self._kb.stopwords:
                tokens.append(word)
        return Analysis(tokens=tuple(tokens), raw=text, joined="".join(tokens))

    def _substrings(self, *texts: str) -> set[str]:
        """The substrings that could be a keyword or domain word (of two characters or more):
        one set lookup per candidate instead of a scan of the text per keyword."""
        pieces = set()
        for text in texts:
            for i in range(len(text) - 1):
                longest = self._longest.get(text[i : i + 2])
                if longest:
                    pieces.update(text[i:j] for j in range(i + 2, min(len(text), i + longest) + 1))
        return pieces

    def _found_keywords(self, analysis: Analysis, pieces: set[str]) -> set[str]:
        """The keywords (of any intent) among the question's substrings and words."""
        return (pieces | set(analysis.tokens)) & self._keyword_index.keys()

    def _keyword_hits(
        self, analysis: Analysis, pieces: set[str]
    ) -> dict[str, tuple[float, float, bool]]:
        """Per intent: (keyword strength 0..1, share of the question decisive keywords cover,
        whether a decisive keyword was found). One-character keywords must be whole words."""
        found = self._found_keywords(analysis, pieces)
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
        # Phrasings of an intent the question rules out ('逾期' rules out out_of_scope) do not
        # decide which phrasings are close enough to score: '信用卡欠费逾期了怎么办' shares
        # 欠费 with out-of-scope phrasings only.
        ruled_out = set(self._arbiter.excluded(query))
        known = sorted((t for t in query if t in self._index), key=lambda t: (self._weights[t], t))
        # Words as common as '逾期' that together weigh less than MIN_OVERLAP cannot make a
        # phrasing close enough on their own: count them only for phrasings holding a rarer
        # word of the question (most phrasings hold '逾期'). The same scores, far fewer rows.
        common: list[str] = []
        total = 0.0
        for token in known:
            total += self._weights[token]
            if total >= MIN_OVERLAP:
                break
            common.append(token)
        shared = self._overlap(known[len(common) :], ruled_out)
        for token in common:
            weight = self._weights[token]
            for row in self._rows_with[token].intersection(shared):
                shared[row] += weight
        strong = {r: o for r, o in shared.items() if o >= MIN_OVERLAP}
        if len(strong) > MAX_COMPARED:  # '…怎么办': the closest by shared words are compared
            kept = sorted((-o, r) for r, o in strong.items())[:MAX_COMPARED]  # ties: first row
            strong = {r: -o for o, r in kept}
        if not strong:  # nothing close ('逾期怎么办'): the phrasings closest in shared words
            strong = self._closest(tuple(known), frozenset(ruled_out), query_norm)
        shared = strong
        best: dict[str, float] = {}
        if shared:
            rows = list(shared)
            chars = process.extract(
                analysis.joined, [self._joined[r] for r in rows], scorer=fuzz.ratio, limit=None
            )
            owner, norms = self._owner, self._norms
            scores: dict[str, list[float]] = defaultdict(list)
            for _, similarity, i in chars:
                row = rows[i]
                dice = 2 * shared[row] / (query_norm + norms[row])
                scores[owner[row]].append(
                    (1 - CHAR_WEIGHT) * dice + CHAR_WEIGHT * similarity / 100
                )
            best = {owner: _near_neighbours(found) for owner, found in scores.items()}
        pieces = self._substrings(analysis.joined, analysis.raw)
        hits = self._keyword_hits(analysis, pieces)
        for intent_id, (strength, cover, _) in hits.items():
            bonus = KEYWORD_BONUS * strength + COVER_BONUS * cover
            best[intent_id] = best.get(intent_id, 0.0) + bonus
        model: dict[str, float] = {}
        oos_word = hits.get(OUT_OF_SCOPE, (0, 0, False))[2]  # a decisive out-of-scope word
        anchored = not pieces.isdisjoint(self._anchors)
        trouble = self._arbiter.trouble(query)
        if not anchored:
            best = {i: s * NO_ANCHOR_FACTOR for i, s in best.items()}
        elif trouble or not oos_word:
            # The intent model weighs questions about debts ('今天天气' has no intent) unless
            # a decisive out-of-scope keyword says a question without a debt problem is not
            # ours ('房产怎么继承').
            model = self._model_evidence(analysis)
            for intent_id, extra in model.items():
                best[intent_id] = best.get(intent_id, 0.0) + extra
        scope = self._kb.scope
        # Not ours: a general fact, something overdue that is not a loan, or a question that
        # names no debt problem and only out-of-scope decisive words ('被人投诉12315怎么处理').
        general = anchored and (
            scope.general_fact(analysis.raw)
            or scope.other_due(analysis.raw, self._platforms)
            or (oos_word and not trouble and self._only_out_of_scope(analysis, pieces))
        )
        return self._arbiter.settle(best, hits, query, model, anchored and not trouble, general)

    def _closest_rows(
        self, known: tuple[str, ...], ruled_out: frozenset[str], query_norm: float
    ) -> dict[int, float]:
        """The rows sharing any of the words `known`, at most MAX_COMPARED: those with the
        highest share of shared words (the word part of their score). A question of common
        words only ('逾期怎么办') shares some with half the knowledge base; the few sets of
        such words that questions use are remembered (`_closest`), so each is summed once."""
        shared = self._overlap(list(known), set(ruled_out))
        if len(shared) <= MAX_COMPARED:
            return shared
        share = {r: o / (query_norm + self._norms[r]) for r, o in shared.items()}
        kept = sorted(share, key=lambda r: (-share[r], r))[:MAX_COMPARED]
        return {r: shared[r] for r in kept}

    def _only_out_of_scope(self, analysis: Analysis, pieces: set[str]) -> bool:
        """Whether every decisive keyword of the question is out of scope's, or lies inside
        one ('投诉' in '被人投诉'): '人去世了，贷款利息还在涨' names 去世 too, and stays ours."""
        found = self._found_keywords(analysis, pieces)
        decisive = {
            k: {i for i, w in self._keyword_index[k] if w >= DECISIVE} for k in found
        }
        rest = analysis.raw
        for keyword in sorted(found, key=len, reverse=True):
            if OUT_OF_SCOPE in decisive[keyword]:
                rest = rest.replace(keyword, " ")
        return not any(
            intents - {OUT_OF_SCOPE} and keyword in rest for keyword, intents in decisive.items()
        )

    def _overlap(self, tokens: list[str], ruled_out: set[str]) -> dict[int, float]:
        """Per phrasing row, the summed weight of `tokens` it holds, leaving out the rows of
        intents the question rules out."""
        shared: dict[int, float] = {}
        for token in tokens:
            weight = self._weights[token]
            for owner, rows in self._index[token].items():
                if owner not in ruled_out:
                    for row in rows:
                        shared[row] = shared.get(row, 0.0) + weight
        return shared

    def _model_evidence(self, analysis: Analysis) -> dict[str, float]:
        """The intent model's evidence, added to the phrasing scores: MODEL_WEIGHT times the
        probability of each intent given all the question's words, so that many partial
        matches to one intent's phrasings count, not only the closest phrasing."""
        posterior = self._model.posterior(features(analysis.tokens, analysis.joined))
        return {i: MODEL_WEIGHT * p for i, p in posterior.items() if p >= MODEL_MIN}

    def named_strongly(self, text: str, weight: int) -> set[str]:
        """The intents with a keyword of at least `weight` (two characters or more) somewhere
        in `text`: a quick test that `keyword_spans` could find one."""
        found = self._substrings(text) & self._keyword_index.keys()
        return {i for k in found for i, w in self._keyword_index[k] if w >= weight}

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
