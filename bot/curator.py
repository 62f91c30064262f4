"""The curator's loop at run time: log what the bot missed, take 👍 / 👎 on what it answered."""

from __future__ import annotations

import logging
import os
from collections import OrderedDict
from collections.abc import Mapping

from .engine import Engine, Reply
from .feedback import Answered, FeedbackStore, MemoryFeedback, store_from_env
from .ids import GREETING
from .misses import MissLog, front_of
from .scrub import scrub
from .text import to_simplified

logger = logging.getLogger("bot.feedback")

_TRIM = " \t\r\n。！!，,.~～…?？"
MAX_WORD = 16  # characters: anything longer is a question, not 有用 / 没用
MAX_BALLOTS = 100_000  # Telegram messages remembered as voted on, against repeated presses


def votable(reply: Reply) -> bool:
    """Whether a reply asks for 👍 / 👎: a real answer, not a fallback or a greeting."""
    return reply.intent is not None and reply.intent != GREETING


class Curator:
    """One per front end: the misses log (None: off), the feedback store, repeated-vote guard."""

    def __init__(self, store: FeedbackStore | None = None, misses: MissLog | None = None) -> None:
        self.store = store if store is not None else MemoryFeedback()
        self.misses = misses
        self._ballots: OrderedDict[str, None] = OrderedDict()

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Curator:
        """OVERDUE_BOT_MISSES turns the log on; REDIS_URL keeps the counts in Redis."""
        environ = os.environ if environ is None else environ
        return cls(store_from_env(environ), MissLog.from_env(environ))

    def answered(self, engine: Engine, user: str, question: str, reply: Reply) -> None:
        """After `engine` answered `question`: log it if it missed (a stray 有用 / 没用 is no
        question to learn from); remember it for the user's vote, with the scrubbed question
        if a 👎 would be news (a question logged as a miss already is not logged twice)."""
        logged = False
        if self.misses is not None and self.word(engine, question) is None:
            logged = self.misses.answered(front_of(user), question, reply, engine.threshold)
        if votable(reply):
            assert reply.intent is not None
            text = scrub(question) if self.misses is not None and not logged else None
            self.store.remember(user, Answered(reply.intent, reply.topic, text))
        else:
            self.store.forget(user)

    @staticmethod
    def word(engine: Engine, text: str) -> bool | None:
        """True for a 'helpful' word (有用), False for 'not helpful' (没用), else None."""
        if len(text) > MAX_WORD:
            return None  # a question, not a vote: no conversion needed
        # Lone surrogates (from a broken client) are dropped: OpenCC takes only valid UTF-8.
        said = to_simplified(text.strip(_TRIM).lower().encode("utf-8", "ignore").decode())
        if said in engine.kb.messages["feedback_up_words"]:
            return True
        if said in engine.kb.messages["feedback_down_words"]:
            return False
        return None

    async def take_word(self, engine: Engine, user: str, text: str) -> str | None:
        """If `text` is 有用 / 没用 right after an answer: count it and return the thanks to say;
        None when it is not a vote (then it is answered as a question)."""
        helpful = self.word(engine, text)
        if helpful is None:
            return None
        last = await self.store.recall(user)
        if last is None:
            return None
        await self._count(front_of(user), helpful, last)
        return engine.message("feedback_thanks" if helpful else "feedback_sorry",
                              engine_traditional(text))

    async def vote(
        self, user: str, helpful: bool, intent: str, topic: str | None, ballot: str
    ) -> bool:
        """A button vote on one message (`ballot` names it); False if that message was voted on."""
        if ballot in self._ballots:
            return False
        self._ballots[ballot] = None
        while len(self._ballots) > MAX_BALLOTS:
            self._ballots.popitem(last=False)
        last = await self.store.recall(user) if not helpful else None
        question = last.question if last and (last.intent, last.topic) == (intent, topic) else None
        await self._count(front_of(user), helpful, Answered(intent, topic, question))
        return True

    async def _count(self, front: str, helpful: bool, last: Answered) -> None:
        await self.store.count(last.intent, last.topic, helpful)
        logger.info("feedback front=%s intent=%s topic=%s helpful=%s",
                    front, last.intent, last.topic, helpful)
        if self.misses is not None:
            self.misses.feedback(front, helpful, last.intent, last.topic, last.question)


def engine_traditional(text: str) -> bool:
    """Whether a short reply like 沒用 is in traditional script."""
    return to_simplified(text) != text
