"""Remember, per user, what the last question was about, for follow-ups."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Context:
    """What a user's previous question was about."""

    intent: str | None
    days: int | None
    platform: str | None


class ConversationStore:
    """The last context of each user, forgotten after `ttl` seconds; at most `max_users` kept."""

    def __init__(
        self,
        ttl: float = 1800.0,
        max_users: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl, self._max, self._clock = ttl, max_users, clock
        self._items: OrderedDict[str, tuple[float, Context]] = OrderedDict()

    def get(self, user: str) -> Context | None:
        """The user's context, or None if there is none or it has expired."""
        item = self._items.get(user)
        if item is None:
            return None
        stamp, context = item
        if self._clock() - stamp > self._ttl:
            del self._items[user]
            return None
        return context

    def put(self, user: str, context: Context) -> None:
        """Remember `context` for `user`, evicting the least recently seen user if full."""
        self._items[user] = (self._clock(), context)
        self._items.move_to_end(user)
        while len(self._items) > self._max:
            self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)
