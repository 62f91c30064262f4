"""What every webhook front end does with one message: dedupe, rate limit, answer, shorten."""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Literal

from .curator import Curator
from .dedupe import Dedupe
from .engine import Engine, Reply
from .ratelimit import RateLimiter
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
        self, engine: Engine, limiter: RateLimiter, dedupe: Dedupe, curator: Curator | None = None
    ) -> None:
        self.engine, self.limiter, self.dedupe = engine, limiter, dedupe
        self.curator = curator if curator is not None else Curator()
        self._rest: OrderedDict[str, tuple[str, bool]] = OrderedDict()  # user -> unsent part
        self._more_words = frozenset(engine.kb.messages["more_words"])

    async def respond(self, msg: Inbound, limit: int | None = None) -> str | None:
        """The reply to `msg`, at most `limit` bytes; a repeated `msg.key` gets the same one."""

        async def work() -> str | None:
            if msg.kind == "text":  # 有用 / 没用 right after an answer is a vote, not a question
                thanks = await self.curator.take_word(self.engine, msg.user, msg.text)
                if thanks is not None:
                    return thanks
            return self._reply(msg, limit)

        try:
            return await self.dedupe.once(msg.key, work)
        except Exception:
            logger.exception("answering failed user=%s kind=%s", msg.user, msg.kind)
            return self.engine.message("error")

    def _reply(self, msg: Inbound, limit: int | None) -> str | None:
        started = time.perf_counter()
        if msg.kind == "silent":
            return None
        if msg.kind == "welcome":
            return self.engine.message("welcome")
        if not self.limiter.allow(msg.user):
            logger.info("rate limited user=%s", msg.user)
            return self.engine.message("rate_limited")
        if msg.kind == "non_text":
            return self.engine.message("non_text")
        if limit is not None and msg.user in self._rest and self._asks_for_more(msg.text):
            rest, traditional = self._rest.pop(msg.user)
            return self._fit(msg.user, rest, limit, traditional)
        self._rest.pop(msg.user, None)  # a new question: the old remainder is stale
        reply = self.engine.answer(msg.text, user=msg.user)
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
        return text if limit is None else self._fit(msg.user, text, limit, reply.traditional)

    def render(self, reply: Reply) -> str:
        """A reply as one text message: the answer, then the related questions."""
        if reply.intent is None or not reply.suggestions:
            return reply.answer  # a fallback answer already lists its suggestions
        intro = self.engine.message("also_asked", reply.traditional)
        return reply.answer + "\n\n" + intro + "\n" + "\n".join(f"· {s}" for s in reply.suggestions)

    def _asks_for_more(self, text: str) -> bool:
        return to_simplified(text.strip().lower()) in self._more_words

    def _fit(self, user: str, text: str, limit: int, traditional: bool) -> str:
        pointer = self.engine.message("more_pointer", traditional)
        head, rest = shorten(text, limit, pointer)
        if rest:
            self._rest[user] = (rest, traditional)
            self._rest.move_to_end(user)
            while len(self._rest) > 10_000:
                self._rest.popitem(last=False)
        return head
