"""Names shared by the matcher, arbiter, composer and engine: special intents and levels."""

from __future__ import annotations

__all__ = ["ALWAYS_FIRST", "DECISIVE", "DISTRESS", "GREETING", "OUT_OF_SCOPE", "TIMELINE"]

TIMELINE = "timeline"  # a day count and no topic: that stage and the next
DISTRESS = "distress"  # the crisis reply, before anything else
GREETING = "greeting"  # hello: nothing to remember
OUT_OF_SCOPE = "out_of_scope"  # next to the domain but not ours: answered like any unknown
DECISIVE = 3  # a keyword this strong names its intent
ALWAYS_FIRST = 3  # this priority (distress) overtakes any leader: safety before relevance
