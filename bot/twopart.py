"""Tell a question that asks two things ('不接电话会爆通讯录吗') from one with a runner-up."""

from __future__ import annotations

import re

from .focus import asks, clause_spans
from .ids import DECISIVE
from .knowledge import KnowledgeBase
from .matcher import Matcher

ALSO_MARGIN = 0.3  # the second intent's score must be at least this close to the first's
NEVER_SECOND = frozenset({"timeline", "greeting", "out_of_scope", "distress"})
NO_SECOND = frozenset({"timeline", "greeting", "out_of_scope"})  # answers with nothing beside
CLAUSE_SCORE = 0.8  # an asking clause alone must match its intent this well to be a second point
CLAUSE_MARGIN = 0.35  # ... and the whole question must rank that intent this close to the first
SHORT_ASK = 6  # '是真的吗', '能信吗': a clause this short asks about the one before it
# '说再不还就起诉', '让我交保证金就不起诉': words someone else said, not what the user asks.
_REPORTED = re.compile(r"说|让我|叫我|称|声称|要求我")
_DEMANDED = re.compile(r"让我|叫我|要求我")  # a demand is never what the user asks about

Span = tuple[int, int]


def _asked_spans(raw: str) -> list[Span] | None:
    """Where in `raw` the clauses that ask are (a short asking clause takes the clause
    before it along); None when there is only one clause, or none asks."""
    spans = clause_spans(raw)
    if len(spans) < 2 or not any(asks(raw[a:b]) for a, b in spans):
        return None
    asked: list[Span] = []
    for index, (start, end) in enumerate(spans):
        if asks(raw[start:end]):
            asked.append((start, end))
            if end - start <= SHORT_ASK and index > 0:
                asked.append(spans[index - 1])
    return asked


def _clause_of(raw: str, at: int) -> int:
    """The start of the clause (space-separated) that position `at` is in."""
    return raw.rfind(" ", 0, at) + 1


def _reported(raw: str, span: Span) -> bool:
    """Whether a keyword sits in reported words ('…说要起诉') within its clause."""
    return bool(_REPORTED.search(raw[_clause_of(raw, span[0]) : span[0]]))


def second_intent(
    kb: KnowledgeBase, matcher: Matcher, raw: str, ranked: list[tuple[str, float]], primary: str
) -> str | None:
    """The second intent of `second_point`."""
    return second_point(kb, matcher, raw, ranked, primary)[0]


def second_point(
    kb: KnowledgeBase, matcher: Matcher, raw: str, ranked: list[tuple[str, float]], primary: str
) -> tuple[str | None, str | None]:
    """The intent a question clearly asks about besides `primary`, and the clause that asks
    it when that clause alone decided (else None): one among the next few
    with its own decisive keyword in a part of the question that asks, which no keyword or
    topic word of the primary covers, not in words someone else said, a score close to the
    primary's, and no subject shared by the two ('…违法吗')."""
    if primary in NO_SECOND or not ranked:
        return None, None
    scores = dict(ranked)
    first = min(1.0, scores.get(primary, ranked[0][1]))  # as reported: clipped to 0..1
    primary_item = kb.intents[primary]
    taken = matcher.keyword_spans(raw, primary)
    primary_words = {raw[a:b] for a, b, _ in taken}
    # A word the primary's own topics answer ('冻结' in lawsuit's enforcement) is its point.
    vocabulary = primary_item.vocabulary
    reported_clauses = {
        _clause_of(raw, a)
        for a, b, w in taken
        if _reported(raw, (a, b)) and not _DEMANDED.search(raw[_clause_of(raw, a) : a])
    }
    asked = _asked_spans(raw)
    for candidate, score in ranked[:4]:
        if score < first - ALSO_MARGIN or not _may_be_second(kb, primary, candidate):
            continue  # '…违法吗' is about the subject of another intent: one question
        own = [
            (a, b)
            for a, b, weight in matcher.keyword_spans(raw, candidate)
            if weight >= DECISIVE
            and raw[a:b] not in primary_words
            and raw[a:b] not in vocabulary
            and not any(x < b and a < y for x, y, _ in taken)
            and (asked is None or any(x <= a and b <= y for x, y in asked))
            # Both claims in the same reported words ('说要起诉还要去村委会，是真的吗') are
            # both asked about.
            and (not _reported(raw, (a, b)) or _clause_of(raw, a) in reported_clauses)
        ]
        if own:
            return candidate, None
    return _clause_intent(kb, matcher, raw, scores, primary)


def _clause_intent(
    kb: KnowledgeBase,
    matcher: Matcher,
    raw: str,
    scores: dict[str, float],
    primary: str,
) -> tuple[str | None, str | None]:
    """Two questions in a row ('逾期还清了多久清记录？多久可以贷款买房？'): an asking clause
    with no decisive keyword of the primary that, read alone, is clearly about another intent
    (CLAUSE_SCORE), which the whole question ranks close to the primary too."""
    asking = [raw[a:b] for a, b in clause_spans(raw) if asks(raw[a:b])]
    if len(asking) < 2:
        return None, None  # one question, perhaps with a story
    first = min(1.0, scores.get(primary, 0.0))
    if first > CLAUSE_MARGIN and not any(
        _may_be_second(kb, primary, intent)
        for intent, score in scores.items()
        if score >= first - CLAUSE_MARGIN
    ):
        return None, None  # no intent ranks close enough: no clause needs ranking
    for clause in asking:
        if len(clause) <= SHORT_ASK or any(
            weight >= DECISIVE for *_, weight in matcher.keyword_spans(clause, primary)
        ):
            continue  # the primary's own point
        ranked = matcher.rank(matcher.analyse(clause))
        if not ranked:
            continue
        top, score = ranked[0]
        if (
            _may_be_second(kb, primary, top)
            and score >= CLAUSE_SCORE
            and scores.get(top, 0.0) >= first - CLAUSE_MARGIN
        ):
            return top, clause
    return None, None


def _may_be_second(kb: KnowledgeBase, primary: str, intent: str) -> bool:
    """Whether `intent` could be the second point of a question about `primary`."""
    return (
        intent != primary
        and intent not in NEVER_SECOND
        and not _shares_subject(kb, primary, intent)
    )


def _shares_subject(kb: KnowledgeBase, primary: str, candidate: str) -> bool:
    """Whether one of the two is about the other's subject ('…违法吗'): then it is one point."""
    item, primary_item = kb.intents[candidate], kb.intents[primary]
    return bool(item.only_with) or primary in item.only_with or candidate in primary_item.only_with
