"""Dedupe.once across workers: an in-flight marker set atomically in Redis, then the reply."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

from .dedupe import Dedupe
from .redis_batch import Script
from .redis_link import RedisLink

PENDING = "p"  # the marker of a message being answered; a finished one holds "d" + JSON
PENDING_TTL = 10.0  # seconds a marker outlives a worker that died while answering
# WeChat retries within ~15 s; a reply (up to 2 KB) is kept four times that, so Redis holds
# about 2 KB x messages per minute for dedupe.
TTL = 60.0

# Claim the key, or read what is there: atomic, and one round trip (SET NX GET needs Redis 7).
CLAIM = Script("""
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return false end
return redis.call('GET', KEYS[1])
""")

_OURS = object()  # we hold the marker (or Redis is away): answer


class RedisDedupe:
    """Answers each key once across every worker sharing the Redis; retries get that answer.

    Copies arriving at one worker wait on its own in-memory Dedupe, so only one of them asks
    Redis; a copy at another worker finds the marker and polls until the reply is there."""

    def __init__(
        self, link: RedisLink, ttl: float = TTL, pending_ttl: float = PENDING_TTL
    ) -> None:
        self.link, self.ttl, self.pending_ttl = link, ttl, pending_ttl
        self.local = Dedupe(ttl=ttl)

    async def once(self, key: str | None, work: Callable[[], Awaitable[Any]]) -> Any:
        """The result of `work()`, run at most once per `key` in all workers (None: always)."""
        if key is None:
            return await work()
        return await self.local.once(key, lambda: self._shared(self.link.key("dedupe", key), work))

    async def _shared(self, key: str, work: Callable[[], Awaitable[Any]]) -> Any:
        deadline = time.monotonic() + self.pending_ttl
        delay = 0.002
        while True:
            found = await self.link.call(lambda client: self._read(key), self._answer_here)
            if found is _OURS:
                break
            if found is not None:
                return found[0]  # answered by another worker
            if time.monotonic() > deadline:
                break  # the other worker is stuck: better a second answer than none
            await asyncio.sleep(delay)
            delay = min(delay * 2, 0.05)
        try:
            result = await work()
        except BaseException:
            self.link.post(("DEL", key))  # the next retry tries again
            raise
        # Not waited for: a copy at another worker polls until it is there.
        self.link.post(("SET", key, "d" + json.dumps(result, ensure_ascii=False), "PX",
                        int(self.ttl * 1000)))
        return result

    async def _read(self, key: str) -> Any:
        """_OURS if we set the marker, None while another worker answers, else (its result,)."""
        args = [PENDING, int(self.pending_ttl * 1000)]
        value = await self.link.batch.script(CLAIM, [key], args)
        if value is None:
            return _OURS
        if value == PENDING:
            return None
        return (json.loads(value[1:]),)

    @staticmethod
    async def _answer_here() -> Any:
        return _OURS
