"""Helpfulness counts per intent and topic (👍 / 👎), and each user's last answer to vote on."""

from __future__ import annotations

import json
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # redis is an optional dependency
    from .redis_link import RedisLink

LAST_TTL = 1800.0  # seconds after an answer that 有用 / 没用 still refer to it
MAX_USERS = 10_000


@dataclass(frozen=True)
class Answered:
    """What a user's last answer was about; `question` (scrubbed) only when misses are logged."""

    intent: str
    topic: str | None = None
    question: str | None = None


@dataclass(frozen=True)
class Tally:
    """Votes for one intent or topic."""

    up: int = 0
    down: int = 0

    @property
    def rate(self) -> float | None:
        """The share of 👍 among the votes, None without votes."""
        total = self.up + self.down
        return self.up / total if total else None


def keys_of(intent: str, topic: str | None) -> list[str]:
    """What one vote counts for: the intent, and its finer topic ('<intent>.<topic>') if any."""
    return [intent] if not topic else [intent, topic]


class FeedbackStore(Protocol):
    """Where the counts and the last answers live."""

    async def count(self, intent: str, topic: str | None, helpful: bool) -> None:
        """Add one vote."""
        ...

    async def counts(self) -> dict[str, Tally]:
        """Every intent's and topic's votes."""
        ...

    def remember(self, user: str, answered: Answered) -> None:
        """Keep `user`'s last answer (replacing the previous one)."""
        ...

    def forget(self, user: str) -> None:
        """Drop `user`'s last answer (a reply nobody should vote on)."""
        ...

    async def recall(self, user: str) -> Answered | None:
        """Take `user`'s last answer (one vote per answer), None if there is none or it expired."""
        ...


class MemoryFeedback:
    """Counts and last answers in this process."""

    def __init__(
        self,
        ttl: float = LAST_TTL,
        max_users: int = MAX_USERS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl, self._max, self._clock = ttl, max_users, clock
        self._votes: Counter[tuple[str, bool]] = Counter()
        self._last: OrderedDict[str, tuple[float, Answered]] = OrderedDict()

    async def count(self, intent: str, topic: str | None, helpful: bool) -> None:
        """Add one vote to the intent and the topic."""
        for key in keys_of(intent, topic):
            self._votes[key, helpful] += 1

    async def counts(self) -> dict[str, Tally]:
        """The votes so far."""
        keys = {key for key, _ in self._votes}
        return {k: Tally(self._votes[k, True], self._votes[k, False]) for k in sorted(keys)}

    def remember(self, user: str, answered: Answered) -> None:
        """Keep the answer, evicting the least recently answered user when full."""
        self._last[user] = (self._clock(), answered)
        self._last.move_to_end(user)
        while len(self._last) > self._max:
            self._last.popitem(last=False)

    def forget(self, user: str) -> None:
        """Drop the user's last answer."""
        self._last.pop(user, None)

    async def recall(self, user: str) -> Answered | None:
        """Pop the user's last answer if it is recent."""
        item = self._last.pop(user, None)
        if item is None or self._clock() - item[0] > self._ttl:
            return None
        return item[1]


class RedisFeedback(MemoryFeedback):
    """Counts in a Redis hash per intent (HINCRBY), last answers as keys with a TTL, through
    the server's RedisLink (shared by every worker); this process's memory while it is away."""

    def __init__(self, link: RedisLink, ttl: float = LAST_TTL) -> None:
        super().__init__(ttl=ttl)
        self.link = link

    async def count(self, intent: str, topic: str | None, helpful: bool) -> None:
        """HINCRBY the intent's hash (`overdue-bot:feedback:<intent>`): field up/down, and
        <topic>:up/down; in memory if Redis does not take it."""
        field = "up" if helpful else "down"
        key = self.link.key("feedback", intent)
        fields = [field if about == intent else f"{about}:{field}"
                  for about in keys_of(intent, topic)]

        async def op(client: Any) -> None:
            async with client.pipeline(transaction=False) as pipe:
                for name in fields:
                    pipe.hincrby(key, name, 1)
                await pipe.execute()

        async def memory() -> None:
            await MemoryFeedback.count(self, intent, topic, helpful)

        await self.link.call(op, memory)

    async def counts(self) -> dict[str, Tally]:
        """Every intent hash, read back into tallies."""
        votes: Counter[tuple[str, bool]] = Counter()
        client = self.link.client
        async for key in client.scan_iter(match=self.link.key("feedback", "*")):
            intent = _text(key).rsplit(":", 1)[-1]
            for field, value in (await client.hgetall(key)).items():
                name, _, kind = _text(field).rpartition(":")
                votes[name or intent, kind == "up"] += int(value)
        keys = {key for key, _ in votes}
        return {k: Tally(votes[k, True], votes[k, False]) for k in sorted(keys)}

    def remember(self, user: str, answered: Answered) -> None:
        """Keep it here and in Redis (sent with the next batch) for the other workers."""
        super().remember(user, answered)
        value = json.dumps(asdict(answered), ensure_ascii=False)
        self.link.post(("SET", self.link.key("last", user), value, "EX", int(self._ttl)))

    def forget(self, user: str) -> None:
        """Drop it here and in Redis."""
        super().forget(user)
        self.link.post(("DEL", self.link.key("last", user)))

    async def recall(self, user: str) -> Answered | None:
        """GETDEL from Redis (one vote per answer across workers), else from memory."""
        mine = await super().recall(user)
        away = object()

        async def memory() -> Any:
            return away

        raw = await self.link.call(lambda c: c.getdel(self.link.key("last", user)), memory)
        if raw is away:
            return mine
        if raw is None:
            return None  # voted on through another worker already, or expired
        try:
            return Answered(**json.loads(raw))
        except (ValueError, TypeError):
            return mine

    async def aclose_pending(self) -> None:
        """Wait until the writes posted so far are done."""
        await self.link.batch.drain()

    async def aclose(self) -> None:
        """Send what is queued and close the link."""
        await self.link.aclose()


def _text(value: str | bytes) -> str:
    return value.decode() if isinstance(value, bytes) else value


def feedback_store(link: RedisLink | None) -> FeedbackStore:
    """Redis through the server's link, or memory without one."""
    return MemoryFeedback() if link is None else RedisFeedback(link)


def store_from_env(environ: Mapping[str, str]) -> FeedbackStore:
    """For front ends without the server's link: Redis when REDIS_URL is set, else memory."""
    url = (environ.get("REDIS_URL") or "").strip()
    if not url:
        return MemoryFeedback()
    try:
        from .redis_link import RedisLink
    except ImportError:
        raise ValueError(
            "REDIS_URL is set but the redis package is not installed: "
            "pip install 'overdue-bot[wechat]'"
        ) from None
    return RedisFeedback(RedisLink(url))
