"""Helpfulness counts per intent and topic (👍 / 👎), and each user's last answer to vote on."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Coroutine
from dataclasses import asdict, dataclass
from typing import Any, Protocol

logger = logging.getLogger("bot.feedback")

LAST_TTL = 1800.0  # seconds after an answer that 有用 / 没用 still refer to it
MAX_USERS = 10_000
PREFIX = "overdue-bot:"


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
    """Counts in a Redis hash per intent (HINCRBY), last answers as keys with a TTL; shared by
    every worker. While Redis is unreachable this process's memory stands in."""

    def __init__(
        self,
        client: Any,
        prefix: str = PREFIX,
        ttl: float = LAST_TTL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(ttl=ttl, clock=clock)
        self.client, self.prefix = client, prefix
        self._tasks: set[asyncio.Task[Any]] = set()
        self._retry_at: float | None = None  # while Redis is away: when to try it again

    def _key(self, *parts: str) -> str:
        return self.prefix + ":".join(parts)

    async def count(self, intent: str, topic: str | None, helpful: bool) -> None:
        """HINCRBY the intent's hash: field up/down, and <topic>:up/down."""
        field = "up" if helpful else "down"

        async def op() -> bool:
            async with self.client.pipeline(transaction=False) as pipe:
                for key in keys_of(intent, topic):
                    pipe.hincrby(self._key("feedback", intent), field if key == intent
                                 else f"{key}:{field}", 1)
                await pipe.execute()
            return True

        if not await self._call(op(), False):
            await super().count(intent, topic, helpful)

    async def counts(self) -> dict[str, Tally]:
        """Every intent hash under the prefix, read back into tallies."""
        votes: Counter[tuple[str, bool]] = Counter()
        async for key in self.client.scan_iter(match=self._key("feedback", "*")):
            intent = _text(key).rsplit(":", 1)[-1]
            for field, value in (await self.client.hgetall(key)).items():
                name, _, kind = _text(field).rpartition(":")
                votes[name or intent, kind == "up"] += int(value)
        keys = {key for key, _ in votes}
        return {k: Tally(votes[k, True], votes[k, False]) for k in sorted(keys)}

    def remember(self, user: str, answered: Answered) -> None:
        """Keep it here and, in the background, in Redis for the other workers."""
        super().remember(user, answered)
        value = json.dumps(asdict(answered), ensure_ascii=False)
        self._spawn(self.client.set(self._key("last", user), value, ex=int(self._ttl)))

    def forget(self, user: str) -> None:
        """Drop it here and in Redis."""
        super().forget(user)
        self._spawn(self.client.delete(self._key("last", user)))

    async def recall(self, user: str) -> Answered | None:
        """GETDEL from Redis (so one vote per answer across workers), else from memory."""
        mine = await super().recall(user)
        away = object()
        raw = await self._call(self.client.getdel(self._key("last", user)), away)
        if raw is away:
            return mine
        if raw is None:
            return None  # already voted on through another worker, or expired
        try:
            return Answered(**json.loads(raw))
        except (ValueError, TypeError):
            return mine

    async def _call(self, op: Coroutine[Any, Any, Any], fallback: Any) -> Any:
        """`await op`, or `fallback` while Redis is away (tried again once a second); an outage
        is logged when it starts and when it ends, not once a vote."""
        if self._retry_at is not None and self._clock() < self._retry_at:
            op.close()
            return fallback
        try:
            result = await op
        except Exception as exc:  # redis-py's errors and OSError alike: never fail a reply
            if self._retry_at is None:
                logger.warning("Redis unavailable for feedback (%s); counting in memory",
                               type(exc).__name__)
            self._retry_at = self._clock() + 1.0
            return fallback
        if self._retry_at is not None:
            logger.warning("Redis is back: feedback is counted there again")
            self._retry_at = None
        return result

    def _spawn(self, op: Coroutine[Any, Any, Any]) -> None:
        async def run() -> None:
            await self._call(op, None)

        try:
            task = asyncio.get_running_loop().create_task(run())
        except RuntimeError:  # no event loop (a synchronous caller): memory only
            op.close()
            return
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def aclose_pending(self) -> None:
        """Wait for the background writes started so far."""
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def aclose(self) -> None:
        """Wait for background writes, then close the client."""
        await self.aclose_pending()
        await self.client.aclose()


def _text(value: str | bytes) -> str:
    return value.decode() if isinstance(value, bytes) else value


def store_from_env(environ: dict[str, str] | Any) -> FeedbackStore:
    """Redis when REDIS_URL is set (the `redis` package is needed), else memory."""
    url = (environ.get("REDIS_URL") or "").strip()
    if not url:
        return MemoryFeedback()
    try:
        import redis.asyncio as aioredis
    except ImportError:
        raise ValueError(
            "REDIS_URL is set but the redis package is not installed: "
            "pip install 'overdue-bot[wechat]'"
        ) from None

    client = aioredis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
    return RedisFeedback(client)
