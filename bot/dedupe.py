"""Answer each message id once: a retry waits for, and gets, the first attempt's reply."""

from __future__ import annotations

import asyncio
import sys
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

TTL = 60.0  # WeChat retries within ~15 s; kept well past that
MAX_BYTES = 16 * 1024 * 1024  # the replies kept, by sys.getsizeof, plus a fixed cost per entry
ENTRY_OVERHEAD = 400  # bytes: the ordered-dict node, the tuple, the future, the float


def dedupe_key(endpoint: str, user: str, message_id: str) -> str:
    """The retry key of one message: ids are unique per endpoint and sender, not globally.

    `user` is the log-safe tag of the sender (and chat), so two users' equal message ids
    never share a reply, and the key carries no raw id.
    """
    return f"{endpoint}|{user}|{message_id}"


def _size(key: str, result: Any = None) -> int:
    return ENTRY_OVERHEAD + sys.getsizeof(key) + (sys.getsizeof(result) if result else 0)


class Dedupe:
    """Remembers message ids for `ttl` seconds with their (pending or finished) replies.

    Bounded by age, by entry count and by bytes: the oldest entries go first.
    """

    def __init__(
        self,
        ttl: float = TTL,
        max_entries: int = 100_000,
        max_bytes: int = MAX_BYTES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl, self._max, self._max_bytes, self._clock = ttl, max_entries, max_bytes, clock
        self._entries: OrderedDict[str, tuple[float, asyncio.Future[Any], int]] = OrderedDict()
        self.bytes = 0  # the estimated size of what is kept

    def __len__(self) -> int:
        return len(self._entries)

    def _forget_old(self, now: float) -> None:
        while self._entries:
            key, (stamp, _, size) = next(iter(self._entries.items()))
            if (
                now - stamp <= self._ttl
                and len(self._entries) <= self._max
                and self.bytes <= self._max_bytes
            ):
                return
            del self._entries[key]
            self.bytes -= size

    def _forget(self, key: str, future: asyncio.Future[Any]) -> None:
        entry = self._entries.get(key)
        if entry is not None and entry[1] is future:
            del self._entries[key]
            self.bytes -= entry[2]

    async def once(self, key: str | None, work: Callable[[], Awaitable[Any]]) -> Any:
        """The result of `work()`, run at most once per `key` (None: always run)."""
        if key is None:
            return await work()
        now = self._clock()
        self._forget_old(now)
        seen = self._entries.get(key)
        if seen is not None:
            # shield: a retry that gives up must not cancel the first attempt's work.
            return await asyncio.shield(seen[1])
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        size = _size(key)
        self._entries[key] = (now, future, size)  # recorded before the work starts
        self.bytes += size
        try:
            result = await work()
        except BaseException as exc:
            # A failure is not remembered: the next retry tries again.
            self._forget(key, future)
            if isinstance(exc, Exception):
                future.set_exception(exc)
                future.exception()  # marks it retrieved when no retry is waiting
            else:
                future.cancel()
            raise
        future.set_result(result)
        entry = self._entries.get(key)
        if entry is not None and entry[1] is future:  # not already pushed out
            grown = _size(key, result)
            self._entries[key] = (entry[0], future, grown)
            self.bytes += grown - entry[2]
            self._forget_old(self._clock())
        return result


class OnceStore(Protocol):
    """What a front end needs of a dedupe store: Dedupe here, RedisDedupe across workers."""

    async def once(self, key: str | None, work: Callable[[], Awaitable[Any]]) -> Any:
        """The result of `work()`, run at most once per `key` (None: always run)."""
        ...
