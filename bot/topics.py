"""Choose an intent's finer topic from the question's words, and check topics are choosable."""

from __future__ import annotations

from .knowledge import Intent, KnowledgeBase, Topic
from .segment import Segmenter


class TopicChooser:
    """Picks the topic whose `when` words the question names: as written in the simplified
    text, or in synonym-mapped form ('爸妈' finds a topic listing '父母')."""

    def __init__(self, kb: KnowledgeBase, segmenter: Segmenter) -> None:
        self._forms: dict[str, tuple[str, ...]] = {}
        for intent in kb.intents.values():
            for topic in intent.topics:
                for word in topic.when:
                    if word not in self._forms:
                        mapped = "".join(kb.synonyms.get(w, w) for w in segmenter.cut(word.lower()))
                        self._forms[word] = tuple(dict.fromkeys((word.lower(), mapped)))

    def _hit(self, word: str, raw: str, joined: str) -> bool:
        forms = self._forms.get(word, (word,))
        return any(f in raw or f in joined for f in forms)

    def choose(
        self,
        item: Intent,
        raw: str,
        joined: str = "",
        platform: str | None = None,
        focus: str | None = None,
    ) -> Topic | None:
        """The topic with the most `when` words in the question (a word in the clause that
        asks counts double), then the longest word, then the earlier topic; None when no
        topic's words are there (the general question). A topic limited to platforms
        applies only when the question names one of them."""
        best, best_key = None, (0, 0)
        for topic in item.topics:
            if topic.platforms and platform not in topic.platforms:
                continue
            hits = [w for w in topic.when if self._hit(w, raw, joined)]
            if not hits:
                continue
            weight = sum(2 if focus and w in focus else 1 for w in hits)
            key = (weight, max(len(w) for w in hits))
            if key > best_key:
                best, best_key = topic, key
        return best
