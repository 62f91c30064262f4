"""Choose an intent's finer topic from the question's words."""

from __future__ import annotations

from .kb_topics import WHAT_NOW
from .knowledge import Intent, Topic


def _distinct(words: list[str]) -> list[str]:
    """The words, without those inside a longer one found too ('短信' inside '收到短信')."""
    kept: list[str] = []
    for word in sorted(words, key=len, reverse=True):
        if not any(word in longer for longer in kept):
            kept.append(word)
    return kept


def when_found(topic: Topic, raw: str, joined: str = "") -> list[str]:
    """The topic's `when` words found in the simplified text or its synonym-mapped words."""
    return [w for w in topic.when if w in raw or w in joined]


def choose_topic(
    item: Intent,
    raw: str,
    joined: str = "",
    platform: str | None = None,
    focus: str | None = None,
    steps: bool = False,
) -> Topic | None:
    """The topic with the most `when` words in the question, looked up in the simplified
    text and in its synonym-mapped words ('领导' finds a topic listing '同事'); a word in the
    clause that asks counts double; ties go to the longest word, then the earlier topic.
    None when no topic's words are there (the general question). A topic limited to
    platforms applies only when the question names one of them. With `steps` (the question
    asks what to do about something already happening: '被打通讯录了怎么办') a steps topic
    (`kind` todo or what_now) comes first: the best one the question names, else the
    intent's `what_now` topic when the question names no other topic."""
    scored: list[tuple[tuple[int, int], int, Topic]] = []
    for index, topic in enumerate(item.topics):
        if topic.platforms and platform not in topic.platforms:
            continue
        hits = when_found(topic, raw, joined)
        if not hits:
            scored.append(((0, 0), -index, topic))
            continue
        hits = _distinct(hits)
        weight = sum(2 if focus and w in focus else 1 for w in hits)
        scored.append(((weight, max(len(w) for w in hits)), -index, topic))
    named = [entry for entry in scored if entry[0][0] > 0]
    if steps:
        named_todo = [entry for entry in named if entry[2].steps]
        if named_todo:
            return max(named_todo, key=lambda entry: entry[:2])[2]
        if not named:
            return next((topic for topic in item.topics if topic.kind == WHAT_NOW), None)
    return max(named, key=lambda entry: entry[:2])[2] if named else None
