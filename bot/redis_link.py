"""The server's Redis (REDIS_URL): one connection pool per worker, an outage noticed only once."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import redis.asyncio as aioredis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from .redis_batch import Batcher

logger = logging.getLogger("bot.redis")

T = TypeVar("T")
PREFIX = "overdue-bot:"  # every key this project writes starts with it
PROBE_EVERY = 1.0  # seconds between attempts to reach Redis while it is away
MAX_CONNECTIONS = 32  # per worker: concurrent requests' commands share a pipeline
TIMEOUT = 0.5  # seconds a command or a connection attempt may take before Redis counts as away


class RedisLink:
    """A redis-py asyncio client and what to do without it: `call` falls back while Redis is away.

    Other features (feedback counters, ...) reuse the server's link, `app.state.redis_link`:
    `await link.call(lambda client: client.incr(link.key("x")), fallback)`, or, batched with
    the concurrent requests' commands, `link.batch.execute("INCR", link.key("x"))`."""

    def __init__(
        self,
        url: str,
        *,
        timeout: float = TIMEOUT,
        probe_every: float = PROBE_EVERY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        # A bounded pool whose requests wait for a free connection (up to `timeout`) rather
        # than fail; one retry on a fresh connection: pooled ones are stale after a restart.
        pool = aioredis.BlockingConnectionPool.from_url(
            url,
            max_connections=MAX_CONNECTIONS,
            timeout=timeout,
            socket_timeout=timeout,
            socket_connect_timeout=timeout,
            retry=Retry(NoBackoff(), 1),
            decode_responses=True,
        )
        self.client: aioredis.Redis = aioredis.Redis.from_pool(pool)  # closes it too
        self.batch = Batcher(self.client)
        self._probe_every, self._clock = probe_every, clock
        self._down_since: float | None = None
        self._next_probe = 0.0

    @staticmethod
    def key(*parts: str) -> str:
        """A key of this project: `overdue-bot:` and the parts joined by `:`."""
        return PREFIX + ":".join(parts)

    @property
    def down(self) -> bool:
        """Whether the last attempt to use Redis failed."""
        return self._down_since is not None

    def _away(self) -> bool:
        return self._down_since is not None and self._clock() < self._next_probe

    async def call(
        self,
        op: Callable[[aioredis.Redis], Awaitable[T]],
        fallback: Callable[[], Awaitable[T]],
    ) -> T:
        """`op(client)`, or `fallback()` while Redis is away (tried again every second)."""
        if self._away():
            return await fallback()
        try:
            result = await op(self.client)
        except (RedisError, OSError) as exc:
            self._failed(exc)
            return await fallback()
        self._succeeded()
        return result

    def post(self, *commands: tuple[Any, ...]) -> bool:
        """Send writes with the next batch without waiting for them; False while Redis is away.

        A reply goes out without waiting for its bookkeeping's round trip; a failed write
        counts as an outage like any other."""
        if self._away():
            return False
        for command in commands:
            self.batch.submit(*command).add_done_callback(self._posted)
        return True

    async def write(self, *commands: tuple[Any, ...]) -> bool:
        """Send writes with the next batch and wait for them (with everything queued before
        them in that batch); False while Redis is away or when they fail (an outage)."""
        if self._away():
            return False
        try:
            await asyncio.gather(*(self.batch.submit(*command) for command in commands))
        except (RedisError, OSError) as exc:
            self._failed(exc)
            return False
        self._succeeded()
        return True

    def _posted(self, future: asyncio.Future[Any]) -> None:
        if future.cancelled():
            return
        exc = future.exception()
        if exc is None:
            self._succeeded()
        elif isinstance(exc, RedisError | OSError):
            self._failed(exc)
        else:  # pragma: no cover - a bug, not an outage
            logger.error("a Redis write failed", exc_info=exc)

    def _succeeded(self) -> None:
        if self._down_since is not None:
            away = self._clock() - self._down_since
            logger.warning("Redis is back after %.1f s: state is shared again", away)
            self._down_since = None

    def _failed(self, exc: BaseException) -> None:
        now = self._clock()
        self._next_probe = now + self._probe_every
        if self._down_since is None:
            self._down_since = now
            # Once per outage, not once per message.
            logger.warning(
                "Redis unavailable (%s: %s): answering on with this worker's memory only "
                "(no shared dedupe, context or rate limit) until it is back",
                type(exc).__name__, exc,
            )

    async def aclose(self) -> None:
        """Send what is queued, then close the pool (at the server's shutdown)."""
        await self.batch.drain()
        await self.client.aclose()
