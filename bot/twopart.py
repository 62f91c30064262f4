"""Tell a question that asks two things ('不接电话会爆通讯录吗') from one with a runner-up."""

from __future__ import annotations

from .knowledge import KnowledgeBase
from .matcher import DECISIVE, Matcher

ALSO_MARGIN = 0.3  # the second intent's score must be at least this close to the first's
NEVER_SECOND = frozenset({"timeline", "greeting", "out_of_scope", "distress"})


def second_intent(
    kb: KnowledgeBase, matcher: Matcher, raw: str, ranked: list[tuple[str, float]], primary: str
) -> str | None:
    """The intent a question clearly asks about besides `primary`: one of the next few with
    its own decisive keyword in a part of the question that no keyword of the primary covers,
    a score close to the primary's, and no subject shared by the two ('…违法吗')."""
    if primary in NEVER_SECOND or not ranked:
        return None
    scores = dict(ranked)
    first = scores.get(primary, ranked[0][1])
    primary_item = kb.intents[primary]
    taken = matcher.keyword_spans(raw, primary)
    primary_words = {raw[a:b] for a, b, _ in taken}
    for candidate, score in ranked[:4]:
        if candidate == primary or candidate in NEVER_SECOND or score < first - ALSO_MARGIN:
            continue
        item = kb.intents[candidate]
        if candidate in primary_item.only_with or primary in item.only_with:
            continue  # '打给家人违法吗' asks one thing about one subject
        own = [
            (a, b)
            for a, b, weight in matcher.keyword_spans(raw, candidate)
            if weight >= DECISIVE
            and raw[a:b] not in primary_words
            and raw[a:b] not in primary_item.keywords
            and not any(x < b and a < y for x, y, _ in taken)
        ]
        if own:
            return candidate
    return None
