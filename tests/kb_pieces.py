"""The answer pieces of a knowledge base (general answers, topics, stages), for audit checks."""

from __future__ import annotations

from collections.abc import Iterable

from bot.knowledge import KnowledgeBase


def answer_pieces(
    kb: KnowledgeBase, intent_ids: Iterable[str], stages: bool = False
) -> list[tuple[str, str, tuple[str, ...]]]:
    """(name, text, sources) of each general answer and topic answer of `intent_ids`, and
    with `stages` of every timeline stage first ('stage:<id>')."""
    found = [(f"stage:{s.id}", s.happens + s.todo, s.sources) for s in kb.stages] if stages else []
    for intent_id in intent_ids:
        intent = kb.intents[intent_id]
        found.append((intent_id, intent.answer, intent.sources))
        found += [(f"{intent_id}.{t.id}", t.answer, t.sources) for t in intent.topics]
    return found
