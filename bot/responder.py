"""What every webhook front end does with one message: dedupe, rate limit, answer, shorten."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Literal

from .curator import Curator
from .dedupe import OnceStore
from .engine import Engine, Reply
from .state import Rest, Turn, UserState, answer_in_turn
from .text import to_simplified

logger = logging.getLogger("bot.messages")

Kind = Literal["text", "welcome", "non_text", "silent"]


@dataclass(frozen=True)
class Inbound:
    """One platform message, translated: who (a log-safe tag), what kind, the text, its id."""

    user: str
    kind: Kind
    text: str = ""
    key: str | None = None  # the platform's message id, for retries; None: never deduplicated


def shorten(text: str, limit: int, pointer: str) -> tuple[str, str]:
    """Split `text` so the head plus `pointer` fits in `limit` UTF-8 bytes; never mid-character."""
    if len(text.encode()) <= limit:
        return text, ""
    budget = limit - len(pointer.encode())
    head = text.encode()[:budget].decode(errors="ignore")  # drops a cut character's bytes
    newline = head.rfind("\n")
    if newline > len(head) // 2:
        head = head[:newline]  # a whole line reads better than a cut sentence
    return head.rstrip() + pointer, text[len(head) :].lstrip()


class Responder:
    """Turns an Inbound into the reply text (None: say nothing), the same for every front end."""

    def __init__(
        self, engine: Engine, state: UserState, dedupe: OnceStore, curator: Curator | None = None
    ) -> None:
        self.engine, self.state, self.dedupe = engine, state, dedupe
        self.curator = curator if curator is not None else Curator()
        self._more_words = frozenset(engine.kb.messages["more_words"])

    async def respond(self, msg: Inbound, limit: int | None = None) -> str | None:
        """The reply to `msg`, at most `limit` bytes; a repeated `msg.key` gets the same one."""

        async def work() -> str | None:
            if msg.kind == "text":  # 有用 / 没用 right after an answer is a vote, not a question
                thanks = await self.curator.take_word(self.engine, msg.user, msg.text)
                if thanks is not None:
                    return thanks
            return await self._reply(msg, limit)

        try:
            return await self.dedupe.once(msg.key, work)
        except Exception:
            logger.exception("answering failed user=%s kind=%s", msg.user, msg.kind)
            return self.engine.message("error")

    async def _reply(self, msg: Inbound, limit: int | None) -> str | None:
        if msg.kind == "silent":
            return None
        if msg.kind == "welcome":
            return self.engine.message("welcome")
        turn = await self.state.begin(msg.user, msg.user)
        if not turn.allowed:
            logger.info("rate limited user=%s", msg.user)
            return self.engine.message("rate_limited")
        if msg.kind == "non_text":
            return self.engine.message("non_text")
        text = self._turn(turn, msg, limit)
        await self.state.end(turn)
        return text

    def _turn(self, turn: Turn, msg: Inbound, limit: int | None) -> str:
        started = time.perf_counter()
        if turn.rest is not None:
            turn.set_rest(None)  # sent now, or stale: a new question
            if limit is not None and self._asks_for_more(msg.text):
                return self._fit(turn, turn.rest.text, limit, turn.rest.traditional)
        reply = answer_in_turn(self.engine, turn, msg.text)
        self.curator.answered(self.engine, msg.user, msg.text, reply)
        logger.info(
            "answered user=%s intent=%s score=%.2f days=%s ms=%.1f",
            msg.user,
            reply.intent,
            reply.score,
            reply.days,
            (time.perf_counter() - started) * 1000,
        )
        text = self.render(reply)
        if limit is not None and len(text.encode()) > limit:
            text = reply.answer  # drop the suggestions before cutting the answer itself
        return text if limit is None else self._fit(turn, text, limit, reply.traditional)

    def render(self, reply: Reply) -> str:
        """A reply as one text message: the answer, then the related questions."""
        if reply.intent is None or not reply.suggestions:
            return reply.answer  # a fallback answer already lists its suggestions
        intro = self.engine.message("also_asked", reply.traditional)
        return reply.answer + "\n\n" + intro + "\n" + "\n".join(f"· {s}" for s in reply.suggestions)

    def _asks_for_more(self, text: str) -> bool:
        return to_simplified(text.strip().lower()) in self._more_words

    def _fit(self, turn: Turn, text: str, limit: int, traditional: bool) -> str:
        pointer = self.engine.message("more_pointer", traditional)
        head, rest = shorten(text, limit, pointer)
        if rest:
            turn.set_rest(Rest(rest, traditional))
        return head
