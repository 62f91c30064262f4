"""Per-user state in Redis, shared by every worker and machine: one round trip in, one out."""

from __future__ import annotations

import json
import math
from dataclasses import asdict
from typing import Any

from .conversation import Context
from .redis_batch import Script
from .redis_link import RedisLink
from .state import CONTEXT_TTL, REST_TTL, MemoryState, Rest, Turn

# A token bucket per rate key, on Redis's clock (workers' clocks may differ), then, only if
# the message is allowed, the user's context and rest: one atomic round trip.
BEGIN = Script("""
local rate, burst, ttl = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local bucket = redis.call('HMGET', KEYS[1], 't', 's')
local tokens = tonumber(bucket[1]) or burst
local stamp = tonumber(bucket[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - stamp) * rate)
local allowed = tokens >= 1
if allowed then tokens = tokens - 1 end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 's', tostring(now))
redis.call('EXPIRE', KEYS[1], ttl)
if not allowed then return {0} end
return {1, redis.call('GET', KEYS[2]), redis.call('GET', KEYS[3])}
""")


def _context(raw: str | None) -> Context | None:
    if raw is None:
        return None
    try:
        return Context(**json.loads(raw))
    except (ValueError, TypeError):  # written by another version: start afresh
        return None


def _rest(raw: str | None) -> Rest | None:
    if raw is None:
        return None
    try:
        text, traditional = json.loads(raw)
        return Rest(str(text), bool(traditional))
    except (ValueError, TypeError):
        return None


class RedisState:
    """The UserState protocol on Redis; this worker's memory while Redis is away."""

    def __init__(self, link: RedisLink, rate: float, burst: int, fallback: MemoryState) -> None:
        self.link, self.rate, self.burst, self.fallback = link, rate, burst, fallback
        # A bucket left alone this long is full again: it can go.
        self.bucket_ttl = math.ceil(burst / rate) + 1 if rate > 0 else CONTEXT_TTL

    def _keys(self, user: str) -> tuple[str, str]:
        return self.link.key("ctx", user), self.link.key("rest", user)

    async def begin(self, rate_key: str, user: str) -> Turn:
        """Take a token and read the context and rest, atomically, in one round trip."""

        async def shared(client: Any) -> Turn:
            keys = [self.link.key("rate", rate_key), *self._keys(user)]
            args = [self.rate, self.burst, self.bucket_ttl]
            found = await self.link.batch.script(BEGIN, keys, args)
            if not found[0]:
                return Turn(user, allowed=False)
            return Turn(user, True, _context(found[1]), _rest(found[2]))

        return await self.link.call(shared, lambda: self.fallback.begin(rate_key, user))

    async def end(self, turn: Turn) -> None:
        """Send the new context and rest, and wait for them, so that the user's next message
        finds them at any worker, along with the answer remembered for a vote, queued
        before them in the same batch (memory while Redis is away)."""
        context_key, rest_key = self._keys(turn.user)
        writes: list[tuple[Any, ...]] = []
        if turn.new_context is not None:
            value = json.dumps(asdict(turn.new_context), ensure_ascii=False)
            writes.append(("SET", context_key, value, "EX", CONTEXT_TTL))
        if turn.rest_changed and turn.new_rest is None:
            writes.append(("DEL", rest_key))
        elif turn.new_rest is not None:
            rest = [turn.new_rest.text, turn.new_rest.traditional]
            writes.append(("SET", rest_key, json.dumps(rest, ensure_ascii=False), "EX", REST_TTL))
        if writes and not await self.link.write(*writes):
            await self.fallback.end(turn)
