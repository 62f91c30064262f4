"""An intent's finer topics in faq/intents/<id>.yaml: the Topic record and its validation."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .kb_read import KnowledgeError, _str_list, _text

if TYPE_CHECKING:
    from .knowledge import Intent

TODO = "todo"  # a topic of this kind gives the steps to take now
# ... and this one too, and it is the intent's answer to a bare '…了怎么办' that names no topic
WHAT_NOW = "what_now"


@dataclass(frozen=True)
class Topic:
    """A finer point of an intent ('收到传票怎么办' within lawsuit), with its own short answer."""

    id: str  # unique within its intent; reported as '<intent>.<id>'
    question: str  # the canonical sub-question, also a phrasing of the intent
    when: tuple[str, ...]  # words that select this topic once the intent is chosen
    answer: str
    sources: tuple[str, ...]
    questions: tuple[str, ...] = ()  # further phrasings, also phrasings of the intent
    platforms: tuple[str, ...] = ()  # if set: only when the question names one of these
    kind: str = ""  # 'todo' / 'what_now': the steps to take now, first for '被起诉了怎么办'
    answer_of: str = ""  # '<intent>.<topic>' whose answer and sources this topic gives

    @property
    def steps(self) -> bool:
        """Whether this topic gives the steps to take now (`kind` todo or what_now)."""
        return self.kind in (TODO, WHAT_NOW)


_TOPIC_KEYS = {
    "id",
    "question",
    "questions",
    "when",
    "answer",
    "sources",
    "platforms",
    "kind",
    "answer_of",
}
KINDS = frozenset({TODO, WHAT_NOW})  # what a topic's `kind` may say
_TOPIC_ID = re.compile(r"[a-z][a-z0-9_]*")
_REFERENCE = re.compile(r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*")  # '<intent>.<topic>'


def load_topics(data: dict, file: str, entry: str) -> tuple[Topic, ...]:
    """The `topics` of an intent file's `data`, validated (`file`, `entry` name errors)."""
    raw = data.get("topics") or []
    if not isinstance(raw, list):
        raise KnowledgeError(file, entry, "field 'topics' must be a list of topics")
    topics: list[Topic] = []
    for index, item in enumerate(raw):
        where = f"{entry} topic #{index + 1}"
        if not isinstance(item, dict):
            raise KnowledgeError(file, where, "expected a mapping of fields")
        where = f"{entry}.{item.get('id', f'#{index + 1}')}"
        unknown = set(item) - _TOPIC_KEYS
        if unknown:
            raise KnowledgeError(file, where, f"unknown field(s) {sorted(unknown)}")
        topic_id = _text(item, "id", file, where)
        if not _TOPIC_ID.fullmatch(topic_id):
            raise KnowledgeError(file, where, "topic id must be lower-case letters, digits, _")
        if any(t.id == topic_id for t in topics):
            raise KnowledgeError(file, where, "duplicate topic id")
        kind = item.get("kind", "")
        if kind and kind not in KINDS:
            raise KnowledgeError(file, where, f"field 'kind' must be one of {sorted(KINDS)}")
        when = _str_list(item, "when", file, where)
        if not when:
            raise KnowledgeError(file, where, "field 'when' needs at least one word")
        answer_of = item.get("answer_of", "")
        if answer_of and (not isinstance(answer_of, str) or not _REFERENCE.fullmatch(answer_of)):
            raise KnowledgeError(file, where, "field 'answer_of' must be '<intent>.<topic>'")
        if answer_of and ("answer" in item or "sources" in item):
            raise KnowledgeError(file, where, "a topic with 'answer_of' has no answer or sources")
        topics.append(
            Topic(
                id=topic_id,
                question=_text(item, "question", file, where),
                when=tuple(w.lower() for w in when),  # questions are lowercased too
                answer="" if answer_of else _text(item, "answer", file, where),
                sources=() if answer_of else tuple(_str_list(item, "sources", file, where)),
                answer_of=answer_of,
                questions=tuple(_str_list(item, "questions", file, where, required=False)),
                platforms=tuple(_str_list(item, "platforms", file, where, required=False)),
                kind=kind,
            )
        )
    _check_what_now(topics, file, entry)
    return tuple(topics)


def shared_answers(intents: dict[str, Intent], files: dict[str, str]) -> dict[str, Intent]:
    """`intents` with each `answer_of` topic given the answer and sources of the topic it
    names: one text for a point two intents answer ('一次性还清能少算利息吗')."""
    by_name = {f"{i.id}.{t.id}": t for i in intents.values() for t in i.topics}
    resolved: dict[str, Intent] = {}
    for intent in intents.values():
        topics = []
        for topic in intent.topics:
            if topic.answer_of:
                source = by_name.get(topic.answer_of)
                where = f"{intent.id}.{topic.id}"
                if source is None:
                    raise KnowledgeError(files[intent.id], where, f"no topic '{topic.answer_of}'")
                if source.answer_of:
                    raise KnowledgeError(
                        files[intent.id], where, f"'{topic.answer_of}' has no answer of its own"
                    )
                topic = replace(topic, answer=source.answer, sources=source.sources)
            topics.append(topic)
        resolved[intent.id] = replace(intent, topics=tuple(topics))
    return resolved


def _check_what_now(topics: list[Topic], file: str, entry: str) -> None:
    """An intent with steps topics names exactly one of them `what_now`, for every platform:
    the answer to a bare '…了怎么办' must not depend on the order topics are listed in."""
    if not any(t.steps for t in topics):
        return
    defaults = [t for t in topics if t.kind == WHAT_NOW]
    if len(defaults) != 1:
        raise KnowledgeError(
            file, entry, f"needs exactly one topic of kind '{WHAT_NOW}' beside its todo topics"
        )
    if defaults[0].platforms:
        raise KnowledgeError(
            file, f"{entry}.{defaults[0].id}", f"a '{WHAT_NOW}' topic is for every platform"
        )
