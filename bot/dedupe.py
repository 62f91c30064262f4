"""Answer each message id once: a retry waits for, and gets, the first attempt's reply."""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any


def dedupe_key(endpoint: str, user: str, message_id: str) -> str:
    """The retry key of one message: ids are unique per endpoint and sender, not globally.

    `user` is the log-safe tag of the sender (and chat), so two users' equal message ids
    never share a reply, and the key carries no raw id.
    """
    return f"{endpoint}|{user}|{message_id}"


class Dedupe:
    """Remembers message ids for `ttl` seconds with their (pending or finished) replies."""

    def __init__(
        self,
        ttl: float = 300.0,
        max_entries: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl, self._max, self._clock = ttl, max_entries, clock
        self._entries: OrderedDict[str, tuple[float, asyncio.Future[Any]]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def _forget_old(self, now: float) -> None:
        while self._entries:
            key, (stamp, _) = next(iter(self._entries.items()))
            if now - stamp <= self._ttl and len(self._entries) <= self._max:
                return
            del self._entries[key]

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
        self._entries[key] = (now, future)  # recorded before the work starts
        try:
            result = await work()
        except BaseException as exc:
            # A failure is not remembered: the next retry tries again.
            if key in self._entries and self._entries[key][1] is future:
                del self._entries[key]
            if isinstance(exc, Exception):
                future.set_exception(exc)
                future.exception()  # marks it retrieved when no retry is waiting
            else:
                future.cancel()
            raise
        future.set_result(result)
        return result
