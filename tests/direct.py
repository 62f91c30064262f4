"""Helpers for the direct-answer tests (tests/test_direct_*.py): is the point asked answered
in the reply's first two sentences, as a reader meets them?"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from bot.engine import Engine

TODAY = date(2026, 11, 23)
_SENTENCE_END = re.compile(r"(?<=[。！？!?\n])")


def first_two(answer: str) -> str:
    """The reply's first two sentences, as a reader meets them."""
    parts = [p.strip() for p in _SENTENCE_END.split(answer) if p.strip()]
    return "".join(parts[:2])


def assert_direct(
    engine: Engine, question: str, where: str, needles: Sequence[str], absent: Sequence[str] = ()
) -> None:
    """The reply answers `where` ('intent.topic', or 'intent' for the general answer), and its
    first two sentences contain every needle and none of `absent`."""
    reply = engine.answer(question, today=TODAY)
    intent, _, topic = where.partition(".")
    assert reply.intent == intent, (question, reply.intent)
    assert reply.topic == (where if topic else None), (question, reply.topic)
    lead = first_two(reply.answer)
    for needle in needles:
        assert needle in lead, (question, needle, lead)
    for text in absent:
        assert text not in lead, (question, text, lead)
